"""The erasure log: one row per erasure, with counts instead of data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db import Base
from assistant.handoff.models import UtcDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class Wisverzoek(Base):
    __tablename__ = "wisverzoeken"

    id: Mapped[int] = mapped_column(primary_key=True)
    aangevraagd_op: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now, index=True)
    # "ondernemer" (from the chat) or "beheerder:<token id>".
    door: Mapped[str] = mapped_column(String(40))
    # How many rows were deleted per kind, e.g. {"intakes": 1, "overdrachten": 0, ...}.
    aantallen: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Kept only until the conversation's tracker events are deleted (retention job).
    conversation_id: Mapped[str | None] = mapped_column(String(200))
    tracker_gewist_op: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Wisbevestiging(Base):
    """A one-time link, sent to the dossier's e-mail address, that confirms an erasure
    asked for in another conversation. Only the SHA-256 of the token is stored; expired
    rows are deleted by the retention job."""

    __tablename__ = "wisbevestigingen"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The intake's referentie (dossiernummer), normalised.
    referentie: Mapped[str] = mapped_column(String(40), index=True)
    # The action server's Idempotency-Key: a retry sends no second e-mail.
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    verloopt_op: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    gebruikt_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
