"""Audit log (AVG accountability): which staff token viewed or changed which record.

One row per staff request that names a record (a dossiernummer, an overdracht, a scan,
a conversation) or changes something: who (token id, name and role at that moment),
the route, the action, the record and the time. Conversation ids are stored as a short
SHA-256 (``gesprek#…``), never as they are. A beheerder reads the log
(``GET /api/v1/auditlog``); the retention job deletes rows older than
``Settings.audit_retention_months``. Viewing the same record again within
``SAME_VIEW`` adds no row (the adviser page reloads a live overdracht every 2 s).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy import Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base
from assistant.handoff.models import UtcDateTime

ACTIONS = {"GET": "bekeken", "DELETE": "verwijderd"}  # anything else: "gewijzigd"
# Request parameters that name a record; conversation ids are hashed.
RECORD_KEYS = ("referentie", "overdracht_id", "scan_id", "token_id", "conversation_id",
               "gesprek")
CONVERSATION_KEYS = ("conversation_id", "gesprek")
SAME_VIEW = timedelta(minutes=5)


def _now() -> datetime:
    return datetime.now(UTC)


class AuditRegel(Base):
    __tablename__ = "auditlog"

    id: Mapped[int] = mapped_column(primary_key=True)
    op: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now, index=True)
    medewerker_id: Mapped[int] = mapped_column(Integer, index=True)
    medewerker_naam: Mapped[str] = mapped_column(String(100))
    rol: Mapped[str] = mapped_column(String(20))
    methode: Mapped[str] = mapped_column(String(10))
    route: Mapped[str] = mapped_column(String(200))
    actie: Mapped[str] = mapped_column(String(20))
    record: Mapped[str | None] = mapped_column(String(300))


def conversation_ref(conversation_id: str) -> str:
    return "gesprek#" + hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()[:16]


def record_reference(params: Mapping[str, str]) -> str | None:
    """The records a request names, e.g. ``referentie=SCH-2026-0001``."""
    parts = []
    for key in RECORD_KEYS:
        value = params.get(key)
        if value:
            shown = conversation_ref(value) if key in CONVERSATION_KEYS else value[:60]
            parts.append(f"{key}={shown}")
    return ", ".join(parts)[:300] or None


def record(session: Session, *, staff_id: int, naam: str, rol: str, method: str, route: str,
           params: Mapping[str, str]) -> AuditRegel | None:
    """Log this request when it names a record or changes something (the caller commits)."""
    reference = record_reference(params)
    if method == "GET" and (reference is None or _seen_lately(session, staff_id, route,
                                                              reference)):
        return None
    row = AuditRegel(medewerker_id=staff_id, medewerker_naam=naam, rol=rol, methode=method,
                     route=route[:200], actie=ACTIONS.get(method, "gewijzigd"), record=reference)
    session.add(row)
    return row


def _seen_lately(session: Session, staff_id: int, route: str, reference: str) -> bool:
    return session.scalar(select(AuditRegel.id).where(
        AuditRegel.medewerker_id == staff_id, AuditRegel.route == route,
        AuditRegel.record == reference, AuditRegel.methode == "GET",
        AuditRegel.op >= _now() - SAME_VIEW).limit(1)) is not None


def count_since(session: Session, staff_id: int, route: str, since: datetime) -> int:
    """How often this token called this route since ``since`` (for rate limits)."""
    return session.scalar(select(func.count()).select_from(AuditRegel).where(
        AuditRegel.medewerker_id == staff_id, AuditRegel.route == route,
        AuditRegel.op >= since)) or 0


def latest(session: Session, limit: int = 200) -> list[AuditRegel]:
    return list(session.scalars(select(AuditRegel).order_by(AuditRegel.id.desc()).limit(limit)))


def delete_older(session: Session, before: datetime) -> int:
    """Retention: rows older than ``before`` go."""
    return session.execute(delete(AuditRegel).where(AuditRegel.op < before)).rowcount
