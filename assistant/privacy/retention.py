"""Retention: delete personal data older than ``Settings.retention_months``, and the
tracker events of erased conversations.

What it deletes (``run``):

- intakes, overdrachten (with transcript and thread) and scans created before the cut-off;
- in Rasa's tracker store (``Settings.tracker_database_url``): every event older than the
  cut-off, and the events of each erased conversation up to its erasure (plus
  ``ERASE_SLACK`` for the erasure turn itself), once the conversation has been quiet for
  ``IDLE`` (Rasa writes a conversation back at the end of each turn, so a running turn
  is never touched); then the conversation id is cleared from the erasure log;
- confirmation links for erasing a dossier (``wisbevestigingen``) past their expiry,
  used or not;
- free text kept for editors (unanswered questions, typed feedback) older than the
  cut-off: the text goes, the anonymous count stays;
- audit-log rows older than ``Settings.audit_retention_months``;
- delivered requests in the action server's outbox (``<data_dir>/outbox.db``) older than
  ``OUTBOX_KEEP``: their payloads hold personal data.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, inspect, select, text, update
from sqlalchemy.orm import Session

from assistant import audit, db
from assistant.handoff.models import Bericht, Overdracht
from assistant.intake.models import Intake
from assistant.outbox import Outbox
from assistant.privacy.confirmation import delete_expired as delete_expired_links
from assistant.privacy.models import Wisverzoek
from assistant.scan.models import Scan
from assistant.settings import Settings
from assistant.stats.models import Gebeurtenis

IDLE = timedelta(minutes=10)
ERASE_SLACK = timedelta(seconds=30)
OUTBOX_KEEP = timedelta(days=1)


def cutoff(now: datetime, months: int) -> datetime:
    """``now`` minus whole calendar months (31 March - 1 month = 28/29 February)."""
    month_index = now.year * 12 + now.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


def delete_old_records(session: Session, before: datetime) -> dict[str, int]:
    old_overdrachten = select(Overdracht.id).where(Overdracht.aangemaakt_op < before)
    counts = {
        "berichten": session.execute(
            delete(Bericht).where(Bericht.overdracht_id.in_(old_overdrachten))).rowcount,
        "overdrachten": session.execute(
            delete(Overdracht).where(Overdracht.aangemaakt_op < before)).rowcount,
        "scans": session.execute(delete(Scan).where(Scan.aangemaakt_op < before)).rowcount,
        "intakes": session.execute(delete(Intake).where(Intake.created_at < before)).rowcount,
        "vrije_teksten": session.execute(
            update(Gebeurtenis)
            .where(Gebeurtenis.aangemaakt_op < before, Gebeurtenis.tekst.is_not(None))
            .values(tekst=None, gesprek_hash=None)).rowcount,
    }
    return counts


def delete_tracker_events(session: Session, tracker_url: str, before: datetime,
                          now: datetime) -> dict[str, int]:
    """Old events, and erased conversations that are quiet now (see the module doc)."""
    engine = db.get_engine(tracker_url)
    if not inspect(engine).has_table("events"):
        return {"tracker_events": 0, "gesprekken_gewist": 0}
    removed = conversations = 0
    with engine.begin() as connection:
        removed += connection.execute(
            text("DELETE FROM events WHERE timestamp < :t"), {"t": before.timestamp()}
        ).rowcount
        pending = session.scalars(select(Wisverzoek).where(
            Wisverzoek.conversation_id.is_not(None), Wisverzoek.tracker_gewist_op.is_(None)))
        for request in pending:
            last = connection.execute(
                text("SELECT MAX(timestamp) FROM events WHERE sender_id = :s"),
                {"s": request.conversation_id},
            ).scalar()
            if last is not None and last > (now - IDLE).timestamp():
                continue  # still talking: next run
            removed += connection.execute(
                text("DELETE FROM events WHERE sender_id = :s AND timestamp <= :t"),
                {"s": request.conversation_id,
                 "t": (request.aangevraagd_op + ERASE_SLACK).timestamp()},
            ).rowcount
            request.conversation_id = None
            request.tracker_gewist_op = now
            conversations += 1
    return {"tracker_events": removed, "gesprekken_gewist": conversations}


def run(settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """One retention pass; returns how much was deleted per kind."""
    now = now or datetime.now(UTC)
    before = cutoff(now, settings.retention_months)
    with db.session_scope(settings.database_url) as session:
        counts: dict[str, Any] = delete_old_records(session, before)
        counts["wisbevestigingen"] = delete_expired_links(session, now)
        counts["auditlog"] = audit.delete_older(
            session, cutoff(now, settings.audit_retention_months))
        if settings.tracker_database_url:
            counts.update(delete_tracker_events(session, settings.tracker_database_url,
                                                before, now))
    outbox_file = settings.data_dir / "outbox.db"
    if outbox_file.exists():
        outbox = Outbox(outbox_file, settings.api_url)
        counts["outbox"] = outbox.purge_delivered((now - OUTBOX_KEEP).timestamp())
    counts["grens"] = before.isoformat()
    return counts
