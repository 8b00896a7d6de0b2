"""Fault tests: real processes are killed and restarted.

- ``local_stack``: the local stack (SQLite tracker store, Redis lock store) of this
  module's own, so killing its processes disturbs no other test.
- ``prod_stack``: production mode (PostgreSQL, Redis, two Rasa servers, two action
  servers, nginx), once per session. PostgreSQL refuses to run as root, so its folder
  lives under a /tmp folder the 'postgres' user can reach.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import Settings
from scripts.services import Service, free_port, start_and_wait
from scripts.stack import Stack
from scripts.stack_prod import ProdStack


def crash(service: Service) -> None:
    """Kill a service the hard way (SIGKILL), as a crash would."""
    assert service.alive(), f"{service.name} draait niet"
    os.killpg(service.process.pid, signal.SIGKILL)
    service.process.wait(timeout=30)


def revive(service: Service, log_dir: Path, timeout: float = 240) -> None:
    start_and_wait([service], log_dir, time.monotonic() + timeout)


def model_or_fail(settings: Settings) -> None:
    if not settings.rasa_model.exists():
        pytest.fail(f"Geen getraind model op {settings.rasa_model}: draai 'make test'.")


@pytest.fixture(scope="module")
def local_stack(tmp_path_factory) -> Iterator[Stack]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("lokaal"), rasa_port=free_port(),
                        action_port=free_port(), api_port=free_port())
    model_or_fail(settings)
    with Stack(settings) as running:
        yield running


@pytest.fixture(scope="session")
def prod_stack(tmp_path_factory) -> Iterator[ProdStack]:
    for tool in ("postgres", "redis-server", "nginx"):
        if shutil.which(tool) is None and not list(Path("/usr/lib/postgresql").glob("*/bin/"
                                                                                    + tool)):
            pytest.fail(f"{tool} ontbreekt: draai scripts/setup_system.sh (make test doet dat)")
    pg_parent = Path(tempfile.mkdtemp(prefix="schakel-pg-"))
    pg_parent.chmod(0o755)
    settings = Settings(data_dir=tmp_path_factory.mktemp("prod"))
    model_or_fail(settings)
    stack = ProdStack(settings, settings.data_dir, public_port=free_port(), rasa=2, actions=2,
                      api=1, pg_dir=pg_parent / "postgres")
    try:
        with stack:
            yield stack
    finally:
        shutil.rmtree(pg_parent, ignore_errors=True)
