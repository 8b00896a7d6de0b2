"""Fixtures for the overdracht tests: a database, settings, staff, and (when the
binaries are there) a throw-away PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from assistant import db
from assistant.handoff import service
from assistant.handoff.config import HandoffSettings
from assistant.handoff.models import Overdracht
from assistant.handoff.schemas import OverdrachtIn
from assistant.staff_tokens import StaffToken, create_token
from scripts.services import free_port
from tests.handoff.samples import overdracht_payload

# A Tuesday during office hours, and one in the evening.
DURING_HOURS = datetime(2026, 4, 28, 10, 0, tzinfo=UTC)
EVENING = datetime(2026, 4, 28, 19, 30, tzinfo=UTC)


@pytest.fixture
def config() -> HandoffSettings:
    return HandoffSettings(contact_working_days=2)


@pytest.fixture
def db_url(settings) -> str:
    db.create_schema(settings.database_url)
    return settings.database_url


@pytest.fixture
def session(db_url) -> Iterator[Session]:
    with db.session_scope(db_url) as open_session:
        yield open_session


@pytest.fixture
def make_staff(db_url) -> Callable[..., StaffToken]:
    def factory(naam: str = "Anne de Vries", rol: str = "adviseur") -> StaffToken:
        with db.session_scope(db_url) as own:
            row, _ = create_token(own, naam=naam, rol=rol)
        return row

    return factory


@pytest.fixture
def make_overdracht(session, config) -> Callable[..., Overdracht]:
    """Create and commit an overdracht; keyword arguments change the payload."""
    counter = iter(range(1_000_000))

    def factory(now: datetime = DURING_HOURS, **overrides) -> Overdracht:
        data = OverdrachtIn.model_validate(overdracht_payload(**overrides))
        overdracht, created = service.create(
            session, data, idempotency_key=f"key-{next(counter)}", config=config, now=now
        )
        assert created
        session.commit()
        return overdracht

    return factory


def _postgres_binaries() -> str | None:
    initdb = shutil.which("initdb")
    return os.path.dirname(os.path.realpath(initdb)) if initdb else None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for this test session (skipped when it cannot be started)."""
    bindir = _postgres_binaries()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed")
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres and shutil.which("runuser") is None:
        pytest.skip("cannot run PostgreSQL as root")
    folder = tempfile.mkdtemp(prefix="schakel-pg-")
    if as_postgres:
        shutil.chown(folder, user="postgres")
    data, port = os.path.join(folder, "data"), free_port()
    pg_ctl = [*as_postgres, os.path.join(bindir, "pg_ctl"), "-D", data]
    try:
        subprocess.run(
            [*as_postgres, os.path.join(bindir, "initdb"), "-D", data, "-A", "trust",
             "-U", "postgres", "--no-sync"],
            check=True, capture_output=True,
        )
        subprocess.run(
            [*pg_ctl, "-w", "-l", os.path.join(folder, "log"), "start", "-o",
             f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"],
            check=True, capture_output=True,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)
