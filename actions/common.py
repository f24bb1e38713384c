"""What every action needs: the situation held in the tracker, the content store, the clinic."""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

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
