"""A durable outbox for calls to the API that must arrive exactly once.

When the action server cannot reach the API (down, restarting, database gone), the
request is kept in a local SQLite file with its ``Idempotency-Key`` and retried in the
background until it is accepted. The API treats a repeated key as the same request, so
a retry never creates a second intake or overdracht. The file survives restarts.

Every attempt carries the action server's credential (``Authorization: Bearer
<SCHAKEL_SERVICE_TOKEN>``): the API's write endpoints are for the action server only.
Every attempt also says when the request was first queued (``Schakel-Aangemaakt-Op``,
UNIX time): the API refuses a request queued before the ondernemer erased their data
(410), so a late delivery cannot bring erased data back (``api/erasure.py``).

Once delivered, a request's payload (personal data) is blanked at once; only its
conversation id stays, so that an erasure still finds the stored answer. The retention
job forgets delivered requests after a day.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from assistant.http_clients import async_client

logger = logging.getLogger(__name__)

QUEUED_AT_HEADER = "Schakel-Aangemaakt-Op"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    idempotency_key TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    payload TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    next_attempt REAL NOT NULL,
    delivered REAL,
    response TEXT
)
"""


@dataclass
class Delivery:
    """The outcome of one attempt: the API's JSON answer, or None when not delivered."""

    response: dict | None


class Outbox:
    def __init__(self, path: Path, api_url: str, timeout: float = 5.0,
                 service_token: str | None = None) -> None:
        self.path = path
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self._credential = {"Authorization": f"Bearer {service_token}"} if service_token else {}
        self._in_flight: set[asyncio.Task] = set()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as connection:
            connection.execute("PRAGMA journal_mode=WAL")  # kept in the file
            connection.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        """WAL with ``synchronous=NORMAL``: a queued request survives a crash or restart
        of the action server, without an fsync on the path of every answer."""
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    async def send(self, path: str, payload: dict, idempotency_key: str) -> Delivery:
        """Try now; if that fails, keep the request for the background retries."""
        queued_at = self._queue(path, payload, idempotency_key)
        return await self._attempt(idempotency_key, path, payload, queued_at)

    def send_soon(self, path: str, payload: dict, idempotency_key: str) -> None:
        """Keep the request, then try it in the background: for calls the conversation
        does not wait for (anonymous statistics). Stored first, so a crash before the
        attempt only delays it until the retry loop finds it."""
        queued_at = self._queue(path, payload, idempotency_key)
        task = asyncio.get_running_loop().create_task(
            self._attempt(idempotency_key, path, payload, queued_at))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def settle(self) -> None:
        """Wait until every attempt started by ``send_soon`` has finished."""
        loop = asyncio.get_running_loop()
        while mine := [task for task in self._in_flight if task.get_loop() is loop]:
            await asyncio.gather(*mine, return_exceptions=True)

    def _queue(self, path: str, payload: dict, idempotency_key: str) -> float:
        """Store the request (once per key); returns when it was first queued."""
        with self._connect() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO outbox (idempotency_key, path, payload, created, "
                "next_attempt) VALUES (?, ?, ?, ?, ?)",
                # Not due for the background retries while this first attempt runs.
                (idempotency_key, path, json.dumps(payload), time.time(),
                 time.time() + self.timeout + 5),
            )
            # The first time this request was queued (a repeated send keeps that time).
            (queued_at,) = connection.execute(
                "SELECT created FROM outbox WHERE idempotency_key = ?", (idempotency_key,)
            ).fetchone()
        return queued_at

    async def _attempt(self, key: str, path: str, payload: dict, queued_at: float) -> Delivery:
        headers = {"Idempotency-Key": key, QUEUED_AT_HEADER: str(queued_at), **self._credential}
        try:
            async with async_client(timeout=self.timeout) as client:
                response = await client.post(self.api_url + path, json=payload, headers=headers)
        except httpx.HTTPError as exc:
            return self._failed(key, type(exc).__name__)
        if response.status_code >= 500 or response.status_code == 429:  # try again later
            return self._failed(key, f"HTTP {response.status_code}")
        body = response.json() if response.content else {}
        kept = {"conversation_id": payload["conversation_id"]} if isinstance(
            payload.get("conversation_id"), str) else {}
        with self._connect() as connection:
            connection.execute(
                "UPDATE outbox SET delivered = ?, response = ?, payload = ? "
                "WHERE idempotency_key = ?",
                (time.time(), json.dumps(body), json.dumps(kept), key),
            )
        if response.status_code >= 400:  # refused for good: retrying cannot help
            logger.error("Outbox: %s refused with HTTP %s", path, response.status_code)
            return Delivery(None)
        return Delivery(body)

    def _failed(self, key: str, reason: str) -> Delivery:
        with self._connect() as connection:
            row = connection.execute(
                "SELECT attempts FROM outbox WHERE idempotency_key = ?", (key,)
            ).fetchone()
            attempts = (row[0] if row else 0) + 1
            delay = min(300.0, 2.0**attempts)
            connection.execute(
                "UPDATE outbox SET attempts = ?, next_attempt = ? WHERE idempotency_key = ?",
                (attempts, time.time() + delay, key),
            )
        logger.warning("Outbox: not delivered yet (%s); attempt %d", reason, attempts)
        return Delivery(None)

    def pending(self) -> list[tuple[str, str, dict, float]]:
        """What is due now: (key, path, payload, first queued at)."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT idempotency_key, path, payload, created FROM outbox "
                "WHERE delivered IS NULL AND next_attempt <= ? ORDER BY created",
                (time.time(),),
            ).fetchall()
        return [(key, path, json.loads(payload), created) for key, path, payload, created in rows]

    def undelivered(self) -> int:
        """How many requests still wait for the API (due now or later)."""
        with self._connect() as connection:
            return connection.execute(
                "SELECT COUNT(*) FROM outbox WHERE delivered IS NULL"
            ).fetchone()[0]

    def delivered_response(self, key: str) -> dict | None:
        with self._connect() as connection:
            row = connection.execute(
                "SELECT response FROM outbox WHERE idempotency_key = ? AND delivered IS NOT NULL",
                (key,),
            ).fetchone()
        return json.loads(row[0]) if row and row[0] else None

    def forget_conversation(self, conversation_id: str) -> int:
        """Drop every request that carries this conversation's data, delivered or not:
        on erasure, a queued intake must not arrive after the erasure, and the local
        copies of the payloads go too."""
        with self._connect() as connection:
            return connection.execute(
                "DELETE FROM outbox WHERE json_extract(payload, '$.conversation_id') = ?",
                (conversation_id,),
            ).rowcount

    def purge_delivered(self, before: float) -> int:
        """Forget delivered requests (their payloads hold personal data) older than
        ``before`` (a UNIX time); the retention job calls this."""
        with self._connect() as connection:
            return connection.execute(
                "DELETE FROM outbox WHERE delivered IS NOT NULL AND delivered < ?", (before,)
            ).rowcount

    async def retry_pending(self) -> int:
        """One pass over what is due; returns how many were delivered."""
        delivered = 0
        for key, path, payload, queued_at in self.pending():
            if (await self._attempt(key, path, payload, queued_at)).response is not None:
                delivered += 1
        return delivered

    async def retry_forever(self, interval: float = 5.0) -> None:
        while True:
            try:
                await self.retry_pending()
            except Exception:  # keep retrying whatever happens; never crash the server
                logger.exception("Outbox: retry pass failed")
            await asyncio.sleep(interval)


_retry_tasks: dict[Path, asyncio.Task] = {}


def ensure_retrying(outbox: Outbox) -> None:
    """Start the background retry loop once per outbox file, in the running event loop."""
    task = _retry_tasks.get(outbox.path)
    if task is None or task.done():
        _retry_tasks[outbox.path] = asyncio.get_running_loop().create_task(
            outbox.retry_forever()
        )


def idempotency_key(*parts: object) -> str:
    """A stable key for the same request: a retry of it is recognised by the API."""
    material = json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(material).hexdigest()[:40]


_outboxes: dict[tuple[Path, str, str | None], Outbox] = {}


def get_outbox(settings) -> Outbox:
    """The action server's outbox (``<data_dir>/outbox.db``), retrying in the background."""
    token = settings.service_token.get_secret_value() if settings.service_token else None
    key = (settings.data_dir / "outbox.db", settings.api_url, token)
    if key not in _outboxes:
        _outboxes[key] = Outbox(key[0], settings.api_url, settings.http_timeout, token)
    outbox = _outboxes[key]
    ensure_retrying(outbox)
    return outbox


async def settle_all() -> None:
    """Wait for the background attempts of every outbox of this process."""
    for outbox in list(_outboxes.values()):
        await outbox.settle()
