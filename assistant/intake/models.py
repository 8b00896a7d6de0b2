"""The stored intake (SQLAlchemy 2). Personal data is only stored with consent:
``toestemming_op`` and ``toestemming_tekstversie`` are required columns."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from assistant.db import Base


def utc_now() -> datetime:
    return datetime.now(UTC)


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime on every database: stored as UTC, read back with
    tzinfo (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Datetimes must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Intake(Base):
    __tablename__ = "intakes"

    id: Mapped[int] = mapped_column(primary_key=True)
    referentie: Mapped[str] = mapped_column(String(13), unique=True, index=True)

    contactpersoon: Mapped[str] = mapped_column(String(100))
    bedrijfsnaam: Mapped[str | None] = mapped_column(String(200))
    kvk_nummer: Mapped[str | None] = mapped_column(String(8))
    is_starter: Mapped[bool] = mapped_column(Boolean, default=False)
    sector: Mapped[str | None] = mapped_column(String(40))
    medewerkers: Mapped[int | None] = mapped_column(Integer)
    grootteklasse: Mapped[str | None] = mapped_column(String(20))
    gemeente: Mapped[str | None] = mapped_column(String(100))
    provincie: Mapped[str | None] = mapped_column(String(20))
    hulpvraag: Mapped[str] = mapped_column(Text)
    thema: Mapped[str | None] = mapped_column(String(40))
    contactvoorkeur: Mapped[str] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(254))
    telefoon: Mapped[str | None] = mapped_column(String(16))

    kanaal: Mapped[str | None] = mapped_column(String(30))
    conversation_id: Mapped[str | None] = mapped_column(String(200), index=True)

    toestemming_op: Mapped[datetime] = mapped_column(AwareDateTime())
    toestemming_tekstversie: Mapped[str] = mapped_column(String(50))

    created_at: Mapped[datetime] = mapped_column(AwareDateTime(), default=utc_now)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # SHA-256 of the request body, to tell a retry from a different request with the
    # same Idempotency-Key.
    request_hash: Mapped[str | None] = mapped_column(String(64))
