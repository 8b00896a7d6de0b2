"""The processes of a Schakel stack, local or production mode: a ``Service`` is one
command with a readiness check and a log file; ``Redis`` is a throw-away Redis on a
loopback port; ``start_and_wait`` starts several and waits until each answers."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.settings import REPO_ROOT

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def binary(name: str) -> str:
    """A server binary from PATH, or from Debian's PostgreSQL folder."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if candidates:
        return str(candidates[-1])
    for folder in ("/usr/sbin", "/usr/bin"):
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    raise RuntimeError(
        f"{name} ontbreekt: draai scripts/setup_system.sh (make run en make test doen dat).")


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


class Redis(Service):
    """Redis on a loopback port with a password, nothing written to disk."""

    def __init__(self, folder: Path, port: int, password: str) -> None:
        self.folder = folder
        self.port = port
        self.password = password
        self.config = folder / "redis.conf"
        super().__init__("redis", [binary("redis-server"), str(self.config)], ready_url="")

    def url(self, db: int = 0) -> str:
        return f"redis://:{self.password}@{LOOPBACK}:{self.port}/{db}"

    def write_config(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config.touch(mode=0o600)
        self.config.write_text(
            f"bind {LOOPBACK}\nport {self.port}\nprotected-mode yes\n"
            f"requirepass {self.password}\nsave \"\"\nappendonly no\n"
            f"dir {self.folder}\nlogfile \"\"\ndaemonize no\n"
        )

    def is_ready(self, client: httpx.Client) -> bool:
        try:
            with socket.create_connection((LOOPBACK, self.port), timeout=1) as sock:
                sock.sendall(f"AUTH {self.password}\r\nPING\r\n".encode())
                reply = b""
                while b"PONG" not in reply and len(reply) < 200:
                    chunk = sock.recv(100)
                    if not chunk:
                        break
                    reply += chunk
                return b"PONG" in reply
        except OSError:
            return False


def start_and_wait(services: list[Service], log_dir: Path, deadline: float) -> None:
    """Start the services and wait until each answers (or raise: one died, or too slow)."""
    for service in services:
        service.start(log_dir)
    pending = list(services)
    with httpx.Client(timeout=2) as client:
        while pending:
            for service in list(pending):
                if not service.alive():
                    raise RuntimeError(
                        f"{service.name} stopte tijdens het opstarten:\n{service.log_tail()}")
                if service.is_ready(client):
                    pending.remove(service)
            if pending and time.monotonic() > deadline:
                names = ", ".join(s.name for s in pending)
                raise RuntimeError(f"Niet op tijd gestart: {names}")
            time.sleep(0.5)
