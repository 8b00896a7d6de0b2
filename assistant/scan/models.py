"""The stored scan: answers (the session), result, and whose scan it is."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db import Base
from assistant.handoff.models import UtcDateTime


def new_scan_id() -> str:
    """A random, non-guessable id (122 random bits)."""
    return uuid.uuid4().hex


def _now() -> datetime:
    return datetime.now(UTC)


class Scan(Base):
    __tablename__ = "scans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_scan_id)
    aangemaakt_op: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now, index=True)
    # Whose scan: the conversation and/or the intake it belongs to (for the vervolgscan).
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)
    intake_referentie: Mapped[str | None] = mapped_column(String(40), index=True)
    definitie_versie: Mapped[str] = mapped_column(String(40))
    modus: Mapped[str] = mapped_column(String(10))
    sessie: Mapped[dict[str, Any]] = mapped_column(JSON)  # ScanSession.to_slot()
    resultaat: Mapped[dict[str, Any]] = mapped_column(JSON)  # ScanResult
    # Version of the consent text the ondernemer agreed to (Settings.consent_text_version)
    # and when (empty only for scans stored before migration 0003).
    toestemming_versie: Mapped[str] = mapped_column(String(40))
    toestemming_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
