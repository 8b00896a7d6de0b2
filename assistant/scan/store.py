"""Storing and finding scans (SQLAlchemy 2 sessions; the caller commits)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.scan.models import Scan
from assistant.scan.result import ScanResult
from assistant.scan.session import ScanSession


def save_scan(db: Session, *, sessie: ScanSession, resultaat: ScanResult,
              toestemming_versie: str, toestemming_op: datetime | None = None,
              conversation_id: str | None = None,
              intake_referentie: str | None = None, scan_id: str | None = None) -> Scan:
    """A new scan; ``scan_id`` lets the caller choose the (random) id."""
    scan = Scan(
        conversation_id=conversation_id,
        intake_referentie=intake_referentie,
        definitie_versie=resultaat.definitie_versie,
        modus=sessie.modus,
        sessie=sessie.to_slot(),
        resultaat=resultaat.model_dump(mode="json"),
        toestemming_versie=toestemming_versie,
        toestemming_op=toestemming_op or datetime.now(UTC),
    )
    if scan_id is not None:
        scan.id = scan_id
    db.add(scan)
    db.flush()
    return scan


def get_scan(db: Session, scan_id: str) -> Scan | None:
    return db.get(Scan, scan_id)


def previous_scan(db: Session, scan: Scan) -> Scan | None:
    """The latest earlier scan of the same ondernemer: the same conversation. A scan's
    intake link never reaches further (it may only point at the conversation's own
    intake, and links stored before that rule are not followed)."""
    if not scan.conversation_id:
        return None
    query = (
        select(Scan)
        .where(Scan.conversation_id == scan.conversation_id, Scan.id != scan.id,
               Scan.aangemaakt_op < scan.aangemaakt_op)
        .order_by(Scan.aangemaakt_op.desc())
        .limit(1)
    )
    return db.scalars(query).first()
