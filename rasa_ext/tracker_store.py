"""Rasa's SQL tracker store with the last trackers kept in memory.

For every message Rasa 3.6's ``SQLTrackerStore`` reads all events of the conversation,
turns each row into an ORM object, parses its JSON and replays every event to rebuild
the tracker; that was about a third of the Rasa server's busy time under load (``make bench``'s
profile). Here a tracker that this process saved is kept, and the next message of that
conversation gets it back after one small check that the database still holds exactly
what this process wrote: the number of events and the highest event id of the
conversation. When another Rasa server handled messages in between (nginx spreads them),
only the events it added are read and applied to the kept tracker. Anything else (the
retention job or an erasure deleted events, a new session began) makes the check fail and
the tracker is read from the database as before. Every save still writes to the database
first (write-through), so a restart loses nothing.

Rules that keep the cache honest:

- ``retrieve`` *takes* the tracker out of the cache: Rasa changes it while it handles the
  message; only ``save`` puts it back. A message that fails half-way leaves nothing
  behind, and the next one reads the database, as without a cache.
- ``save`` writes the events the database does not have yet: it remembers how many events
  of this tracker object are stored (Rasa's own count query counts only the latest
  session, which is right only for trackers it has just read itself).
- A tracker with more than one ``session_started`` is not kept: read fresh from the
  database it would hold only the latest session.
- At most ``cache_size`` trackers, none older than ``cache_seconds`` since its save
  (conversations hold personal data; memory is not an archive).

SQLite (local mode) runs in WAL mode with ``synchronous=NORMAL``: a committed message
survives a crash or restart of any service, and Rasa workers read while another writes.

endpoints.yml: ``tracker_store: {type: rasa_ext.tracker_store.CachedSQLTrackerStore, ...}``
with the settings of Rasa's ``type: SQL``.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

# How many events of a tracker object are in the database (set by retrieve and save).
STORED = "_schakel_stored_events"


@dataclass
class _Entry:
    tracker: DialogueStateTracker
    count: int  # events of this conversation in the database after the save
    max_id: int | None
    saved_at: float


class CachedSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, cache_size: int = 500, cache_seconds: float = 900,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache_size = int(cache_size)
        self.cache_seconds = float(cache_seconds)
        self._cache: OrderedDict[str, _Entry] = OrderedDict()
        if self.engine.dialect.name == "sqlite":
            # SQLAlchemy 1.4 opens a new SQLite connection for every use (NullPool); one
            # kept connection (Rasa uses the store from its event loop thread only).
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, poolclass=sa.pool.SingletonThreadPool,
                connect_args={"timeout": 10})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    # -- reading ------------------------------------------------------------------------
    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        entry = self._cache.pop(sender_id, None)
        tracker = self._from_memory(entry) if entry is not None else None
        if tracker is not None:
            return tracker
        tracker = await super().retrieve(sender_id)
        if tracker is not None:
            setattr(tracker, STORED, len(tracker.events))
        return tracker

    def _from_memory(self, entry: _Entry) -> DialogueStateTracker | None:
        """The kept tracker, brought up to date with the events other servers added since
        (only added: when anything was deleted, or a new session began, None)."""
        tracker = entry.tracker
        if time.monotonic() - entry.saved_at > self.cache_seconds:
            return None
        if len(tracker.events) != getattr(tracker, STORED):  # changed after its save
            return None
        with self.engine.connect() as connection:
            count, max_id = self._fingerprint(connection, tracker.sender_id)
            if (count, max_id) == (entry.count, entry.max_id):
                return tracker
            if entry.max_id is None or max_id is None or count <= entry.count:
                return None
            rows = connection.execute(
                sa.select(self.SQLEvent.data)
                .where(self.SQLEvent.sender_id == tracker.sender_id,
                       self.SQLEvent.id > entry.max_id)
                .order_by(self.SQLEvent.id)
            ).scalars().all()
        if count != entry.count + len(rows):
            return None
        added = deserialise_events([json.loads(data) for data in rows])
        if len(added) != len(rows) or any(isinstance(e, SessionStarted) for e in added):
            return None
        for event in added:
            tracker.update(event)
        setattr(tracker, STORED, len(tracker.events))
        return tracker

    def _fingerprint(self, connection, sender_id: str) -> tuple[int, int | None]:
        """Number of events and highest event id of one conversation in the database."""
        count, max_id = connection.execute(
            sa.select(sa.func.count(self.SQLEvent.id), sa.func.max(self.SQLEvent.id))
            .where(self.SQLEvent.sender_id == sender_id)
        ).one()
        return int(count), max_id

    # -- writing ------------------------------------------------------------------------
    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        events = list(tracker.events)
        stored = getattr(tracker, STORED, None)
        if stored is None or stored > len(events):
            # Not read through this store (e.g. built by Rasa's HTTP API): Rasa's own way.
            with self.session_scope() as session:
                stored = self._event_query(
                    session, tracker.sender_id, fetch_events_from_all_sessions=False
                ).count()
        rows = [_row(tracker.sender_id, event) for event in events[stored:]]
        with self.engine.begin() as connection:
            if rows:
                connection.execute(sa.insert(self.SQLEvent.__table__), rows)
            fingerprint = self._fingerprint(connection, tracker.sender_id)
        setattr(tracker, STORED, len(events))
        self._remember(tracker, fingerprint)

    def _remember(self, tracker: DialogueStateTracker,
                  fingerprint: tuple[int, int | None]) -> None:
        sender_id = tracker.sender_id
        self._cache.pop(sender_id, None)
        sessions = sum(isinstance(event, SessionStarted) for event in tracker.events)
        if self.cache_size <= 0 or sessions > 1:
            return
        self._cache[sender_id] = _Entry(tracker, *fingerprint, time.monotonic())
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)


def _row(sender_id: str, event) -> dict[str, Any]:
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
