"""Bearer tokens for staff (frontdesk, adviseur, beheerder), stored hashed.

A token is shown once when it is created; the database keeps only its SHA-256 hash
(tokens are 256-bit random, so a slow password hash adds nothing).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import DateTime, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base

ROLES = ("frontdesk", "adviseur", "beheerder")
TOKEN_PREFIX = "sch_"


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


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, *, naam: str, rol: str) -> tuple[StaffToken, str]:
    """Create a token for a staff member; returns the row and the plain token (shown once)."""
    if rol not in ROLES:
        raise ValueError(f"Onbekende rol '{rol}'; kies uit: {', '.join(ROLES)}")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = StaffToken(naam=naam, rol=rol, token_hash=hash_token(plain))
    session.add(row)
    session.flush()
    return row, plain


def revoke_token(session: Session, token_id: int) -> bool:
    row = session.get(StaffToken, token_id)
    if row is None or row.ingetrokken_op is not None:
        return False
    row.ingetrokken_op = _now()
    return True


def find_active(session: Session, plain: str) -> StaffToken | None:
    row = session.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(plain)))
    if row is None or row.ingetrokken_op is not None:
        return None
    return row


def list_tokens(session: Session) -> list[StaffToken]:
    return list(session.scalars(select(StaffToken).order_by(StaffToken.id)))
