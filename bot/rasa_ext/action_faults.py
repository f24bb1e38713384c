"""Never an empty reply: the Rasa process answers on its own when the action server cannot.

Rasa 3.6 waits up to five minutes for an action server that hangs, and when a call fails it logs the error
and carries on with no reply, so an emergency typed while the action server is down or paused got nothing.
Here every remote action call is bounded (ACTION_TIMEOUT_SECONDS, a few seconds) and the first failure of a
turn (refused, timed out, an error status) gives instead, from the Rasa process's own copy of the safety
layer and the clinic's file:
- for a message with a red-flag alert (the triage the NLU made, bot/rasa_ext/red_flag_intent), the alert
  payload and the emergency advice;
- for "I feel unwell now" (intent `urgent_help`), the urgent-advice card;
- for anything else, a short "I'm having a problem; here is who to contact".
Later calls in the same turn fail at once without a second message, so a turn ends within one timeout.
A form's rejection (HTTP 400, ActionExecutionRejection) is dialogue, not a fault, and passes through.

Installed when the channels or the tracker store module loads (bot/rasa_ext/speedups.py installs it).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Tuple

logger = logging.getLogger(__name__)

ACTION_TIMEOUT_SECONDS = float(os.environ.get("ACTION_TIMEOUT_SECONDS", "4"))
_FAILED_TURNS: "OrderedDict[Tuple[str, str], bool]" = OrderedDict()
_REMEMBERED = 2048


def install() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    if getattr(RemoteAction, "_fault_tolerant", False):
        return
    original = RemoteAction.run

    async def run(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        turn = _turn(tracker)
        if turn in _FAILED_TURNS:
            return []
        try:
            return await asyncio.wait_for(
                original(self, output_channel, nlg, tracker, domain), timeout=ACTION_TIMEOUT_SECONDS
            )
        except ActionExecutionRejection:
            raise
        except Exception as e:  # noqa: BLE001 - any failure of the action server must still give a reply
            logger.error(
                "Action server failed for '%s' (%s: %s); the Rasa process answers this turn itself.",
                self.name(),
                type(e).__name__,
                e,
            )
            _remember(turn)
            return fault_events(tracker)

    RemoteAction.run = run
    RemoteAction._fault_tolerant = True


def _turn(tracker: Any) -> Tuple[str, str]:
    message = getattr(tracker, "latest_message", None)
    marker = ""
    if message is not None:
        marker = str(getattr(message, "message_id", None) or getattr(message, "timestamp", "") or id(message))
    return str(getattr(tracker, "sender_id", "")), marker


def _remember(turn: Tuple[str, str]) -> None:
    _FAILED_TURNS[turn] = True
    while len(_FAILED_TURNS) > _REMEMBERED:
        _FAILED_TURNS.popitem(last=False)


def fault_events(tracker: Any) -> List[Any]:
    from rasa.shared.core.events import BotUttered

    return [
        BotUttered(text=text, data={"custom": custom} if custom else {})
        for text, custom in fault_reply(_latest_parse(tracker))
    ]


def _latest_parse(tracker: Any) -> Dict[str, Any]:
    message = getattr(tracker, "latest_message", None)
    return dict(getattr(message, "parse_data", None) or {}) if message is not None else {}


def fault_reply(parse_data: Dict[str, Any]) -> List[Tuple[str, Optional[Dict[str, Any]]]]:
    """What to say, from the latest message's parse data alone (plain Python: tested without Rasa)."""
    from bot import safety
    from bot.settings import clinic

    raw = clinic().raw
    text = parse_data.get("text") or ""
    triage = (
        safety.Triage.from_payload(parse_data["safety"])
        if isinstance(parse_data.get("safety"), dict)
        else safety.triage(text)
    )
    intent = (parse_data.get("intent") or {}).get("name")
    if triage.alert:
        alert = triage.alert
        return [(safety.advice(alert, raw), {"alert": {"level": alert.level, "reason": alert.reason}})]
    if intent == "urgent_help":
        card_text, payload = safety.urgent_card(raw)
        return [(card_text, payload)]
    return [(service_problem(raw), None)]


def service_problem(raw: Dict[str, Any]) -> str:
    from bot.messages import message

    return message("service_problem", raw)
