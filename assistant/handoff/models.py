"""Tables of the overdracht: the hand-off itself and the messages in its thread."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Dialect, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from assistant.db import Base


class Status(StrEnum):
    NIEUW = "nieuw"
    GECLAIMD = "geclaimd"
    VRIJGEGEVEN = "vrijgegeven"
    GESLOTEN = "gesloten"


class Kanaal(StrEnum):
    REST = "rest"
    SOCKETIO = "socketio"
    TWILIO = "twilio"
    BOTFRAMEWORK = "botframework"


class Urgentie(StrEnum):
    LAAG = "laag"
    NORMAAL = "normaal"
    HOOG = "hoog"


class Reden(StrEnum):
    VERZOEK = "verzoek"
    ONBEGRIP = "onbegrip"
    GEVOELIG = "gevoelig"
    NA_SCAN = "na_scan"
    COMPLEXE_VRAAG = "complexe_vraag"


class Uitkomst(StrEnum):
    OPGELOST = "opgelost"
    DOORVERWEZEN = "doorverwezen"
    GEEN_CONTACT = "geen_contact"


class Van(StrEnum):
    """Who wrote a line: in the transcript (bot) or in the thread (systeem)."""

    ONDERNEMER = "ondernemer"
    BOT = "bot"
    ADVISEUR = "adviseur"
    SYSTEEM = "systeem"
    NOTITIE = "notitie"  # an adviser's internal note: never sent to the ondernemer


def _now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and read back timezone-aware on every database
    (SQLite by itself hands back naive datetimes)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("store timezone-aware datetimes only")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Overdracht(Base):
    __tablename__ = "overdrachten"

    id: Mapped[int] = mapped_column(primary_key=True)
    referentie: Mapped[str] = mapped_column(String(20), unique=True, index=True)
    status: Mapped[str] = mapped_column(String(12), index=True, default=Status.NIEUW)
    kanaal: Mapped[str] = mapped_column(String(20))
    conversation_id: Mapped[str] = mapped_column(String(200), index=True)
    reden: Mapped[str] = mapped_column(String(20))
    urgentie: Mapped[str] = mapped_column(String(10), index=True, default=Urgentie.NORMAAL)
    thema: Mapped[str | None] = mapped_column(String(40), index=True)
    regio: Mapped[str | None] = mapped_column(String(40), index=True)
    contactvoorkeur: Mapped[str | None] = mapped_column(String(20))

    intake_referentie: Mapped[str | None] = mapped_column(String(40))
    intake: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    scan: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # [{"van": "ondernemer" | "bot" | "adviseur", "tekst": str, "tijd": ISO 8601}]
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # What the ondernemer was told: {"code": ..., "params": {...}} (see expectation.py).
    verwachting: Mapped[dict[str, Any]] = mapped_column(JSON)

    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    # SHA-256 of the request content, to refuse a reused key with other content.
    inhoud_hash: Mapped[str] = mapped_column(String(64))
    # The ondernemer's consent (AVG); empty only for rows stored before migration 0003.
    toestemming_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
    toestemming_tekstversie: Mapped[str | None] = mapped_column(String(50))

    geclaimd_door_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("staff_tokens.id", ondelete="SET NULL")
    )
    geclaimd_door_naam: Mapped[str | None] = mapped_column(String(100))

    aangemaakt_op: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    geclaimd_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
    eerste_reactie_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
    gesloten_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The ondernemer's messages during a takeover are read from the conversation;
    # those up to this time are in the thread already (see service.add_ondernemer_messages).
    ondernemer_gelezen_tot: Mapped[datetime | None] = mapped_column(UtcDateTime())

    # How the ondernemer wants to be reached, given while waiting (see waiting.py).
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_telefoon: Mapped[str | None] = mapped_column(String(40))
    # Nobody claimed a live hand-off in time: the ondernemer was offered a call-back.
    terugval_op: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # The adviser went silent: the conversation went back to the bot and the queue.
    teruggezet_op: Mapped[datetime | None] = mapped_column(UtcDateTime())

    uitkomst: Mapped[str | None] = mapped_column(String(20))
    doorverwezen_naar: Mapped[str | None] = mapped_column(String(200))
    notitie: Mapped[str | None] = mapped_column(Text)

    berichten: Mapped[list[Bericht]] = relationship(
        back_populates="overdracht",
        order_by="[Bericht.tijd, Bericht.id]",
        cascade="all, delete-orphan",
    )

    @property
    def adviseur_voornaam(self) -> str | None:
        """First name of the adviser who holds (or closed) it, as the ondernemer sees it."""
        parts = (self.geclaimd_door_naam or "").split()
        return parts[0] if parts else None


class Bericht(Base):
    """A message in the thread of an overdracht, after the hand-off."""

    __tablename__ = "overdracht_berichten"

    id: Mapped[int] = mapped_column(primary_key=True)
    overdracht_id: Mapped[int] = mapped_column(
        ForeignKey("overdrachten.id", ondelete="CASCADE"), index=True
    )
    van: Mapped[str] = mapped_column(String(12))
    tekst: Mapped[str] = mapped_column(Text)
    tijd: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
    # An adviser's message reached the ondernemer's channel (see delivery.py).
    afgeleverd: Mapped[bool] = mapped_column(Boolean, default=False)

    overdracht: Mapped[Overdracht] = relationship(back_populates="berichten")


class Beschikbaarheid(Base):
    """An adviser available for live chat: the adviser page renews ``laatst_gezien``
    while it is open and the adviser has ticked "beschikbaar"."""

    __tablename__ = "adviseur_beschikbaarheid"

    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    laatst_gezien: Mapped[datetime] = mapped_column(UtcDateTime(), default=_now)
