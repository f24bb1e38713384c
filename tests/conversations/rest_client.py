"""A patient talking to the running assistant through the REST channel (contract.md): the one REST client of
the tests, the benchmark and the scripts (scripts/bench.py, scripts/blind_rest.py, tests/scale)."""

from __future__ import annotations

import http.client
import json
import os
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5005")
WEBHOOK = "/webhooks/rest/webhook"


class RestError(RuntimeError):
    """The channel answered a turn with another status than 200 (after the retries allowed for 429)."""

    def __init__(self, status: int, body: bytes) -> None:
        super().__init__(f"HTTP {status} from the REST channel: {body[:300]!r}")
        self.status, self.body = status, body


def exchange(
    body: bytes,
    content_type: str = "application/json",
    *,
    base: Optional[str] = None,
    timeout: float = 30,
    source: Optional[str] = None,
) -> Tuple[int, http.client.HTTPMessage, bytes]:
    """One POST of `body` to the REST webhook on a new connection, whatever the answer: (status, headers, body).
    `base`: the server (BASE_URL by default); `source`: the local address to send from (another loopback
    address, such as 127.0.0.2, is another client to a per-address limit such as the scaled set-up's nginx)."""
    url = urlsplit(base or BASE_URL)
    connection = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    conn = connection(url.hostname, url.port, timeout=timeout, source_address=(source, 0) if source else None)
    try:
        conn.request("POST", url.path.rstrip("/") + WEBHOOK, body, {"Content-Type": content_type})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def turn(sender: str, message: str, **kwargs: Any) -> Tuple[int, http.client.HTTPMessage, bytes]:
    """One turn sent once, whatever the answer (`exchange`'s keyword arguments)."""
    return exchange(json.dumps({"sender": sender, "message": message}).encode(), **kwargs)


def post(
    sender: str,
    message: str,
    timeout: float = 30,
    retries: int = 20,
    *,
    base: Optional[str] = None,
    source: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """One turn: the bot's messages. The channel refuses more than a few turns a second per conversation (429,
    bot/rate_limit.py): a script that types faster than a person waits as the server asks, as a well-behaved
    client does, up to `retries` tries in all (`retries=1`: a 429 is an error, as any status but 200 is)."""
    for attempt in range(1, retries + 1):
        status, headers, body = turn(sender, message, base=base, timeout=timeout, source=source)
        if status == 200:
            return json.loads(body or b"[]")
        if status != 429 or attempt == retries:
            raise RestError(status, body)
        time.sleep(float(headers.get("Retry-After") or 1) * 0.5)
    raise ValueError(f"retries must be at least 1, not {retries}")


def custom(msgs: List[Dict[str, Any]], key: str) -> Optional[Any]:
    for m in msgs:
        c = m.get("custom")
        if isinstance(c, dict) and key in c:
            return c[key]
    return None


def text(msgs: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text") or "" for m in msgs)


class Patient:
    def __init__(self) -> None:
        self.sender = "test-" + uuid.uuid4().hex[:12]
        self.latencies: List[float] = []
        self.transcript: List[str] = []

    def say(self, message: str) -> List[Dict[str, Any]]:
        t = time.perf_counter()
        msgs = post(self.sender, message)
        self.latencies.append(time.perf_counter() - t)
        self.transcript += [f"> {message}", text(msgs)]
        return msgs

    def tell(self, story: str, answers: Dict[str, str], max_turns: int = 16):
        """The story, then the answer to each question asked, until the assessment (or no question)."""
        msgs = self.say(story)
        turns, asked = 1, []
        while custom(msgs, "assessment") is None and turns < max_turns:
            ask = custom(msgs, "ask")
            if ask is None:
                break
            asked.append(ask)
            msgs = self.say(answers.get(ask, "I don't know"))
            turns += 1
        return custom(msgs, "assessment"), turns, asked
