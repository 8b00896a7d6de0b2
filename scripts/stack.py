"""Start and stop the whole local assistant: Redis, action server, API and Rasa servers.

``make run`` calls ``python -m scripts.stack``; the end-to-end tests and the benchmark
use the ``Stack`` class. Ctrl-C (or SIGTERM) stops every process it started.

Each process logs to ``<data_dir>/logs/<name>.log``. Ports and paths come from
``assistant.settings`` (``SCHAKEL_RASA_PORT``, ``SCHAKEL_ACTION_PORT``,
``SCHAKEL_API_PORT``, ``SCHAKEL_DATA_DIR``, ``SCHAKEL_RASA_REPLICAS`` ...).

Several Rasa servers (``SCHAKEL_RASA_REPLICAS``, default 2: one Rasa process keeps one
core busy, see ``make bench``) share the SQLite tracker store and a Redis lock store, so
the messages of one conversation are handled one after the other whichever server gets
them; nginx on ``SCHAKEL_RASA_PORT`` spreads the requests (``scripts/nginx.py``).
"""

from __future__ import annotations

import argparse
import secrets
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from assistant.settings import REPO_ROOT, Settings, get_settings
from scripts.nginx import Nginx, rasa_front_config
from scripts.services import LOOPBACK, Redis, Service, free_port, start_and_wait

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


def browser_origins(settings: Settings) -> list[str]:
    """Origins whose pages may call Rasa from a browser: the API's own pages and the
    configured websites."""
    port = settings.api_port
    return [settings.api_url, f"http://localhost:{port}", f"http://127.0.0.1:{port}",
            *settings.cors_origins]


class Stack:
    """A local Schakel: Redis, the action server, the API and ``settings.rasa_replicas``
    Rasa servers (behind nginx on ``settings.rasa_url`` when there are several), started
    in dependency order."""

    def __init__(self, settings: Settings, model: Path | None = None) -> None:
        self.settings = settings
        self.model = model or settings.rasa_model
        self.log_dir = settings.data_dir / "logs"
        self.redis = Redis(settings.data_dir / "redis", free_port(), secrets.token_urlsafe(24))
        self.shared_env = {
            "SCHAKEL_DATA_DIR": str(settings.data_dir),
            "SCHAKEL_RASA_PORT": str(settings.rasa_port),
            "SCHAKEL_ACTION_PORT": str(settings.action_port),
            "SCHAKEL_API_PORT": str(settings.api_port),
            "SCHAKEL_DATABASE_URL": settings.database_url,
            "SCHAKEL_KNOWLEDGE_DIR": str(settings.knowledge_dir),
            # The action server's credential for the API's write endpoints: random per
            # start unless set (Settings makes one up), the same for both processes.
            "SCHAKEL_SERVICE_TOKEN": settings.service_token.get_secret_value(),
            # Signs the website's chat sessions (Rasa) and is checked by the API.
            "SCHAKEL_SESSION_SECRET": (settings.session_secret.get_secret_value()
                                       if settings.session_secret else secrets.token_hex(32)),
        }
        self.actions = Service("actieserver", action_server_command(settings.action_port),
                               f"{settings.action_server_url}/health", self.shared_env)
        self.api = Service("api", api_command(settings.host, settings.api_port),
                           f"{settings.api_url}/api/v1/openapi.json", self.shared_env)
        replicas = max(1, settings.rasa_replicas)
        self.front: Nginx | None = None
        if replicas == 1:
            self.rasa_ports = [settings.rasa_port]
            self.rasa_services = [self._rasa("rasa", settings.rasa_port)]
        else:
            self.rasa_ports = [free_port() for _ in range(replicas)]
            self.rasa_services = [self._rasa(f"rasa-{i}", port)
                                  for i, port in enumerate(self.rasa_ports, 1)]
            self.front = Nginx(settings.data_dir / "nginx", f"{settings.rasa_url}/nginx-status")

    def _rasa(self, name: str, port: int) -> Service:
        host = self.settings.host
        return Service(
            name,
            rasa_command(self.model, host, port, "endpoints.yml",
                         browser_origins(self.settings)),
            f"http://{host}:{port}/status",
            {**self.shared_env, **self.rasa_env()},
        )

    def rasa_env(self) -> dict[str, str]:
        """What endpoints.yml reads: SQLite tracker store, Redis lock store (which also
        shares the Socket.IO rooms of several Rasa servers)."""
        return {
            "SCHAKEL_ACTION_ENDPOINT": f"{self.settings.action_server_url}/webhook",
            "SCHAKEL_TRACKER_DIALECT": "sqlite",
            "SCHAKEL_TRACKER_DB": str(self.settings.data_dir / "rasa-tracker.db"),
            "SCHAKEL_REDIS_HOST": LOOPBACK,
            "SCHAKEL_REDIS_PORT": str(self.redis.port),
            "SCHAKEL_REDIS_PASSWORD": self.redis.password,
            "SCHAKEL_REDIS_DB": "0",
            "RASA_TELEMETRY_ENABLED": "false",
        }

    @property
    def services(self) -> list[Service]:
        front = [self.front] if self.front else []
        return [self.redis, self.actions, self.api, *self.rasa_services, *front]

    def start(self, timeout: float = 240) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        try:
            self.redis.write_config()
            start_and_wait([self.redis], self.log_dir, deadline)
            if self.front:
                self.front.write_config(rasa_front_config(
                    self.front.folder, self.log_dir, self.settings.host,
                    self.settings.rasa_port, self.rasa_ports))
            start_and_wait([self.actions, self.api, *self.rasa_services], self.log_dir,
                           deadline)
            if self.front:
                start_and_wait([self.front], self.log_dir, deadline)
        except BaseException:
            self.stop()
            raise

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
