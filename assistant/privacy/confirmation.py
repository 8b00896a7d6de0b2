"""Erasing a dossier from another conversation: only after a click in an e-mail.

Someone in a new chat conversation gives a dossiernummer and asks to erase its data.
The number alone is not proof of who asks, so nothing is erased yet:

1. ``request_link``: when the dossier (an intake) exists and has an e-mail address, a
   one-time token is made (only its SHA-256 is stored) that expires after
   ``Settings.erasure_link_hours``; the caller e-mails the link (``email_message``) to
   that address, and to that address only. The caller answers the same whether or not
   anything was sent, so the answer does not tell whether a dossier exists.
2. ``open_link``: the confirmation page shows which dossier the link is for. Opening
   it never erases anything (mail scanners open links).
3. ``confirm``: the form post from that page marks the token used (once, also when two
   posts race) and erases the dossier with ``subjects.erase``.

The retention job deletes expired tokens (``delete_expired``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from assistant.intake.models import Intake
from assistant.intake.referentie import normalise_referentie
from assistant.privacy import subjects
from assistant.privacy.models import Wisbevestiging

# Unused links per dossier at the same time: more requests send no more e-mail, so the
# open endpoint cannot be used to flood someone's mailbox.
MAX_OPEN_LINKS = 3
DOOR = "ondernemer-link"
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

SUBJECT = "Bevestig het verwijderen van je gegevens (dossier {referentie})"
BODY = """Hallo,

In de chat van Schakel heeft iemand gevraagd om alle gegevens van dossier {referentie} \
te verwijderen: je intake, de gesprekken met onze adviseurs en je bedrijfsscans.

Er gebeurt niets zonder jouw klik. Wil je dat we je gegevens verwijderen? Open dan deze \
link en bevestig het daar:

{link}

De link werkt één keer en {uren} uur lang.

Heb je hier niet om gevraagd? Dan kun je deze e-mail negeren. Je gegevens blijven dan \
gewoon bewaard.

Groeten,
Het MKB Schakelteam
"""


@dataclass(frozen=True)
class Link:
    """A new confirmation link: the plain token exists only here and in the e-mail."""

    token: str
    referentie: str
    email: str
    verloopt_op: datetime


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def request_link(session: Session, referentie: str, *, hours: int,
                 idempotency_key: str | None = None,
                 now: datetime | None = None) -> Link | None:
    """A new link for this dossier, or None: no such dossier, no e-mail address, a
    retry of a request already handled, or enough links still open (the caller
    commits)."""
    now = _now(now)
    normalised = normalise_referentie(referentie)
    if normalised is None:
        return None
    if idempotency_key and session.scalar(select(Wisbevestiging.id).where(
            Wisbevestiging.idempotency_key == idempotency_key)) is not None:
        return None
    email = session.scalar(select(Intake.email).where(Intake.referentie == normalised))
    if not email:
        return None
    open_links = session.scalar(select(func.count()).select_from(Wisbevestiging).where(
        Wisbevestiging.referentie == normalised, Wisbevestiging.gebruikt_op.is_(None),
        Wisbevestiging.verloopt_op > now))
    if open_links >= MAX_OPEN_LINKS:
        return None
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    session.add(Wisbevestiging(token_hash=hash_token(token), referentie=normalised,
                               idempotency_key=idempotency_key, aangemaakt_op=now,
                               verloopt_op=expires))
    session.flush()
    return Link(token=token, referentie=normalised, email=email, verloopt_op=expires)


def email_message(link: Link, url: str, *, sender: str, hours: int) -> EmailMessage:
    """The e-mail to the dossier's own address, with the link to the confirmation page."""
    message = EmailMessage()
    message["Subject"] = SUBJECT.format(referentie=link.referentie)
    message["From"] = sender
    message["To"] = link.email
    message.set_content(BODY.format(referentie=link.referentie, link=url, uren=hours))
    return message


def open_link(session: Session, token: str, now: datetime | None = None) -> Wisbevestiging | None:
    """The unused, unexpired link with this token; None otherwise. Changes nothing."""
    if not _TOKEN_SHAPE.match(token or ""):
        return None
    return session.scalar(select(Wisbevestiging).where(
        Wisbevestiging.token_hash == hash_token(token), Wisbevestiging.gebruikt_op.is_(None),
        Wisbevestiging.verloopt_op > _now(now)))


def preview(session: Session, link: Wisbevestiging) -> dict[str, int]:
    """What confirming would erase now, per kind."""
    return subjects.find(session, referentie=link.referentie).counts()


@dataclass(frozen=True)
class Erased:
    referentie: str
    aantallen: dict[str, int]


def confirm(session: Session, token: str, now: datetime | None = None) -> Erased | None:
    """Use the link and erase its dossier: what was erased, or None when the link is
    unknown, expired or used (then nothing happens). The caller commits."""
    now = _now(now)
    link = open_link(session, token, now)
    if link is None:
        return None
    # Conditional update: of two posts at the same moment only one gets the row.
    claimed = session.execute(
        update(Wisbevestiging)
        .where(Wisbevestiging.id == link.id, Wisbevestiging.gebruikt_op.is_(None))
        .values(gebruikt_op=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return None
    subject = subjects.find(session, referentie=link.referentie)
    counts = subject.counts()
    subjects.erase(session, subject, door=DOOR)
    # The other open links of this dossier have nothing left to erase.
    session.execute(
        update(Wisbevestiging)
        .where(Wisbevestiging.referentie == link.referentie,
               Wisbevestiging.gebruikt_op.is_(None))
        .values(gebruikt_op=now)
        .execution_options(synchronize_session=False))
    return Erased(referentie=link.referentie, aantallen=counts)


def delete_expired(session: Session, now: datetime) -> int:
    """Retention: links past their expiry go, used or not."""
    return session.execute(
        delete(Wisbevestiging).where(Wisbevestiging.verloopt_op <= now)).rowcount
