"""Rasa's SQL tracker store, with two duties added where the rows are written.

- Identifiers a patient types anyway (names, emails, phone, NHS and hospital numbers, dates of birth,
  postcodes) are redacted from every event before it is written (bot.privacy), so the database never
  holds them, whatever channel the message came through.
- "Forget me": when the action server marks a bot message with {"forget": true}, every stored event of
  that conversation is deleted instead of saved.

And one saving: the tracker a turn has just saved is kept in memory (a bounded LRU) and handed to the next
turn of that conversation instead of being read back and replayed event by event (a tenth of a turn's
time). It is handed out only when the database still holds exactly what was saved (same number of events
in the session and same last row id, one indexed query), so a turn served by another replica, a deleted
conversation or a turn that failed before saving all fall back to reading the database. A tracker whose
new events needed redacting is not kept: the next turn reads the redacted text, as it would from the
database.

Configured in endpoints.yml as `type: bot.rasa_ext.tracker_store.RedactingSQLTrackerStore`.
"""

from __future__ import annotations

import json
import logging
from collections import OrderedDict
from typing import Any, Dict, Optional, Tuple

import sqlalchemy as sa
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


def sqlite_engine(url: Any) -> Any:
    """The SQLite file behind the default set-up, opened once per pooled connection instead of once per
    read or write (SQLAlchemy 1.4 gives file databases no pool), in write-ahead-log mode so a write is one
    append instead of two journal syncs. synchronous=NORMAL can lose the last turns on a power cut, never
    on a crash of the server; PostgreSQL is the store for clinics that need more (deploy/README.md)."""
    engine = sa.create_engine(
        url, poolclass=sa.pool.QueuePool, pool_size=2, max_overflow=8, connect_args={"check_same_thread": False}
    )

    @sa.event.listens_for(engine, "connect")
    def _pragmas(connection: Any, _record: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


class RedactingSQLTrackerStore(SQLTrackerStore):
    RECENT_TRACKERS = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # sender_id -> (tracker as saved, (events in its session, last row id) in the database then)
        self._recent: "OrderedDict[str, Tuple[DialogueStateTracker, Tuple[int, Optional[int]]]]" = OrderedDict()
        if self.engine.dialect.name == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            self.engine.dispose()
            self.engine = sqlite_engine(self.engine.url)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    def _stored(self, session: Any, sender_id: str) -> Tuple[int, Optional[int]]:
        """Events in the latest session and the last row id: what the database holds for a conversation."""
        count, last_id = (
            self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            .order_by(None)
            .with_entities(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
            .one()
        )
        return int(count), last_id

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        recent = self._recent.pop(sender_id, None)  # handed out once: a turn owns the object it mutates
        if recent is not None:
            tracker, stored = recent
            with self.session_scope() as session:
                if self._stored(session, sender_id) == stored and len(tracker.events) == stored[0]:
                    return tracker
        return await super().retrieve(sender_id)

    def _keep(self, tracker: DialogueStateTracker, stored: Tuple[int, Optional[int]]) -> None:
        self._recent[tracker.sender_id] = (tracker, stored)
        self._recent.move_to_end(tracker.sender_id)
        while len(self._recent) > self.RECENT_TRACKERS:
            self._recent.popitem(last=False)

    async def save(self, tracker: DialogueStateTracker) -> None:
        self._recent.pop(tracker.sender_id, None)
        if asks_to_forget(tracker):
            await self.delete(tracker.sender_id)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = []
            redacted = False
            for event in self._additional_events(session, tracker):
                raw = event.as_dict()
                data: Dict[str, Any] = redact_event_dict(raw)
                if not raw.get("metadata"):
                    raw.pop("metadata", None)  # redact_event_dict's one change that is not a redaction
                redacted = redacted or data != raw
                rows.append(
                    dict(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            if rows:
                # One multi-row insert (in event order, so the ids keep the order) instead of an ORM flush
                # of one object per event.
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()
            if not redacted:
                stored = self._stored(session, tracker.sender_id)
                if stored[0] == len(tracker.events):  # not after a new session began in this turn
                    self._keep(tracker, stored)

    async def delete(self, sender_id: str) -> None:
        self._recent.pop(sender_id, None)
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        logger.info("Deleted a conversation at the person's request.")
