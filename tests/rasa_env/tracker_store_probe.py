"""Runs in the Rasa environment: rasa_ext.tracker_store.CachedSQLTrackerStore against
Rasa's own SQLTrackerStore on one SQLite file, with two cached stores as two "servers".
Prints JSON: one entry per check, True when it holds.

    python tracker_store_probe.py <folder>
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)

from rasa_ext.tracker_store import CachedSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  naam: {type: text, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_hoi: [{text: "Hoi"}]
""")


def turn(tracker, text: str, slot: str | None = None) -> None:
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    if slot:
        tracker.update(SlotSet("naam", slot))
    tracker.update(ActionExecuted("utter_hoi"))
    tracker.update(BotUttered("Hoi"))
    tracker.update(ActionExecuted("action_listen"))


def applied(tracker) -> list[dict]:
    return [event.as_dict() for event in tracker.applied_events()]


async def main(folder: Path) -> dict[str, bool]:
    db = str(folder / "tracker.db")
    one = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    two = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    plain = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db)
    checks: dict[str, bool] = {}

    def rows(sender: str) -> int:
        with plain.engine.connect() as connection:
            return connection.execute(sa.text(
                "SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar()

    # A conversation of three turns on server one: every turn read back from memory.
    tracker = await one.get_or_create_tracker("a")
    tracker.update(ActionExecuted("action_session_start"))
    tracker.update(SessionStarted())
    tracker.update(ActionExecuted("action_listen"))
    for i in range(3):
        turn(tracker, f"bericht {i}", slot="Fenna" if i == 1 else None)
        await one.save(tracker)
        again = await one.retrieve("a")
        checks.setdefault("served_from_memory", True)
        checks["served_from_memory"] &= again is tracker
        tracker = again
    await one.save(tracker)  # nothing new: nothing written
    checks["every_event_written_once"] = rows("a") == len(tracker.events)
    fresh = await plain.retrieve("a")
    checks["same_state_as_rasas_store"] = (
        applied(fresh) == applied(tracker) and fresh.current_slot_values()
        == tracker.current_slot_values())

    # Server two answers the next message: server one's copy is outdated and not used.
    other = await two.retrieve("a")
    turn(other, "via server twee")
    await two.save(other)
    seen = await one.retrieve("a")
    checks["other_server_seen"] = seen.latest_message.text == "via server twee" and \
        applied(seen) == applied(await plain.retrieve("a"))
    checks["other_server_events_added_in_memory"] = seen is tracker
    await one.save(seen)
    checks["every_event_still_written_once"] = rows("a") == len(seen.events)

    # An event deleted and others added meanwhile: read from the database.
    other = await two.retrieve("a")
    turn(other, "weer via twee")
    await two.save(other)
    with plain.engine.begin() as connection:
        connection.execute(sa.text(
            "DELETE FROM events WHERE id = (SELECT min(id) FROM events WHERE sender_id = 'a')"))
    mixed = await one.retrieve("a")
    checks["deleted_and_added_reads_database"] = mixed is not seen and \
        applied(mixed) == applied(await plain.retrieve("a"))
    await one.save(mixed)

    # A message that fails half-way (retrieved, changed, never saved) leaves nothing.
    broken = await one.retrieve("a")
    turn(broken, "mislukt")
    back = await one.retrieve("a")
    checks["failed_message_forgotten"] = back.latest_message.text == "weer via twee"
    await one.save(back)

    # Events deleted in the database (retention, erasure): the copy is not used.
    with plain.engine.begin() as connection:
        connection.execute(sa.text(
            "DELETE FROM events WHERE sender_id = 'a' AND type_name = 'slot'"))
    erased = await one.retrieve("a")
    checks["deleted_events_stay_deleted"] = erased.get_slot("naam") is None

    # A tracker with a second session (a new session after a quiet period) is written
    # correctly and then read from the database, as Rasa would.
    erased.update(ActionExecuted("action_session_start"))
    erased.update(SessionStarted())
    erased.update(ActionExecuted("action_listen"))
    turn(erased, "nieuwe sessie")
    await one.save(erased)
    checks["second_session_written_once"] = rows("a") == len(
        (await plain.retrieve_full_tracker("a")).events)
    checks["second_session_not_kept"] = "a" not in one._cache
    checks["second_session_read_as_rasa"] = applied(await one.retrieve("a")) == applied(
        await plain.retrieve("a"))

    # A tracker saved by someone else's code path (not read through this store).
    outsider = one.init_tracker("b")
    turn(outsider, "los")
    await one.save(outsider)
    checks["outside_tracker_written"] = rows("b") == len(outsider.events)

    # Bounded: the oldest copies go first.
    small = CachedSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=db, cache_size=2)
    for sender in ("c1", "c2", "c3"):
        await small.save(await small.get_or_create_tracker(sender))
    checks["bounded"] = list(small._cache) == ["c2", "c3"]
    with small.engine.connect() as connection:
        mode = connection.execute(sa.text("PRAGMA journal_mode")).scalar()
    checks["sqlite_wal"] = mode == "wal"
    return checks


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(Path(sys.argv[1])))))
