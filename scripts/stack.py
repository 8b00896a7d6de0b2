"""Start and stop the whole local assistant: Rasa server, action server and API.

``make run`` calls ``python -m scripts.stack``; the end-to-end tests and the benchmark
use the ``Stack`` class. Ctrl-C (or SIGTERM) stops every process it started.

Each process logs to ``<data_dir>/logs/<name>.log``. Ports and paths come from
``assistant.settings`` (``SCHAKEL_RASA_PORT``, ``SCHAKEL_ACTION_PORT``,
``SCHAKEL_API_PORT``, ``SCHAKEL_DATA_DIR`` ...).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.settings import REPO_ROOT, Settings, get_settings

RASA_BIN = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
APP_PYTHON = REPO_ROOT / ".venv" / "bin" / "python"


# The commands of the three services, shared by this local stack and production mode
# (scripts/stack_prod.py). Rasa and the action server start through small wrappers that
# add privacy-safe logging and a calm answer when the action server is down.
def action_server_command(port: int) -> list[str]:
    return [str(APP_PYTHON), "-m", "scripts.action_server", "--actions", "actions",
            "--port", str(port)]


def api_command(host: str, port: int) -> list[str]:
    return [str(APP_PYTHON), "-m", "uvicorn", "api.main:create_app", "--factory",
            "--host", host, "--port", str(port)]


def rasa_command(model: Path, host: str, port: int, endpoints: str,
                 origins: list[str], extra: tuple[str, ...] = ()) -> list[str]:
    return [str(RASA_PYTHON), "-m", "rasa_ext", "run", "--enable-api", "--model", str(model),
            "--interface", host, "--port", str(port), "--endpoints", endpoints,
            "--credentials", "credentials.yml", *extra, "--cors", *origins]


@dataclass
class Service:
    name: str
    command: list[str]
    ready_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def start(self, log_dir: Path) -> None:
        self.log_path = log_dir / f"{self.name}.log"
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=REPO_ROOT,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us; we stop the children in order
        )
        log.close()

    def is_ready(self, client: httpx.Client) -> bool:
        try:
            return client.get(self.ready_url).status_code < 500
        except httpx.HTTPError:
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 15) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def rasa_env(settings: Settings) -> dict[str, str]:
    """Environment variables that endpoints.yml reads (local mode: SQLite tracker store)."""
    return {
        "SCHAKEL_ACTION_ENDPOINT": f"{settings.action_server_url}/webhook",
        "SCHAKEL_TRACKER_DIALECT": "sqlite",
        "SCHAKEL_TRACKER_DB": str(settings.data_dir / "rasa-tracker.db"),
        "RASA_TELEMETRY_ENABLED": "false",
    }


def browser_origins(settings: Settings) -> list[str]:
    """Origins whose pages may call Rasa from a browser: the API's own pages and the
    configured websites."""
    port = settings.api_port
    return [settings.api_url, f"http://localhost:{port}", f"http://127.0.0.1:{port}",
            *settings.cors_origins]


class Stack:
    """The three services of a local Schakel, started in dependency order."""

    def __init__(self, settings: Settings, model: Path | None = None) -> None:
        self.settings = settings
        model = model or settings.rasa_model
        shared_env = {
            "SCHAKEL_DATA_DIR": str(settings.data_dir),
            "SCHAKEL_RASA_PORT": str(settings.rasa_port),
            "SCHAKEL_ACTION_PORT": str(settings.action_port),
            "SCHAKEL_API_PORT": str(settings.api_port),
            "SCHAKEL_DATABASE_URL": settings.database_url,
        }
        self.services = [
            Service(
                "actieserver",
                action_server_command(settings.action_port),
                f"{settings.action_server_url}/health",
                shared_env,
            ),
            Service(
                "api",
                api_command(settings.host, settings.api_port),
                f"{settings.api_url}/api/v1/openapi.json",
                shared_env,
            ),
            Service(
                "rasa",
                rasa_command(model, settings.host, settings.rasa_port, "endpoints.yml",
                             browser_origins(settings)),
                f"{settings.rasa_url}/status",
                {**shared_env, **rasa_env(settings)},
            ),
        ]

    def start(self, timeout: float = 180) -> None:
        log_dir = self.settings.data_dir / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        for service in self.services:
            service.start(log_dir)
        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2) as client:
            pending = list(self.services)
            while pending:
                for service in list(pending):
                    if not service.alive():
                        self.stop()
                        raise RuntimeError(
                            f"{service.name} stopte tijdens het opstarten:\n{service.log_tail()}"
                        )
                    if service.is_ready(client):
                        pending.remove(service)
                if time.monotonic() > deadline:
                    self.stop()
                    names = ", ".join(s.name for s in pending)
                    raise RuntimeError(f"Niet op tijd gestart: {names}")
                time.sleep(0.5)

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()

    def dead(self) -> list[Service]:
        return [service for service in self.services if not service.alive()]

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def install_stop_signals() -> Callable[[], bool]:
    """Ctrl-C and SIGTERM ask the stack to stop; returns "was a stop asked?"."""
    requested = False

    def request_stop(_signum, _frame) -> None:
        nonlocal requested
        requested = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    return lambda: requested


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start Schakel locally.")
    settings = get_settings()
    parser.add_argument("--model", type=Path, default=settings.rasa_model)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"Geen getraind model op {args.model}. Gebruik 'make run'.", file=sys.stderr)
        return 1

    stop_requested = install_stop_signals()
    stack = Stack(settings, args.model)
    print("Schakel start op (Rasa laden duurt even)…", flush=True)
    try:
        stack.start()
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        "\nSchakel draait:\n"
        f"  Chatpagina      {settings.api_url}/\n"
        f"  API (OpenAPI)   {settings.api_url}/api/v1/docs\n"
        f"  Gezondheid      {settings.api_url}/api/v1/health\n"
        f"  Rasa REST       {settings.rasa_url}/webhooks/rest/webhook\n"
        f"  Rasa Socket.IO  {settings.rasa_url}/socket.io\n"
        f"  Actieserver     {settings.action_server_url}/webhook\n"
        f"  Logbestanden    {settings.data_dir / 'logs'}\n"
        "Stoppen: Ctrl-C\n",
        flush=True,
    )
    return supervise(stack, stop_requested)


def supervise(stack, stop_requested: Callable[[], bool],
              restart: Callable[[Service], bool] | None = None) -> int:
    """Watch a started stack until a stop is asked, then stop it. A service that dies
    ends it (exit code 1), unless ``restart`` brings that service back (returns True)."""
    try:
        while not stop_requested():
            for service in stack.dead():
                print(f"{service.name} is gestopt:\n{service.log_tail()}", file=sys.stderr)
                if restart is None or not restart(service):
                    return 1
            time.sleep(0.5)
    finally:
        print("Schakel stopt…", flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
