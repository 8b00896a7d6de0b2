"""The lifecycle of an overdracht: create, claim, messages, release, close, the queue.

Status flow::

    nieuw ──claim──▶ geclaimd ──vrijgeven──▶ vrijgegeven ──claim──▶ geclaimd …
      └──────────────────┴────────sluiten──────────┴──▶ gesloten

State changes are one conditional ``UPDATE … WHERE status IN (…)`` whose row count
says whether it happened, so two advisers claiming at once cannot both win (on SQLite,
which serialises writers, and on PostgreSQL, which re-checks the condition after the
row lock). Functions flush but do not commit: the caller owns the transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.handoff.config import HandoffSettings
from assistant.handoff.expectation import LIVE, expectation_for, render
from assistant.handoff.models import Bericht, Overdracht, Reden, Status, Urgentie, Van
from assistant.handoff.schemas import OverdrachtIn
from assistant.handoff.texts import text
from assistant.staff_tokens import StaffToken

# No 0/O, 1/I/L, 5/S, 8/B, U/V: readable over the phone and from a screen.
REFERENTIE_ALPHABET = "2345679ACDEFGHJKMNPQRTWXYZ"
OPEN_STATUSES = (Status.NIEUW, Status.GECLAIMD, Status.VRIJGEGEVEN)
CLAIMABLE = (Status.NIEUW, Status.VRIJGEGEVEN)
_URGENCY_ORDER = {Urgentie.HOOG: 0, Urgentie.NORMAAL: 1, Urgentie.LAAG: 2}


class HandoffError(Exception):
    """Base class of the errors below."""


class NotFound(HandoffError):
    """No such overdracht (or not for this conversation)."""


class IdempotencyConflict(HandoffError):
    """The Idempotency-Key was used before for a different overdracht."""


class Refusal(StrEnum):
    AL_GECLAIMD = "al_geclaimd"
    NIET_JOUW_CLAIM = "niet_jouw_claim"
    NIET_GECLAIMD = "niet_geclaimd"
    GESLOTEN = "gesloten"


class TransitionRefused(HandoffError):
    """The overdracht is not in a state that allows this (see ``reason``)."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


def _now() -> datetime:
    return datetime.now(UTC)


def new_referentie() -> str:
    """A random reference like ``OVD-7K4P-9Q2M``."""
    chars = "".join(secrets.choice(REFERENTIE_ALPHABET) for _ in range(8))
    return f"OVD-{chars[:4]}-{chars[4:]}"


def _by_key(session: Session, idempotency_key: str) -> Overdracht | None:
    return session.scalar(select(Overdracht).where(Overdracht.idempotency_key == idempotency_key))


def _replay(existing: Overdracht, fingerprint: str) -> tuple[Overdracht, bool]:
    if existing.inhoud_hash != fingerprint:
        raise IdempotencyConflict(existing.referentie)
    return existing, False


def create(
    session: Session,
    data: OverdrachtIn,
    *,
    idempotency_key: str,
    config: HandoffSettings,
    now: datetime | None = None,
    available: bool = True,
) -> tuple[Overdracht, bool]:
    """Store a new overdracht; returns it and whether it is new.

    ``available``: an adviser is available for live chat now (see waiting.py). A live
    hand-off is told its place in the queue; a call-back asks for contact details when
    the intake has none.

    The same key with the same content returns the stored overdracht (``False``); the
    same key with other content raises ``IdempotencyConflict``. A concurrent insert
    with the same key rolls the session back and is answered as a replay.
    """
    fingerprint = data.fingerprint()
    existing = _by_key(session, idempotency_key)
    if existing is not None:
        return _replay(existing, fingerprint)
    now = now or _now()
    urgentie = data.urgentie or (
        Urgentie.HOOG if data.reden == Reden.GEVOELIG else Urgentie.NORMAAL
    )
    content = data.model_dump(mode="json", exclude={"urgentie", "toestemming_op",
                                                      "toestemming_tekstversie"})
    for _attempt in range(5):
        referentie = new_referentie()
        verwachting = expectation_for(
            now,
            referentie=referentie,
            schedule=config.schedule(),
            contact_working_days=config.contact_working_days,
            available=available,
            contact_known=intake_contact(data.intake),
        )
        overdracht = Overdracht(
            **content,
            referentie=referentie,
            status=Status.NIEUW,
            urgentie=urgentie,
            verwachting=verwachting.stored(),
            idempotency_key=idempotency_key,
            inhoud_hash=fingerprint,
            aangemaakt_op=now,
            toestemming_op=data.toestemming_op or now,
            toestemming_tekstversie=data.toestemming_tekstversie,
        )
        session.add(overdracht)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            existing = _by_key(session, idempotency_key)
            if existing is not None:
                return _replay(existing, fingerprint)
            continue  # the referentie was taken: draw another
        if verwachting.code == LIVE:
            params = {**verwachting.params, "positie": position(session, overdracht)}
            overdracht.verwachting = render(LIVE, params).stored()
            session.flush()
        return overdracht, True
    raise RuntimeError("no free referentie after 5 attempts")


def intake_contact(intake: dict | None) -> bool:
    """Whether the intake holds an e-mail address or phone number."""
    return bool(intake and (intake.get("email") or intake.get("telefoon")))


def position(session: Session, overdracht: Overdracht) -> int | None:
    """The overdracht's place among the claimable ones (1 = next), None when not waiting."""
    if overdracht.status not in CLAIMABLE:
        return None
    ids = [row_id for row_id in session.scalars(_queue_query(list(CLAIMABLE), limit=500)
                                                .with_only_columns(Overdracht.id))]
    return ids.index(overdracht.id) + 1 if overdracht.id in ids else len(ids) + 1


def get(session: Session, overdracht_id: int, *, for_update: bool = False) -> Overdracht:
    overdracht = session.get(
        Overdracht, overdracht_id, populate_existing=True, with_for_update=for_update
    )
    if overdracht is None:
        raise NotFound(str(overdracht_id))
    return overdracht


def _transition(
    session: Session, overdracht_id: int, condition: ColumnElement[bool], **values
) -> bool:
    """Apply ``values`` only if ``condition`` holds; True if the row changed."""
    result = session.execute(
        update(Overdracht)
        .where(Overdracht.id == overdracht_id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _held_by(staff: StaffToken) -> ColumnElement[bool]:
    """Claimed by this adviser (a beheerder may act on anyone's claim)."""
    if staff.rol == "beheerder":
        return Overdracht.status == Status.GECLAIMD
    return and_(Overdracht.status == Status.GECLAIMD, Overdracht.geclaimd_door_id == staff.id)


def _refusal(overdracht: Overdracht) -> TransitionRefused:
    """Why an action that needs the caller's claim cannot happen now."""
    if overdracht.status == Status.GESLOTEN:
        return TransitionRefused(Refusal.GESLOTEN)
    if overdracht.status != Status.GECLAIMD:
        return TransitionRefused(Refusal.NIET_GECLAIMD)
    return TransitionRefused(Refusal.NIET_JOUW_CLAIM)


def _system_line(session: Session, overdracht: Overdracht, key: str, now: datetime, **params):
    session.add(
        Bericht(
            overdracht_id=overdracht.id,
            van=Van.SYSTEEM,
            tekst=text("systeem", key, **params),
            tijd=now,
            afgeleverd=True,
        )
    )


def claim(
    session: Session, overdracht_id: int, staff: StaffToken, *, now: datetime | None = None
) -> Overdracht:
    """Take the overdracht; exactly one of several simultaneous claims wins.

    Claiming what you already hold returns it unchanged.
    """
    now = now or _now()
    won = _transition(
        session,
        overdracht_id,
        Overdracht.status.in_(CLAIMABLE),
        status=Status.GECLAIMD,
        geclaimd_door_id=staff.id,
        geclaimd_door_naam=staff.naam,
        geclaimd_op=now,
    )
    overdracht = get(session, overdracht_id)
    if won:
        _system_line(session, overdracht, "geclaimd", now, naam=staff.naam)
        session.flush()
        return overdracht
    if overdracht.status == Status.GECLAIMD:
        if overdracht.geclaimd_door_id == staff.id:
            return overdracht
        raise TransitionRefused(Refusal.AL_GECLAIMD)
    raise _refusal(overdracht)


def release(
    session: Session, overdracht_id: int, staff: StaffToken, *, now: datetime | None = None
) -> Overdracht:
    """Vrijgeven: the bot takes the conversation back; another adviser may claim it."""
    now = now or _now()
    released = _transition(
        session,
        overdracht_id,
        _held_by(staff),
        status=Status.VRIJGEGEVEN,
        geclaimd_door_id=None,
        geclaimd_door_naam=None,
    )
    overdracht = get(session, overdracht_id)
    if not released:
        raise _refusal(overdracht)
    _system_line(session, overdracht, "vrijgegeven", now, naam=staff.naam)
    session.flush()
    return overdracht


def close(
    session: Session,
    overdracht_id: int,
    staff: StaffToken,
    *,
    uitkomst: str,
    doorverwezen_naar: str | None = None,
    notitie: str | None = None,
    now: datetime | None = None,
) -> Overdracht:
    """Sluiten with an uitkomst: by the adviser who holds it, or by anyone while unclaimed
    (for example after a phone call outside the chat). The closer is recorded."""
    now = now or _now()
    closed = _transition(
        session,
        overdracht_id,
        or_(Overdracht.status.in_(CLAIMABLE), _held_by(staff)),
        status=Status.GESLOTEN,
        geclaimd_door_id=staff.id,
        geclaimd_door_naam=staff.naam,
        gesloten_op=now,
        uitkomst=uitkomst,
        doorverwezen_naar=doorverwezen_naar or None,
        notitie=notitie or None,
    )
    overdracht = get(session, overdracht_id)
    if not closed:
        raise _refusal(overdracht)
    _system_line(
        session, overdracht, "gesloten", now,
        naam=staff.naam, uitkomst=text("uitkomsten", uitkomst),
    )
    session.flush()
    return overdracht


def _add_message(session: Session, overdracht: Overdracht, van: Van, tekst: str, now: datetime,
                 *, afgeleverd: bool) -> Bericht:
    bericht = Bericht(overdracht_id=overdracht.id, van=van, tekst=tekst, tijd=now,
                      afgeleverd=afgeleverd)
    session.add(bericht)
    session.flush()
    return bericht


def add_adviser_message(
    session: Session, overdracht_id: int, staff: StaffToken, tekst: str,
    *, now: datetime | None = None,
) -> tuple[Overdracht, Bericht]:
    """A reply by the adviser who holds the overdracht; the first one sets
    ``eerste_reactie_op``. Delivery to the channel is the caller's (see delivery.py)."""
    now = now or _now()
    overdracht = get(session, overdracht_id, for_update=True)
    if overdracht.status != Status.GECLAIMD or overdracht.geclaimd_door_id != staff.id:
        raise _refusal(overdracht)
    if overdracht.eerste_reactie_op is None:
        overdracht.eerste_reactie_op = now
    return overdracht, _add_message(session, overdracht, Van.ADVISEUR, tekst, now, afgeleverd=False)


def add_note(session: Session, overdracht_id: int, staff: StaffToken, tekst: str,
             *, now: datetime | None = None) -> Bericht:
    """An internal note by any adviser, for colleagues: never sent to the ondernemer."""
    overdracht = get(session, overdracht_id)
    line = text("systeem", "notitie", naam=staff.naam, tekst=tekst)
    return _add_message(session, overdracht, Van.NOTITIE, line, now or _now(), afgeleverd=True)


def add_ondernemer_messages(
    session: Session, overdracht_id: int, messages: Sequence[tuple[datetime, str]]
) -> int:
    """Put the ondernemer's messages of a takeover in the thread, each exactly once.

    ``messages`` are ``(time, text)`` as read from the conversation (all of the
    takeover, every time). Those up to ``ondernemer_gelezen_tot`` are stored already;
    moving that mark is a compare-and-set, so of two requests syncing at the same time
    only one stores the new messages. Returns how many were added.
    """
    overdracht = get(session, overdracht_id)
    seen = overdracht.ondernemer_gelezen_tot
    new = [(tijd, tekst) for tijd, tekst in messages if seen is None or tijd > seen]
    if not new:
        return 0
    mark = Overdracht.ondernemer_gelezen_tot
    unchanged = mark.is_(None) if seen is None else mark == seen
    if not _transition(session, overdracht_id, unchanged,
                       ondernemer_gelezen_tot=max(tijd for tijd, _ in new)):
        return 0  # another request stored them just now
    for tijd, tekst in new:
        _add_message(session, overdracht, Van.ONDERNEMER, tekst, tijd, afgeleverd=True)
    return len(new)


def adviser_messages(
    session: Session, conversation_id: str, *, after_id: int = 0
) -> list[Bericht]:
    """The advisers' messages to this conversation with an id above ``after_id``."""
    return list(session.scalars(
        select(Bericht)
        .join(Overdracht)
        .where(Overdracht.conversation_id == conversation_id, Bericht.van == Van.ADVISEUR,
               Bericht.id > after_id)
        .order_by(Bericht.id)
    ))


def open_for_conversation(session: Session, conversation_id: str) -> Overdracht | None:
    """The newest open overdracht of this conversation, if any."""
    return session.scalar(
        select(Overdracht)
        .where(Overdracht.conversation_id == conversation_id,
               Overdracht.status.in_(OPEN_STATUSES))
        .order_by(Overdracht.aangemaakt_op.desc(), Overdracht.id.desc())
        .limit(1)
    )


def mark_delivered(session: Session, bericht: Bericht) -> None:
    bericht.afgeleverd = True
    session.flush()


def queue(
    session: Session,
    *,
    status: Sequence[str] | None = None,
    thema: str | None = None,
    regio: str | None = None,
    urgentie: str | None = None,
    limit: int = 100,
) -> list[Overdracht]:
    """Open overdrachten (or those with ``status``), most urgent first, then oldest."""
    return list(session.scalars(_queue_query(status, thema=thema, regio=regio,
                                             urgentie=urgentie, limit=limit)))


SEARCH_FIELDS = ("contactnaam", "bedrijfsnaam", "kvk_nummer", "email")
MAX_SEARCHED = 2000


def search(session: Session, term: str, *, status: Sequence[str] | None = None,
           limit: int = 100) -> list[Overdracht]:
    """Overdrachten (open and closed, newest first) whose dossiernummer, intake
    referentie, name, company, KvK-nummer or e-mail address contains ``term``."""
    needle = term.strip().casefold()
    query = (select(Overdracht)
             .where(Overdracht.status.in_(status or list(Status)))
             .order_by(Overdracht.aangemaakt_op.desc(), Overdracht.id.desc())
             .limit(MAX_SEARCHED))
    found = []
    for overdracht in session.scalars(query):
        intake = overdracht.intake or {}
        values = [overdracht.referentie, overdracht.intake_referentie,
                  overdracht.contact_email, *(intake.get(key) for key in SEARCH_FIELDS)]
        if any(needle in str(value).casefold() for value in values if value):
            found.append(overdracht)
            if len(found) == limit:
                break
    return found


def _queue_query(status: Sequence[str] | None, *, thema: str | None = None,
                 regio: str | None = None, urgentie: str | None = None, limit: int = 100):
    query = select(Overdracht).where(Overdracht.status.in_(status or OPEN_STATUSES))
    for column, value in (
        (Overdracht.thema, thema),
        (Overdracht.regio, regio),
        (Overdracht.urgentie, urgentie),
    ):
        if value is not None:
            query = query.where(column == value)
    urgency_rank = case(_URGENCY_ORDER, value=Overdracht.urgentie, else_=len(_URGENCY_ORDER))
    return query.order_by(urgency_rank, Overdracht.aangemaakt_op, Overdracht.id).limit(limit)
