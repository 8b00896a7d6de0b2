"""Production mode on this machine: ``make run-prod`` (``python -m scripts.stack_prod``).

The same code as ``make run``; only configuration differs:

- PostgreSQL (Debian's package) for Rasa's tracker store and the API database, as a
  throw-away cluster under ``<dir>/postgres`` on a loopback port, one role and database
  each for the API (``schakel``) and Rasa (``rasa``), random passwords;
- Redis (Debian's package) on a loopback port with a password: Rasa's lock store, and the
  API's shared rate limits;
- Alembic migrations (``alembic upgrade head``) for the API database before the API
  starts; Rasa's tracker table is created once before the Rasa replicas start;
- ``--rasa`` Rasa servers, ``--actions`` action servers and ``--api`` API processes,
  all behind nginx: the public address (``--port``, default 8080) serves the chat
  channels and the API; an internal address serves the action servers to Rasa and the
  API to the action servers (see ``nginx_config``).

Passwords are generated once and kept in ``<dir>/secrets.json`` (mode 0600); nothing
listens beyond 127.0.0.1. Ctrl-C stops everything. Logs: ``<dir>/logs/``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.settings import REPO_ROOT, Settings, get_settings
from scripts.nginx import Nginx, production_config
from scripts.services import LOOPBACK, Redis, Service, binary, free_port, start_and_wait
from scripts.stack import (
    APP_PYTHON,
    RASA_PYTHON,
    action_server_command,
    api_command,
    install_stop_signals,
    rasa_command,
    supervise,
)


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, drop to the 'postgres' user."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", *command]


@dataclass
class Secrets:
    postgres_admin: str
    api_db: str
    rasa_db: str
    redis: str
    rasa_api: str  # Rasa's --auth-token: its HTTP API (/conversations, /model) needs it
    service: str  # SCHAKEL_SERVICE_TOKEN: the action servers' credential for the API
    session: str  # signs the website's chat sessions (assistant/chat_session.py)

    @classmethod
    def load_or_create(cls, path: Path) -> Secrets:
        """Random secrets, made once and kept (mode 0600); a missing one is added."""
        kept = json.loads(path.read_text()) if path.exists() else {}
        names = [f.name for f in dataclasses.fields(cls)]
        made = cls(**{name: kept.get(name) or secrets.token_urlsafe(24) for name in names})
        if set(kept) != set(names):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(json.dumps(made.__dict__))
        return made


class Postgres(Service):
    """A PostgreSQL cluster in its own folder, on a loopback TCP port only."""

    def __init__(self, data_dir: Path, port: int, admin_password: str) -> None:
        self.data_dir = data_dir
        self.port = port
        self.admin_password = admin_password
        super().__init__(
            "postgres",
            _as_postgres([binary("postgres"), "-D", str(data_dir), "-c", f"port={port}",
                          "-c", f"listen_addresses={LOOPBACK}", "-c", "unix_socket_directories=",
                          "-c", "max_connections=200", "-c", "fsync=on"]),
            ready_url="",
        )

    def url(self, user: str, password: str, database: str, driver: str = "psycopg") -> str:
        return f"postgresql+{driver}://{user}:{password}@{LOOPBACK}:{self.port}/{database}"

    def init(self) -> None:
        """initdb once (scram-sha-256, an admin role with a random password)."""
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryDirectory() as scratch:
            password_file = Path(scratch) / "pg-admin-password"
            password_file.write_text(self.admin_password)
            if os.geteuid() == 0:  # the data folder's parents must be reachable for it
                for path in (self.data_dir, Path(scratch), password_file):
                    shutil.chown(path, "postgres", "postgres")
            result = subprocess.run(
                _as_postgres([binary("initdb"), "-D", str(self.data_dir), "-U", "schakel_admin",
                              "--auth=scram-sha-256", f"--pwfile={password_file}", "-E", "UTF8",
                              "--locale=C.UTF-8"]),
                capture_output=True, text=True, cwd="/",
            )
        if result.returncode != 0:
            raise RuntimeError(f"initdb mislukt:\n{result.stderr[-2000:]}")

    def _connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(host=LOOPBACK, port=self.port, user="schakel_admin",
                               password=self.admin_password, dbname=database,
                               connect_timeout=2, autocommit=True)

    def is_ready(self, client: httpx.Client) -> bool:
        try:
            with self._connect() as connection:
                connection.execute("SELECT 1")
            return True
        except Exception:
            return False

    def ensure_database(self, name: str, user: str, password: str) -> None:
        """A login role owning its own database (idempotent; the password is reset)."""
        from psycopg import sql

        with self._connect() as connection:
            exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,))
            verb = "ALTER" if exists.fetchone() else "CREATE"
            connection.execute(sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                sql.Identifier(user), sql.Literal(password)))
            if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                      (name,)).fetchone():
                connection.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(user)))

    def stop(self, timeout: float = 15) -> None:
        if self.alive():  # SIGINT: PostgreSQL's "fast" shutdown
            os.killpg(self.process.pid, signal.SIGINT)
        super().stop(timeout)


class ProdStack:
    """PostgreSQL, Redis, migrations, the replicas and nginx, started in that order."""

    def __init__(self, settings: Settings, folder: Path, *, public_port: int = 8080,
                 rasa: int = 2, actions: int = 2, api: int = 2, model: Path | None = None,
                 pg_dir: Path | None = None, extra_env: dict[str, str] | None = None) -> None:
        self.folder = folder.resolve()
        self.log_dir = self.folder / "logs"
        self.secrets = Secrets.load_or_create(self.folder / "secrets.json")
        self.model = model or settings.rasa_model
        self.public_port = public_port
        self.internal_port = free_port()
        self.public_url = f"http://{LOOPBACK}:{public_port}"
        self.internal_url = f"http://{LOOPBACK}:{self.internal_port}"
        self.postgres = Postgres(pg_dir or self.folder / "postgres", free_port(),
                                 self.secrets.postgres_admin)
        self.redis = Redis(self.folder / "redis", free_port(), self.secrets.redis)
        self.database_url = self.postgres.url("schakel", self.secrets.api_db, "schakel")
        self.rasa_ports = [free_port() for _ in range(rasa)]
        self.action_ports = [free_port() for _ in range(actions)]
        self.api_ports = [free_port() for _ in range(api)]
        self.extra_env = extra_env or {}
        self.settings = settings.model_copy(update={
            "data_dir": self.folder, "database_url": self.database_url,
            "api_url": self.public_url, "rasa_url": self.public_url,
            "tracker_database_url": self.postgres.url("rasa", self.secrets.rasa_db, "rasa"),
        })
        self.rasa_services = [self._rasa(i, port) for i, port in enumerate(self.rasa_ports, 1)]
        self.action_services = [self._actions(i, port)
                                for i, port in enumerate(self.action_ports, 1)]
        self.api_services = [self._api(i, port) for i, port in enumerate(self.api_ports, 1)]
        self.nginx = Nginx(self.folder / "nginx", f"{self.public_url}/nginx-status")

    # --- environments -------------------------------------------------------------
    def app_env(self, data_dir: Path) -> dict[str, str]:
        """Settings of the API and the action servers (see assistant/settings.py)."""
        return {
            "SCHAKEL_ENVIRONMENT": "production",
            "SCHAKEL_DATA_DIR": str(data_dir),
            "SCHAKEL_DATABASE_URL": self.database_url,
            "SCHAKEL_AUTO_CREATE_SCHEMA": "false",
            "SCHAKEL_REDIS_URL": self.redis.url(1),
            "SCHAKEL_TRUSTED_PROXIES": json.dumps([LOOPBACK]),
            # The action servers reach the API (and the API the action servers) through
            # nginx's internal address; the API's health check sees Rasa there too.
            "SCHAKEL_API_URL": self.internal_url,
            "SCHAKEL_PUBLIC_URL": self.public_url,
            "SCHAKEL_ACTION_SERVER_URL": self.internal_url,
            "SCHAKEL_RASA_URL": f"http://{LOOPBACK}:{self.rasa_ports[0]}",
            "SCHAKEL_RASA_TOKEN": self.secrets.rasa_api,
            "SCHAKEL_SERVICE_TOKEN": self.secrets.service,
            "SCHAKEL_TRACKER_DATABASE_URL": self.settings.tracker_database_url,
            "SCHAKEL_SESSION_SECRET": self.secrets.session,
            **self.extra_env,
        }

    def rasa_env(self) -> dict[str, str]:
        """What endpoints.prod.yml reads."""
        return {
            "SCHAKEL_ACTION_ENDPOINT": f"{self.internal_url}/webhook",
            "SCHAKEL_TRACKER_HOST": LOOPBACK,
            "SCHAKEL_TRACKER_PORT": str(self.postgres.port),
            "SCHAKEL_TRACKER_DB": "rasa",
            "SCHAKEL_TRACKER_USER": "rasa",
            "SCHAKEL_TRACKER_PASSWORD": self.secrets.rasa_db,
            "SCHAKEL_REDIS_HOST": LOOPBACK,
            "SCHAKEL_REDIS_PORT": str(self.redis.port),
            "SCHAKEL_REDIS_PASSWORD": self.secrets.redis,
            "SCHAKEL_REDIS_DB": "0",
            "RASA_TELEMETRY_ENABLED": "false",
            # Socket.IO: sessions signed like the API checks them; browsers only from the
            # public address (and SCHAKEL_CORS_ORIGINS).
            "SCHAKEL_ENVIRONMENT": "production",
            "SCHAKEL_PUBLIC_URL": self.public_url,
            "SCHAKEL_SESSION_SECRET": self.secrets.session,
            **self.extra_env,
        }

    # --- services -----------------------------------------------------------------
    def _rasa(self, index: int, port: int) -> Service:
        # credentials.yml, with the REST channel: the soak and fault tests drive
        # conversations over it. Containers use credentials.prod.yml, without it.
        command = rasa_command(self.model, LOOPBACK, port, "endpoints.prod.yml",
                               [self.public_url], ("--auth-token", self.secrets.rasa_api))
        return Service(f"rasa-{index}", command,
                       f"http://{LOOPBACK}:{port}/status?token={self.secrets.rasa_api}",
                       self.rasa_env())

    def _actions(self, index: int, port: int) -> Service:
        return Service(f"actieserver-{index}", action_server_command(port),
                       f"http://{LOOPBACK}:{port}/health",
                       self.app_env(self.folder / f"actieserver-{index}"))

    def _api(self, index: int, port: int) -> Service:
        return Service(f"api-{index}", api_command(LOOPBACK, port),
                       f"http://{LOOPBACK}:{port}/api/v1/openapi.json",
                       self.app_env(self.folder / "api"))

    @property
    def replicas(self) -> list[Service]:
        return [*self.action_services, *self.api_services, *self.rasa_services]

    @property
    def services(self) -> list[Service]:
        return [self.postgres, self.redis, *self.action_services, *self.api_services,
                *self.rasa_services, self.nginx]

    # --- lifecycle ----------------------------------------------------------------
    def start(self, timeout: float = 300) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + timeout
        try:
            self.postgres.init()
            self.redis.write_config()
            self._start_and_wait([self.postgres, self.redis], deadline)
            self.postgres.ensure_database("schakel", "schakel", self.secrets.api_db)
            self.postgres.ensure_database("rasa", "rasa", self.secrets.rasa_db)
            self.migrate()
            self.write_nginx_config()
            self._start_and_wait([*self.action_services, *self.api_services,
                                  *self.rasa_services, self.nginx], deadline)
        except BaseException:
            self.stop()
            raise

    def migrate(self) -> None:
        """``alembic upgrade head`` for the API database, and Rasa's tracker table (created
        once here, so that the Rasa replicas do not race to create it)."""
        run = [str(APP_PYTHON), "-m", "alembic", "upgrade", "head"]
        _checked(run, {**os.environ, **self.app_env(self.folder / "api")}, "alembic")
        tables = ("from rasa.core.tracker_store import SQLTrackerStore as S; import os; "
                  "e = os.environ; S(dialect='postgresql', host=e['SCHAKEL_TRACKER_HOST'], "
                  "port=e['SCHAKEL_TRACKER_PORT'], db=e['SCHAKEL_TRACKER_DB'], "
                  "username=e['SCHAKEL_TRACKER_USER'], password=e['SCHAKEL_TRACKER_PASSWORD'])")
        _checked([str(RASA_PYTHON), "-c", tables], {**os.environ, **self.rasa_env()},
                 "rasa-tabellen")

    def write_nginx_config(self) -> None:
        self.nginx.write_config(production_config(
            self.nginx.folder, self.log_dir, self.public_port, self.internal_port,
            self.rasa_ports, self.action_ports, self.api_ports))

    def _start_and_wait(self, services: list[Service], deadline: float) -> None:
        start_and_wait(services, self.log_dir, deadline)

    def restart(self, service: Service, timeout: float = 180) -> None:
        """Start one stopped service again and wait until it answers."""
        self._start_and_wait([service], time.monotonic() + timeout)

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()

    def dead(self) -> list[Service]:
        return [service for service in self.services
                if service.process is not None and not service.alive()]

    def __enter__(self) -> ProdStack:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _checked(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{what} mislukt:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(description="Start Schakel in productiemodus (lokaal).")
    parser.add_argument("--dir", type=Path, default=settings.data_dir / "prod")
    parser.add_argument("--port", type=int, default=8080, help="het publieke adres (nginx)")
    parser.add_argument("--rasa", type=int, default=2, help="aantal Rasa-servers")
    parser.add_argument("--actions", type=int, default=2, help="aantal actieservers")
    parser.add_argument("--api", type=int, default=2, help="aantal API-processen")
    parser.add_argument("--model", type=Path, default=settings.rasa_model)
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"Geen getraind model op {args.model}. Gebruik 'make run-prod'.", file=sys.stderr)
        return 1

    stop_requested = install_stop_signals()
    stack = ProdStack(settings, args.dir, public_port=args.port, rasa=args.rasa,
                      actions=args.actions, api=args.api, model=args.model)
    print(f"Schakel start in productiemodus ({args.rasa} Rasa, {args.actions} actieservers, "
          f"{args.api} API; Rasa laden duurt even)…", flush=True)
    try:
        stack.start()
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        "\nSchakel draait (productiemodus):\n"
        f"  Chatpagina      {stack.public_url}/\n"
        f"  API (OpenAPI)   {stack.public_url}/api/v1/docs\n"
        f"  Gezondheid      {stack.public_url}/api/v1/health\n"
        f"  Rasa REST       {stack.public_url}/webhooks/rest/webhook\n"
        f"  PostgreSQL      {LOOPBACK}:{stack.postgres.port} (databases schakel en rasa)\n"
        f"  Redis           {LOOPBACK}:{stack.redis.port}\n"
        f"  Wachtwoorden    {stack.folder / 'secrets.json'}\n"
        f"  Logbestanden    {stack.log_dir}\n"
        "Stoppen: Ctrl-C\n",
        flush=True,
    )

    def restart(service: Service) -> bool:
        """Like a container's restart policy: a replica comes back by itself."""
        if service not in stack.replicas:
            return False
        print(f"{service.name} start opnieuw…", file=sys.stderr, flush=True)
        stack.restart(service)
        return True

    return supervise(stack, stop_requested, restart)


if __name__ == "__main__":
    sys.exit(main())
