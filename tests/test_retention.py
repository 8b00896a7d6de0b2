"""The retention job deletes what is older than the retention period, and the tracker
events of erased conversations once they are quiet."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, func, select, text

from assistant import db
from assistant.intake.models import Intake
from assistant.outbox import Outbox
from assistant.privacy.models import Wisverzoek
from assistant.privacy.retention import cutoff, run
from assistant.scan.models import Scan
from assistant.settings import Settings

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_cutoff_counts_calendar_months():
    assert cutoff(NOW, 12) == datetime(2025, 11, 23, 12, 0, tzinfo=UTC)
    assert cutoff(datetime(2026, 3, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)


def _intake(when: datetime, conversation: str) -> Intake:
    return Intake(referentie=f"SCH-{conversation[:4].upper()}-0000", contactpersoon="X",
                  hulpvraag="vraag", contactvoorkeur="chat", conversation_id=conversation,
                  toestemming_op=when, toestemming_tekstversie="v", created_at=when)


def _tracker(settings: Settings, rows: list[tuple[str, float]]) -> None:
    engine = create_engine(settings.tracker_database_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, "
                                "type_name TEXT, timestamp FLOAT, data TEXT)"))
        for sender, stamp in rows:
            connection.execute(text("INSERT INTO events (sender_id, type_name, timestamp) "
                                    "VALUES (:s, 'user', :t)"), {"s": sender, "t": stamp})
    engine.dispose()


def _senders(settings: Settings) -> list[str]:
    engine = create_engine(settings.tracker_database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id FROM events ORDER BY id")).all()
    engine.dispose()
    return [row[0] for row in rows]


def test_old_records_and_erased_conversations_go(tmp_path):
    settings = Settings(data_dir=tmp_path, retention_months=12)
    db.create_schema(settings.database_url)
    old, recent = NOW - timedelta(days=400), NOW - timedelta(days=10)
    erased_at = NOW - timedelta(hours=1)
    with db.session_scope(settings.database_url) as session:
        session.add_all([_intake(old, "oud1"), _intake(recent, "nieuw")])
        session.add(Scan(conversation_id="oud1", definitie_versie="t", modus="snel", sessie={},
                         resultaat={}, toestemming_versie="t", aangemaakt_op=old))
        session.add(Wisverzoek(door="ondernemer", aantallen={}, conversation_id="gewist",
                               aangevraagd_op=erased_at))
        session.add(Wisverzoek(door="ondernemer", aantallen={}, conversation_id="praat-nog",
                               aangevraagd_op=NOW - timedelta(minutes=2)))
    _tracker(settings, [("oud1", old.timestamp()), ("nieuw", recent.timestamp()),
                        ("gewist", (erased_at - timedelta(minutes=5)).timestamp()),
                        ("gewist", (erased_at + timedelta(minutes=1)).timestamp()),
                        ("praat-nog", (NOW - timedelta(minutes=1)).timestamp())])
    outbox = Outbox(tmp_path / "outbox.db", "http://127.0.0.1:1")
    with outbox._connect() as connection:
        connection.execute("INSERT INTO outbox VALUES ('k', '/p', '{}', 0, 0, 0, ?, '{}')",
                           ((NOW - timedelta(days=2)).timestamp(),))

    counts = run(settings, now=NOW)

    assert counts["intakes"] == 1 and counts["scans"] == 1
    with db.session_scope(settings.database_url) as session:
        assert [i.conversation_id for i in session.scalars(select(Intake))] == ["nieuw"]
        logs = list(session.scalars(select(Wisverzoek)))
        done = [log for log in logs if log.tracker_gewist_op is not None]
        assert len(done) == 1 and done[0].conversation_id is None
        waiting = [log for log in logs if log.tracker_gewist_op is None]
        assert [log.conversation_id for log in waiting] == ["praat-nog"]  # still talking
    # The erased conversation's events up to the erasure are gone, later ones stay.
    assert _senders(settings) == ["nieuw", "gewist", "praat-nog"]
    assert counts["outbox"] == 1 and outbox.undelivered() == 0
    with outbox._connect() as connection:
        assert connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    assert counts["grens"].startswith("2025-11-23")


def test_nothing_to_do_is_fine(tmp_path):
    settings = Settings(data_dir=tmp_path)
    db.create_schema(settings.database_url)
    counts = run(settings, now=NOW)
    assert counts["intakes"] == 0 and counts["tracker_events"] == 0
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Wisverzoek)) == 0
