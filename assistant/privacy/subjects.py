"""Everything stored about one ondernemer: find, export, erase."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from assistant.handoff.models import Overdracht
from assistant.intake.models import Intake
from assistant.intake.referentie import normalise_referentie
from assistant.privacy.models import Wisverzoek
from assistant.scan.models import Scan
from assistant.stats.models import Gebeurtenis, conversation_hash


@dataclass
class Subject:
    """The rows of one ondernemer."""

    intakes: list[Intake] = field(default_factory=list)
    overdrachten: list[Overdracht] = field(default_factory=list)
    scans: list[Scan] = field(default_factory=list)
    conversation_ids: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, int]:
        return {"intakes": len(self.intakes), "overdrachten": len(self.overdrachten),
                "berichten": sum(len(o.berichten) for o in self.overdrachten),
                "scans": len(self.scans)}

    @property
    def empty(self) -> bool:
        return not (self.intakes or self.overdrachten or self.scans)


def find(session: Session, *, referentie: str | None = None,
         conversation_id: str | None = None) -> Subject:
    """The intakes, overdrachten and scans that belong to this referentie and/or
    conversation.

    A subject never crosses to another conversation: its conversations are the one given
    and the one of the dossier with this referentie (intake or overdracht). A scan's or
    overdracht's ``intake_referentie`` counts only for rows without a conversation; a
    link to another conversation's dossier (which the API no longer stores, but older
    rows may hold) is not followed."""
    referenties: set[str] = set()
    if referentie:
        normalised = normalise_referentie(referentie)
        referenties.add(normalised or referentie.strip().upper())
    conversations = {conversation_id} if conversation_id else set()
    if referenties:
        for model, column in ((Intake, Intake.referentie), (Overdracht, Overdracht.referentie)):
            conversations.update(session.scalars(select(model.conversation_id).where(
                column.in_(referenties), model.conversation_id.is_not(None))))
    subject = Subject(conversation_ids=conversations)
    subject.intakes = _select(session, Intake, Intake.referentie.in_(referenties),
                              Intake.conversation_id.in_(conversations))
    referenties.update(intake.referentie for intake in subject.intakes)
    subject.overdrachten = _select(
        session, Overdracht, Overdracht.referentie.in_(referenties),
        Overdracht.conversation_id.in_(conversations),
        _unowned_link(Overdracht, referenties))
    subject.scans = _select(session, Scan, Scan.conversation_id.in_(conversations),
                            _unowned_link(Scan, referenties))
    return subject


def _unowned_link(model, referenties: set[str]):
    """Rows without a conversation that point at one of the subject's dossiers."""
    return and_(model.conversation_id.is_(None), model.intake_referentie.in_(referenties))


def _select(session: Session, model, *conditions) -> list:
    return list(session.scalars(select(model).where(or_(*conditions)).order_by(model.id)))


def _columns(row: Any, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns
            if column.key not in leave_out}


def export(subject: Subject) -> dict[str, Any]:
    """Everything stored, as plain data (internal keys and hashes left out)."""
    internal = ("idempotency_key", "request_hash", "inhoud_hash")
    return {
        "intakes": [_columns(i, internal) for i in subject.intakes],
        "overdrachten": [
            {**_columns(o, internal),
             "berichten": [_columns(b, ("overdracht_id",)) for b in o.berichten]}
            for o in subject.overdrachten
        ],
        "scans": [_columns(s) for s in subject.scans],
    }


def erased_since(session: Session, conversation_id: str, moment: datetime) -> bool:
    """Whether this conversation's data was erased at or after ``moment``."""
    return session.scalar(select(Wisverzoek.id).where(
        Wisverzoek.conversation_id == conversation_id,
        Wisverzoek.aangevraagd_op >= moment).limit(1)) is not None


def erase(session: Session, subject: Subject, *, door: str) -> Wisverzoek:
    """Delete every row of the subject and log the erasure (the caller commits).

    The conversation's free texts for editors (unanswered questions, feedback comments)
    lose their text; their anonymous counts stay. The conversation id is kept in the log
    so that the retention job can delete the conversation from Rasa's tracker store as
    well; then it is cleared."""
    counts = subject.counts()
    for row in (*subject.overdrachten, *subject.scans, *subject.intakes):
        session.delete(row)
    if subject.conversation_ids:
        session.execute(
            update(Gebeurtenis)
            .where(Gebeurtenis.gesprek_hash.in_(
                [conversation_hash(c) for c in subject.conversation_ids]))
            .values(tekst=None, gesprek_hash=None)
            .execution_options(synchronize_session=False))
    conversations = sorted(subject.conversation_ids) or [None]
    logs = [Wisverzoek(door=door, aantallen=counts if index == 0 else {},
                       conversation_id=conversation)
            for index, conversation in enumerate(conversations)]
    session.add_all(logs)
    session.flush()
    return logs[0]
