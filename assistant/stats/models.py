"""Anonymous events from the conversation: no conversation id, no personal data.

An event with a free text (an unanswered question, a typed feedback comment) keeps a
SHA-256 of its conversation id (``gesprek_hash``), only so that "verwijder mijn
gegevens" can remove the text; the retention job removes text and hash together.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.db import Base
from assistant.handoff.models import UtcDateTime
from assistant.intake.models import utc_now


class Soort(StrEnum):
    GESPREK_GESTART = "gesprek_gestart"
    VRAAG_NIET_BEANTWOORD = "vraag_niet_beantwoord"
    FEEDBACK = "feedback"


# Kinds that may carry a text: the unanswered question, or a typed feedback comment.
WITH_TEXT = (Soort.VRAAG_NIET_BEANTWOORD, Soort.FEEDBACK)


def conversation_hash(conversation_id: str) -> str:
    return hashlib.sha256(conversation_id.encode("utf-8")).hexdigest()


class Gebeurtenis(Base):
    __tablename__ = "gebeurtenissen"

    id: Mapped[int] = mapped_column(primary_key=True)
    soort: Mapped[str] = mapped_column(String(30), index=True)
    thema: Mapped[str | None] = mapped_column(String(40))
    waarde: Mapped[int | None] = mapped_column(Integer)  # feedback score 1–5
    # The question (vraag_niet_beantwoord) or typed comment (feedback), masked.
    tekst: Mapped[str | None] = mapped_column(String(300))
    gesprek_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    week: Mapped[str] = mapped_column(String(8), index=True)  # ISO week, "2026-W47"
    aangemaakt_op: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)
