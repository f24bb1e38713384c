"""The Rasa process answers alone when the action server refuses, hangs or errs (bot/rasa_ext/action_faults.py),
in the Rasa environment against real sockets: a port nobody listens on, a server that accepts and never
answers, a server that answers 500."""

import asyncio
import socket

import pytest
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_ext import action_faults

DOMAIN = Domain.from_yaml('version: "3.1"\nintents: [red_flag, urgent_help, question]\nactions: [action_x]\n')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tracker(text, intent, safety=None, message_id="m1"):
    parse = {"intent": {"name": intent, "confidence": 1.0}, "entities": [], "text": text}
    if safety is not None:
        parse["safety"] = safety
    return DialogueStateTracker.from_events(
        "s-" + message_id, [UserUttered(text, parse["intent"], [], parse, message_id=message_id)]
    )


async def _run(url, tracker, name="action_x"):
    action = RemoteAction(name, EndpointConfig(url))
    return await action.run(
        CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(DOMAIN.responses), tracker, DOMAIN
    )


@pytest.fixture(autouse=True)
def _installed(monkeypatch):
    action_faults.install()
    monkeypatch.setattr(action_faults, "ACTION_TIMEOUT_SECONDS", 1.0)
    action_faults._FAILED_TURNS.clear()


def _custom(events):
    return [e.data.get("custom") for e in events if isinstance(e, BotUttered)]


def test_refused_connection_gives_the_alert_for_an_emergency():
    url = f"http://127.0.0.1:{_free_port()}/webhook"
    events = asyncio.run(_run(url, _tracker("I'm coughing up lots of blood", "red_flag")))
    assert _custom(events) == [{"alert": {"level": "emergency", "reason": "haemoptysis"}}]
    assert "999" in events[0].text


def test_a_second_call_in_the_same_turn_adds_nothing():
    url = f"http://127.0.0.1:{_free_port()}/webhook"
    tracker = _tracker("what is sbrt?", "question", message_id="m2")
    first = asyncio.run(_run(url, tracker))
    second = asyncio.run(_run(url, tracker))
    assert len(first) == 1 and first[0].text and second == []


def test_a_hung_server_is_given_up_on_within_the_bound_and_urgent_help_gets_the_card():
    async def scenario():
        async def never_answer(reader, writer):
            await asyncio.sleep(30)

        server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        loop = asyncio.get_running_loop()
        start = loop.time()
        events = await _run(
            f"http://127.0.0.1:{port}/webhook", _tracker("/urgent_help", "urgent_help", message_id="m3")
        )
        elapsed = loop.time() - start
        server.close()
        return events, elapsed

    events, elapsed = asyncio.run(scenario())
    assert elapsed < 3
    assert "urgent_help" in _custom(events)[0]


def test_an_error_status_uses_the_triage_the_nlu_made():
    async def scenario():
        async def error(reader, writer):
            await reader.read(65536)
            writer.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(error, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        safety = {"alerts": [{"level": "crisis", "reason": "self_harm", "source": "both"}], "safety_net": []}
        events = await _run(f"http://127.0.0.1:{port}/webhook", _tracker("x", "red_flag", safety, message_id="m4"))
        server.close()
        return events

    events = asyncio.run(scenario())
    assert _custom(events) == [{"alert": {"level": "crisis", "reason": "self_harm"}}]


def test_a_form_rejection_is_dialogue_not_a_fault():
    async def scenario():
        async def reject(reader, writer):
            await reader.read(65536)
            body = b'{"action_name": "action_x", "error": "no"}'
            writer.write(
                b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: "
                + str(len(body)).encode()
                + b"\r\nConnection: close\r\n\r\n"
                + body
            )
            await writer.drain()
            writer.close()

        server = await asyncio.start_server(reject, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            await _run(f"http://127.0.0.1:{port}/webhook", _tracker("two", "inform", message_id="m5"))
        finally:
            server.close()

    with pytest.raises(ActionExecutionRejection):
        asyncio.run(scenario())
