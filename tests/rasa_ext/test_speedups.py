"""The patches of bot/rasa_ext/speedups.py change speed only: run in the Rasa environment (make unit)."""

import asyncio
import copy

import pytest
from jsonschema import ValidationError
from jsonschema import validate as jsonschema_validate
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.rasa_ext import speedups

SCHEMA = RemoteAction.action_response_format_spec()

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "timestamp": None, "name": "stage", "value": "4"}] * 15,
        "responses": [{"text": "hello", "custom": {"ask": "stage"}}],
    },
    {
        "events": [
            {"event": "active_loop", "name": "situation_form"},
            {"event": "followup", "name": "situation_form"},
            {"event": "bot", "text": "hi", "data": {}},
        ]
    },
    {"events": [{"event": "session_started"}, {"event": "restart"}, {"event": "reset_slots"}]},
    {},
]
INVALID = [
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "stage"}]},  # no event type
    {"events": [{"event": "slot", "name": 3, "value": 1}]},  # slot name must be a string
    {"events": [{"event": "slot", "timestamp": "yesterday", "name": "stage", "value": 1}]},
    {"events": "not a list"},
    {"events": [{"event": "active_loop", "name": 5}]},
]


def schema_says(result):
    try:
        jsonschema_validate(result, SCHEMA)
        return True
    except ValidationError:
        return False


@pytest.mark.parametrize("result", VALID + INVALID)
def test_event_dispatching_validator_agrees_with_jsonschema(result):
    fast = speedups.event_dispatching_validator(SCHEMA, validator_for, ValidationError)
    try:
        fast(copy.deepcopy(result))
        ours = True
    except ValidationError:
        ours = False
    assert ours == schema_says(result)


def test_the_installed_validator_rejects_a_bad_response():
    action = RemoteAction("action_x", None)
    assert action._validate_action_result(VALID[1])
    with pytest.raises(ValidationError):
        action._validate_action_result(INVALID[0])


def test_one_kept_session_per_endpoint_and_loop():
    async def sessions():
        endpoint = EndpointConfig("http://127.0.0.1:1/webhook")
        async with endpoint.session() as a:
            pass
        async with endpoint.session() as b:
            pass
        other = EndpointConfig("http://127.0.0.1:2/webhook")
        async with other.session() as c:
            pass
        return a, b, c

    a, b, c = asyncio.run(sessions())
    assert a is b and a is not c
    assert not a.closed  # kept open by the `async with`, for the next call
