"""Bearer tokens for staff (frontdesk, adviseur, beheerder), stored hashed.

A token is shown once when it is created; the database keeps only its SHA-256 hash
(tokens are 256-bit random, so a slow password hash adds nothing). Every token expires
(``Settings.staff_token_days`` unless another lifetime is given) and records when it was
last used; an expired or revoked token is refused.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base
from assistant.handoff.models import UtcDateTime

ROLES = ("frontdesk", "adviseur", "beheerder")
TOKEN_PREFIX = "sch_"
DEFAULT_LIFETIME = timedelta(days=90)
# Last use is written at most this often per token (not on every request).
LAST_USE_PRECISION = timedelta(minutes=1)


def _now() -> datetime:
    return datetime.now(UTC)


class StaffToken(Base):
    __tablename__ = "staff_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    naam: Mapped[str] = mapped_column(String(100))
    rol: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    ingetrokken_op: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verloopt_op: Mapped[datetime] = mapped_column(
        UtcDateTime(), default=lambda: _now() + DEFAULT_LIFETIME)
    laatst_gebruikt_op: Mapped[datetime | None] = mapped_column(UtcDateTime())

    def status(self, now: datetime | None = None) -> str:
        """"actief", "verlopen" or "ingetrokken"."""
        if self.ingetrokken_op is not None:
            return "ingetrokken"
        return "verlopen" if self.verloopt_op <= (now or _now()) else "actief"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, *, naam: str, rol: str,
                 lifetime: timedelta = DEFAULT_LIFETIME) -> tuple[StaffToken, str]:
    """Create a token for a staff member that works for ``lifetime``; returns the row and
    the plain token (shown once)."""
    if rol not in ROLES:
        raise ValueError(f"Onbekende rol '{rol}'; kies uit: {', '.join(ROLES)}")
    if lifetime <= timedelta(0):
        raise ValueError("Een token moet minstens even geldig zijn.")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = _now()
    row = StaffToken(naam=naam, rol=rol, token_hash=hash_token(plain), aangemaakt_op=now,
                     verloopt_op=now + lifetime)
    session.add(row)
    session.flush()
    return row, plain


def revoke_token(session: Session, token_id: int) -> bool:
    row = session.get(StaffToken, token_id)
    if row is None or row.ingetrokken_op is not None:
        return False
    row.ingetrokken_op = _now()
    return True


def find(session: Session, plain: str) -> StaffToken | None:
    """The token with this secret, whatever its status."""
    return session.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(plain)))


def find_active(session: Session, plain: str) -> StaffToken | None:
    """The token when it is neither revoked nor expired; its last use is noted."""
    row = find(session, plain)
    now = _now()
    if row is None or row.status(now) != "actief":
        return None
    if row.laatst_gebruikt_op is None or now - row.laatst_gebruikt_op >= LAST_USE_PRECISION:
        row.laatst_gebruikt_op = now
    return row


def list_tokens(session: Session) -> list[StaffToken]:
    return list(session.scalars(select(StaffToken).order_by(StaffToken.id)))
