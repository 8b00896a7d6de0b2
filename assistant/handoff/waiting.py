"""Between the hand-off and the adviser: availability, the queue, messages while
waiting, contact details, and the two time-outs.

- Advisers tick "beschikbaar" on the adviser page, which renews their row in
  ``adviseur_beschikbaarheid`` every 30 s; live takeover is offered only while one was
  seen within ``available_seconds``.
- Everything the ondernemer types while an overdracht is open and nobody holds it goes
  into its thread (``take_message``); an e-mail address or phone number in it (read by
  the intake's validators) is kept as the way to reach them. The answer says where the
  ondernemer stands: place in the queue, or when and how the team will get in touch.
- ``sweep`` finds live hand-offs nobody claimed within ``claim_timeout_minutes`` (then
  the ondernemer is offered a call-back) and claimed conversations without an adviser
  message for ``silence_minutes`` (then the bot takes over again, the overdracht goes
  back to the queue with ``teruggezet_op`` as its mark). The caller tells the
  ondernemer (``Notice``) after committing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from assistant.handoff import service
from assistant.handoff.config import HandoffSettings
from assistant.handoff.expectation import CONTACT, CONTACT_ASKED, LIVE, call_back, render
from assistant.handoff.models import Bericht, Beschikbaarheid, Overdracht, Status, Van
from assistant.handoff.texts import text
from assistant.intake.contact import validate_email
from assistant.intake.extract import extract_fields
from assistant.intake.result import Invalid
from assistant.staff_tokens import StaffToken

NOT_ON_TIME = "niet_op_tijd"


def _now() -> datetime:
    return datetime.now(UTC)


# ------------------------------------------------------------------ availability

def set_available(session: Session, staff: StaffToken, available: bool,
                  *, now: datetime | None = None) -> None:
    """The adviser page says this adviser is (still) available for live chat, or not."""
    row = session.get(Beschikbaarheid, staff.id)
    if not available:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Beschikbaarheid(staff_id=staff.id, laatst_gezien=now or _now()))
    else:
        row.laatst_gezien = now or _now()
    session.flush()


def available_advisers(session: Session, config: HandoffSettings,
                       *, now: datetime | None = None) -> int:
    """How many advisers the adviser page saw as available within ``available_seconds``."""
    since = (now or _now()) - timedelta(seconds=config.available_seconds)
    session.execute(delete(Beschikbaarheid).where(Beschikbaarheid.laatst_gezien < since))
    return session.scalar(select(func.count()).select_from(Beschikbaarheid)) or 0


# ------------------------------------------------------------------ the queue

def contact_known(overdracht: Overdracht) -> bool:
    """Whether the team has a way to reach the ondernemer outside this chat."""
    return bool(overdracht.contact_email or overdracht.contact_telefoon
                or service.intake_contact(overdracht.intake))


def waiting_live(overdracht: Overdracht) -> bool:
    """Waiting for an adviser to take the chat over now (not for a call-back)."""
    if overdracht.status == Status.NIEUW:
        return (overdracht.verwachting or {}).get("code") == LIVE
    return overdracht.status == Status.VRIJGEGEVEN and overdracht.teruggezet_op is not None


def promise(overdracht: Overdracht) -> str:
    """The call-back the ondernemer waits for: promised once the team can reach them,
    asked for (e-mail address or phone number) until then."""
    stored = overdracht.verwachting or {}
    code = CONTACT if contact_known(overdracht) else CONTACT_ASKED
    return render(code, dict(stored.get("params") or {})).tekst


def fall_back(overdracht: Overdracht, config: HandoffSettings, *, now: datetime) -> str:
    """Nobody claimed in time: switch to a call-back; returns what to tell."""
    expectation = call_back(now, referentie=overdracht.referentie,
                            schedule=config.schedule(),
                            contact_working_days=config.contact_working_days,
                            contact_known=contact_known(overdracht), waarom=NOT_ON_TIME)
    overdracht.verwachting = expectation.stored()
    overdracht.terugval_op = now
    if expectation.code == CONTACT:  # the reason goes before a plain promise
        return f"{text('verwachting', 'waarom', NOT_ON_TIME)} {expectation.tekst}"
    return expectation.tekst


# ------------------------------------------------------------------ messages while waiting

@dataclass(frozen=True)
class Waiting:
    """The answer to a message typed while waiting."""

    opgeslagen: bool
    wachtend: bool = False
    referentie: str | None = None
    positie: int | None = None
    antwoord: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"opgeslagen": self.opgeslagen, "wachtend": self.wachtend,
                "referentie": self.referentie, "positie": self.positie,
                "antwoord": self.antwoord}


def waiting_overdracht(session: Session, conversation_id: str) -> Overdracht | None:
    """The conversation's open overdracht that nobody holds, if any."""
    current = service.open_for_conversation(session, conversation_id)
    return current if current is not None and current.status in service.CLAIMABLE else None


def _contact_details(tekst: str) -> tuple[dict[str, str], str | None]:
    """E-mail address and phone number in the message, and the intake's explanation
    when something looks like an e-mail address but is not a valid one."""
    found = extract_fields(tekst)
    details = {key: found[key] for key in ("email", "telefoon") if found.get(key)}
    problem = None
    if "@" in tekst and "email" not in details:
        checked = validate_email(tekst)
        problem = checked.message if isinstance(checked, Invalid) else None
    return details, problem


def take_message(session: Session, conversation_id: str, tekst: str, tijd: datetime
                 ) -> Waiting:
    """Store a message typed while the overdracht waits (once: a resend of the same
    message at the same time is not stored again) and say where the ondernemer stands."""
    overdracht = waiting_overdracht(session, conversation_id)
    if overdracht is None:
        return Waiting(opgeslagen=False)
    stored = session.scalar(select(Bericht.id).where(
        Bericht.overdracht_id == overdracht.id, Bericht.van == Van.ONDERNEMER,
        Bericht.tijd == tijd, Bericht.tekst == tekst))
    if stored is None:
        session.add(Bericht(overdracht_id=overdracht.id, van=Van.ONDERNEMER, tekst=tekst,
                            tijd=tijd, afgeleverd=True))
    details, problem = _contact_details(tekst)
    if "email" in details:
        overdracht.contact_email = details["email"]
    if "telefoon" in details:
        overdracht.contact_telefoon = details["telefoon"]
    if details and (overdracht.verwachting or {}).get("code") == CONTACT_ASKED:
        overdracht.verwachting = {**overdracht.verwachting, "code": CONTACT}  # promised now
    session.flush()
    live = waiting_live(overdracht)
    place = service.position(session, overdracht)
    parts = [text("wachten", "ontvangen")]
    if problem:
        parts.append(problem)
    if details:
        given = " en ".join(details.values())
        parts.append(text("wachten", "contact_ontvangen", contact=given))
    if live:
        parts.append(text("wachten", "positie", positie=place))
    elif overdracht.status == Status.NIEUW:
        parts.append(promise(overdracht))
    return Waiting(opgeslagen=True, wachtend=live or overdracht.status == Status.NIEUW,
                   referentie=overdracht.referentie, positie=place,
                   antwoord=" ".join(parts))


# ------------------------------------------------------------------ time-outs

@dataclass(frozen=True)
class Notice:
    """Something to tell the ondernemer after the sweep is committed."""

    overdracht_id: int
    tekst: str
    resume: bool  # the bot takes the conversation back first


def _last_adviser_activity(session: Session, overdracht: Overdracht) -> datetime:
    latest = session.scalar(select(func.max(Bericht.tijd)).where(
        Bericht.overdracht_id == overdracht.id, Bericht.van == Van.ADVISEUR))
    moments = [moment for moment in (overdracht.geclaimd_op, latest) if moment is not None]
    return max(moments) if moments else overdracht.aangemaakt_op


def sweep(session: Session, config: HandoffSettings, *, now: datetime | None = None
          ) -> list[Notice]:
    """Apply both time-outs; returns what to tell which ondernemer."""
    now = now or _now()
    notices: list[Notice] = []
    claim_deadline = now - timedelta(minutes=config.claim_timeout_minutes)
    unclaimed = list(session.scalars(select(Overdracht).where(
        Overdracht.status == Status.NIEUW, Overdracht.terugval_op.is_(None),
        Overdracht.aangemaakt_op <= claim_deadline)))
    for overdracht in unclaimed:
        if (overdracht.verwachting or {}).get("code") != LIVE:
            continue
        # Conditional, so that of two API processes sweeping at once only one tells.
        if not service._transition(session, overdracht.id,
                                   and_(Overdracht.status == Status.NIEUW,
                                        Overdracht.terugval_op.is_(None)),
                                   terugval_op=now):
            continue
        tell = fall_back(overdracht, config, now=now)
        session.add(Bericht(overdracht_id=overdracht.id, van=Van.SYSTEEM, tijd=now,
                            afgeleverd=True,
                            tekst=text("systeem", "niet_op_tijd",
                                       minuten=_minutes(config.claim_timeout_minutes))))
        notices.append(Notice(overdracht.id, tell, resume=False))
    silence_deadline = now - timedelta(minutes=config.silence_minutes)
    claimed = list(session.scalars(select(Overdracht).where(
        Overdracht.status == Status.GECLAIMD, Overdracht.geclaimd_op <= silence_deadline)))
    for overdracht in claimed:
        if _last_adviser_activity(session, overdracht) > silence_deadline:
            continue
        naam = overdracht.geclaimd_door_naam or "De adviseur"
        if not service._transition(session, overdracht.id,
                                   Overdracht.status == Status.GECLAIMD,
                                   status=Status.VRIJGEGEVEN, geclaimd_door_id=None,
                                   geclaimd_door_naam=None, teruggezet_op=now):
            continue
        session.add(Bericht(overdracht_id=overdracht.id, van=Van.SYSTEEM, tijd=now,
                            afgeleverd=True,
                            tekst=text("systeem", "teruggezet", naam=naam,
                                       minuten=_minutes(config.silence_minutes))))
        notices.append(Notice(overdracht.id, text("wachten", "adviseur_stil"), resume=True))
    session.flush()
    return notices


def _minutes(value: float) -> str:
    return f"{value:g}"

