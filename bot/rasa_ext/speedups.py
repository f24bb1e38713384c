"""Per-call costs of Rasa 3.6 removed without changing what it does (measured with py-spy, docs/benchmarks.md).

- Every action server response is validated with `jsonschema.validate`, which first re-checks the events
  schema itself against the JSON Schema meta-schema (about a quarter of the Rasa server's CPU per turn),
  then tries every kind of event on every event (event_dispatching_validator). Validators built once, and
  each event checked against its own kind, accept and reject exactly the same responses.
- Every call to the action server opens a new HTTP client session, so a new TCP connection on both sides.
  One session per endpoint and event loop keeps connections alive between calls. Idle connections are
  dropped after KEEPALIVE_SECONDS, below the action server's own keep-alive (Sanic: 5 s), so Rasa never
  sends on a connection the server is closing.

Installed when the channels or tracker store module loads.
"""

from __future__ import annotations

import logging
from typing import Any, Dict

logger = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 2.0
# The patches replace private parts of Rasa; they were written against this release and are applied only to it.
WRITTEN_FOR = "3.6.21"


def install() -> None:
    import rasa

    if rasa.__version__ != WRITTEN_FOR:
        logger.warning(
            "Rasa %s is not %s: the speed-ups of bot/rasa_ext/speedups.py are not applied.",
            rasa.__version__,
            WRITTEN_FOR,
        )
        return
    _cache_action_validator()
    _keep_sessions()
    logger.info(
        "Rasa %s: cached the action-response validator (RemoteAction._validate_action_result) and "
        "kept HTTP sessions to the action server (EndpointConfig.session).",
        rasa.__version__,
    )


def _cache_action_validator() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction, "_validator_cached", False):
        return
    validate = event_dispatching_validator(RemoteAction.action_response_format_spec(), validator_for, ValidationError)

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:  # noqa: ARG001 (a method)
        try:
            validate(result)
            return True
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, make sure your response "
                "from the Action endpoint is valid."
            )
            raise e

    RemoteAction._validator_cached = True
    RemoteAction._validate_action_result = _validate_action_result


def event_dispatching_validator(schema: Dict[str, Any], validator_for: Any, error: Any) -> Any:
    """The same check as `jsonschema.validate(result, schema)`, faster.

    Each event must match exactly one of about twenty alternatives (`oneOf`), each fixing `event` to a
    different constant, so jsonschema tries every alternative on every event (4 ms for a message that sets
    15 slots). Exactly one alternative can match a given `event` value, so validating against that one
    alone accepts and rejects the same responses.
    """
    import copy

    base = copy.deepcopy(schema)
    items = base["properties"]["events"]["items"]
    alternatives = items.pop("oneOf")
    by_event = {alt["properties"]["event"]["const"]: alt for alt in alternatives}
    if len(by_event) != len(alternatives):
        raise ValueError("event alternatives are not told apart by their constant")  # upstream changed

    def compiled(s: Dict[str, Any]) -> Any:
        cls = validator_for(s)
        cls.check_schema(s)
        return cls(s)

    base_validator = compiled(base)
    event_validators = {name: compiled(alt) for name, alt in by_event.items()}

    def validate(result: Dict[str, Any]) -> None:
        base_validator.validate(result)
        for event in (result or {}).get("events") or []:
            validator = event_validators.get(event.get("event"))
            if validator is None:
                raise error(f"{event!r} is not valid under any of the given schemas")
            validator.validate(event)

    return validate


async def settle_heap(*_: Any) -> None:
    """After the model has loaded: move the millions of long-lived objects it made (TensorFlow graphs,
    the domain, the featurizers' vocabularies) out of the garbage collector's sight, so a full
    collection during a turn walks only what the turn created."""
    import gc

    gc.collect()
    gc.freeze()


class _KeptSession:
    """`async with endpoint.session() as s` without closing `s` at the end of the block."""

    def __init__(self, session: Any) -> None:
        self._session = session

    async def __aenter__(self) -> Any:
        return self._session

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _keep_sessions() -> None:
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    if getattr(EndpointConfig, "_sessions_kept", False):
        return
    rasa_session = EndpointConfig.session
    sessions: Dict[Any, Any] = {}

    def session(self: EndpointConfig) -> Any:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return rasa_session(self)  # no loop to keep a session on: Rasa's own behaviour
        key = (id(loop), self.url, repr(sorted((self.headers or {}).items())), repr(self.basic_auth))
        kept = sessions.get(key)
        if kept is None or kept.closed:
            # Rasa's session (rasa.utils.endpoints.EndpointConfig.session) on a connector that keeps
            # connections.
            auth = (
                aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
            )
            kept = aiohttp.ClientSession(
                headers=self.headers,
                auth=auth,
                timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
            )
            sessions[key] = kept
        return _KeptSession(kept)

    EndpointConfig.session = session
    EndpointConfig._sessions_kept = True


install()
# Not a speed-up, but installed at the same moment for the same reason: the channels or the tracker store
# module is what the Rasa process loads first.
from bot.rasa_ext import action_faults  # noqa: E402

action_faults.install()
