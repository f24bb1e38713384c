"""What every action needs: the situation held in the tracker, the content store, the clinic."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import safety
from bot.settings import clinic
from bot.slots import ALL_SLOTS


def situation(tracker: Tracker) -> Dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in ALL_SLOTS if tracker.get_slot(slot) is not None}


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> Optional[str]:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def active_form(tracker: Tracker) -> Optional[str]:
    return (tracker.active_loop or {}).get("name")


@lru_cache(maxsize=1)
def store():
    """One content store per action-server process, loaded from the database at first use."""
    from bot.content import ContentStore

    return ContentStore()


def citations_payload(items: List[Any]) -> List[Dict[str, Any]]:
    return store().citations(items)


def safety_of(tracker: Tracker) -> "safety.Triage":
    """The red-flag triage of the latest message: as the Rasa process made it (bot/rasa_ext/red_flag_intent),
    so that alert, intent and dialogue agree; read here only when a message came without it."""
    message = tracker.latest_message or {}
    if isinstance(message.get("safety"), dict):
        return safety.Triage.from_payload(message["safety"])
    return safety.triage(latest_text(tracker))


def utter_alert(dispatcher: CollectingDispatcher, alert: "safety.Alert") -> None:
    dispatcher.utter_message(
        text=safety.advice(alert, clinic().raw), json_message={"alert": {"level": alert.level, "reason": alert.reason}}
    )


def utter_safety_net(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """One line for a message that brushes against a red flag without reporting it now ("is coughing
    blood normal after SBRT?"): after its answer, never instead of it."""
    triage = safety_of(tracker)
    if triage.safety_net and not triage.alerts:
        dispatcher.utter_message(text=safety.safety_net_line(clinic().raw))
