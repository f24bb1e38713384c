"""The one REST client (tests/conversations/rest_client.py) against a small local stand-in of the channel, and
no other code posting to the REST webhook by itself (code review 2026-12, item 8; issue 17)."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conversations import rest_client

ROOT = Path(__file__).resolve().parents[2]


class Channel(BaseHTTPRequestHandler):
    """Answers like Rasa's REST channel; refuses the first `refusals` turns with 429 and Retry-After."""

    refusals = 0
    seen: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append(
            {"path": self.path, "client": self.client_address[0], "type": self.headers["Content-Type"], "body": body}
        )
        if type(self).refusals > 0:
            type(self).refusals -= 1
            self._reply(429, [{"text": "too fast"}], {"Retry-After": "0.01"})
        else:
            try:
                message = json.loads(body)["message"]
            except (ValueError, KeyError, TypeError):
                self._reply(400, {"error": "bad"})
                return
            self._reply(200, [{"recipient_id": "x", "text": "echo " + message}, {"custom": {"ask": "stage"}}])

    def _reply(self, status, payload, headers=None):
        data = json.dumps(payload).encode()
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def channel():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Channel)
    Channel.refusals, Channel.seen = 0, []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_turn_gets_the_bots_messages(channel):
    msgs = rest_client.post("s-1", "hello", base=channel)
    assert rest_client.text(msgs) == "echo hello\n" and rest_client.custom(msgs, "ask") == "stage"
    (req,) = Channel.seen
    assert req["path"] == "/webhooks/rest/webhook" and req["type"] == "application/json"
    assert json.loads(req["body"]) == {"sender": "s-1", "message": "hello"}


def test_a_refused_turn_is_sent_again_as_the_server_asks(channel):
    Channel.refusals = 3
    assert rest_client.text(rest_client.post("s-2", "hi", base=channel)) == "echo hi\n"
    assert len(Channel.seen) == 4


def test_retries_1_makes_a_refusal_an_error_and_the_tries_are_bounded(channel):
    Channel.refusals = 1
    with pytest.raises(rest_client.RestError) as e:
        rest_client.post("s-3", "hi", base=channel, retries=1)
    assert e.value.status == 429 and len(Channel.seen) == 1
    Channel.refusals = 5
    with pytest.raises(rest_client.RestError):
        rest_client.post("s-3", "hi", base=channel, retries=3)
    assert len(Channel.seen) == 4


def test_exchange_returns_any_status_and_sends_from_the_source_address(channel):
    status, _, data = rest_client.exchange(b"{not json", "text/plain", base=channel)
    assert status == 400 and json.loads(data) == {"error": "bad"}
    assert Channel.seen[-1]["type"] == "text/plain"
    status, _, _ = rest_client.turn("s-4", "hello", base=channel, source="127.0.0.2")
    assert status == 200 and Channel.seen[-1]["client"] == "127.0.0.2"


def test_nothing_else_posts_to_the_rest_webhook_by_itself():
    """The benchmark, the scale tests and the conversation tests go through rest_client; Locust's file keeps
    Locust's own client (it is what Locust measures)."""
    allowed = {"tests/conversations/rest_client.py", "scripts/locustfile.py", "tests/unit/test_rest_client.py"}
    offenders = []
    for folder in ("tests", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in allowed or "/vendor/" in rel:
                continue
            source = path.read_text(encoding="utf-8")
            if re.search(r"webhooks/rest|urllib\.request|http\.client|requests\.post|httpx", source):
                offenders.append(rel)
    assert not offenders, offenders
