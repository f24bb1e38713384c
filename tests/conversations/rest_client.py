"""A patient talking to the running assistant through the REST channel (contract.md)."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
import uuid
from typing import Any, Dict, List, Optional

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5005")


def post(sender: str, message: str, timeout: float = 30, retries: int = 20) -> List[Dict[str, Any]]:
    """One turn. The channel refuses more than a few turns a second per conversation (429, bot/rate_limit.py):
    a script that types faster than a person waits as the server asks, as a well-behaved client does."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    for _ in range(retries):
        req = urllib.request.Request(
            BASE_URL + "/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.loads(r.read() or b"[]")
        except urllib.error.HTTPError as e:
            if e.code != 429:
                raise
            time.sleep(float(e.headers.get("Retry-After") or 1) * 0.5)
    raise RuntimeError(f"still refused after {retries} tries")


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
