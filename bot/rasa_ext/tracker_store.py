"""Rasa's SQL tracker store, with two duties added where the rows are written.

- Identifiers a patient types anyway (names, emails, phone, NHS and hospital numbers, dates of birth,
  postcodes) are redacted from every event before it is written (bot.privacy), so the database never
  holds them, whatever channel the message came through.
- "Forget me": when the action server marks a bot message with {"forget": true}, every stored event of
  that conversation is deleted instead of saved.

Configured in endpoints.yml as `type: bot.rasa_ext.tracker_store.RedactingSQLTrackerStore`.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.privacy import redact_event_dict
from bot.rasa_ext import speedups  # noqa: F401  (also when only the tracker store is configured)

logger = logging.getLogger(__name__)


def asks_to_forget(tracker: DialogueStateTracker) -> bool:
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            custom = (event.data or {}).get("custom")
            if isinstance(custom, dict) and custom.get("forget"):
                return True
        elif event.type_name == "user":
            return False
    return False


class RedactingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        if asks_to_forget(tracker):
            await self.delete(tracker.sender_id)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data: Dict[str, Any] = redact_event_dict(event.as_dict())
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
            session.commit()

    async def delete(self, sender_id: str) -> None:
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        logger.info("Deleted a conversation at the person's request.")
