"""Jobs that run by themselves every so often, on one of several processes at a time.

A row per job in ``geplande_taken`` holds when it is due next. ``claim`` moves that
moment on with one conditional UPDATE: of several API replicas checking at the same
time, exactly one gets the row and does the work; the others wait for the next turn.
The schedule lives in the database, so a restart neither skips nor repeats a run.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import String, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from assistant.db import Base
from assistant.handoff.models import UtcDateTime


class GeplandeTaak(Base):
    __tablename__ = "geplande_taken"

    naam: Mapped[str] = mapped_column(String(40), primary_key=True)
    volgende_op: Mapped[datetime] = mapped_column(UtcDateTime())
    laatst_op: Mapped[datetime | None] = mapped_column(UtcDateTime())


def claim(session: Session, name: str, interval: timedelta,
          now: datetime | None = None) -> bool:
    """True when this process should run the job now (then the next run is planned).
    A job seen for the first time is planned one interval from now. Commits."""
    now = now or datetime.now(UTC)
    if session.get(GeplandeTaak, name) is None:
        session.add(GeplandeTaak(naam=name, volgende_op=now + interval))
        try:
            session.commit()
        except IntegrityError:  # another replica planned it at the same moment
            session.rollback()
        return False
    claimed = session.execute(
        update(GeplandeTaak)
        .where(GeplandeTaak.naam == name, GeplandeTaak.volgende_op <= now)
        .values(volgende_op=now + interval, laatst_op=now)
        .execution_options(synchronize_session=False)).rowcount == 1
    session.commit()
    return claimed
