"""Database plumbing: the declarative base, engines and sessions (SQLAlchemy 2 style).

Models live with their feature (``assistant/<feature>/models.py``) and derive from
``Base``. Engines are created lazily, one per URL, never at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    pass


@lru_cache
def get_engine(url: str) -> Engine:
    """One engine per database URL; SQLite gets WAL and a busy timeout.

    ``synchronous=NORMAL`` in WAL mode: a commit survives a crash or restart of the
    process (not a power cut of the machine), without an fsync per commit."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - trivial
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache
def get_sessionmaker(url: str) -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(url), expire_on_commit=False)


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = get_sessionmaker(url)()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def create_schema(url: str) -> None:
    """Create all tables of the imported models (local mode; production uses Alembic)."""
    import assistant.models  # noqa: F401  (registers every model on Base)

    Base.metadata.create_all(get_engine(url))


def ping(url: str) -> None:
    """Raise if the database cannot be reached."""
    with get_engine(url).connect() as connection:
        connection.execute(text("SELECT 1"))
