"""Shared FastAPI dependencies: settings and a database session per request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from assistant.db import get_sessionmaker
from assistant.settings import Settings


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_db(settings: Annotated[Settings, Depends(get_app_settings)]) -> Iterator[Session]:
    session = get_sessionmaker(settings.database_url)()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
# scope="function": commit before the response is sent, so a client never sees a
# 201 for data that is not stored yet.
DbDep = Annotated[Session, Depends(get_db, scope="function")]

# Database ids are 64-bit integers: a larger or negative id in a path is refused (422 in
# Dutch) before it reaches the database, which would fail on it.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
