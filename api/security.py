"""Guards in front of every API route: request size, rate limits, a database that is away.

- **Size**: a body larger than ``Settings.max_body_bytes`` (64 kB) is refused with 413,
  also when it is sent without ``Content-Length``.
- **Rate limits** per client address and per conversation (``Settings.rate_limit_per_*``
  requests per minute): 429 problem+json in Dutch with ``Retry-After``. The conversation
  is found in the path (``/gesprekken/{id}/``), the query (``gesprek``) or a JSON body
  (``conversation_id``). Counting is per minute window, in this process, or in Redis
  when ``SCHAKEL_REDIS_URL`` is set, so that several API processes share one count.
  Keys are hashed: Redis never holds a phone number or an address. When Redis is away
  the request is let through (availability first) and a warning is logged.
  The client address is the peer, or the last ``X-Forwarded-For`` hop when the peer is a
  trusted proxy (``Settings.trusted_proxies``: addresses or networks such as
  ``172.30.0.0/24``, nginx in production; a host name never matches a peer).
- **Database away**: a connection error becomes 503 with ``Retry-After``, not 500, so
  the action server's outbox retries it later.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem
from assistant.settings import Settings

logger = logging.getLogger(__name__)
WINDOW_SECONDS = 60
_CONVERSATION_IN_PATH = re.compile(r"/gesprekken/(.+?)/[^/]+$")

TOO_LARGE = "Het verzoek is te groot. De grens is {kb} kB."
TOO_MANY = "Je stuurt te veel verzoeken achter elkaar. Wacht even en probeer het dan opnieuw."
DATABASE_AWAY = "De database is even niet bereikbaar. Probeer het over een paar seconden opnieuw."


class RateLimiter:
    """Counts hits per key in fixed one-minute windows, in this process."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, limit: int, now: float | None = None) -> int | None:
        """Count one hit; returns seconds to wait when over the limit, else None."""
        now = time.time() if now is None else now
        window = int(now // WINDOW_SECONDS)
        with self._lock:
            if len(self._counts) > 100_000:  # drop old windows
                self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}
            count = self._counts.get((key, window), 0) + 1
            self._counts[(key, window)] = count
        return _retry_after(now) if count > limit else None


class RedisRateLimiter(RateLimiter):
    """The same windows in Redis, shared by every API process."""

    def __init__(self, url: str) -> None:
        super().__init__()
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def hit(self, key: str, limit: int, now: float | None = None) -> int | None:
        now = time.time() if now is None else now
        name = f"schakel:limiet:{key}:{int(now // WINDOW_SECONDS)}"
        try:
            pipe = self._redis.pipeline()
            pipe.incr(name)
            pipe.expire(name, 2 * WINDOW_SECONDS)
            count = pipe.execute()[0]
        except Exception as exc:  # never refuse the ondernemer because Redis is away
            logger.warning("Redis voor limieten niet bereikbaar (%s)", type(exc).__name__)
            return None
        return _retry_after(now) if count > limit else None


def _retry_after(now: float) -> int:
    return max(1, math.ceil(WINDOW_SECONDS - now % WINDOW_SECONDS))


def _hashed(kind: str, value: str) -> str:
    return kind + ":" + hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]


def is_trusted(peer: str, trusted_proxies: list[str]) -> bool:
    """Whether the peer address lies in one of the trusted addresses or networks."""
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    for proxy in trusted_proxies:
        try:
            if address in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(scope: Scope, trusted_proxies: list[str]) -> str:
    peer = (scope.get("client") or ("onbekend", 0))[0]
    if is_trusted(peer, trusted_proxies):
        for name, value in scope.get("headers") or []:
            if name == b"x-forwarded-for":
                hops = [hop.strip() for hop in value.decode("latin-1").split(",") if hop.strip()]
                if hops:
                    return hops[-1]
    return peer


def conversation_of(scope: Scope, body: bytes) -> str | None:
    match = _CONVERSATION_IN_PATH.search(scope.get("path", ""))
    if match:
        return match.group(1)
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if query.get("gesprek"):
        return query["gesprek"][0]
    if body[:1] == b"{":
        try:
            data = json.loads(body)
        except ValueError:
            return None
        value = data.get("conversation_id") if isinstance(data, dict) else None
        return value if isinstance(value, str) and value else None
    return None


class _TooLarge(Exception):
    pass


class GuardMiddleware:
    """Pure ASGI middleware: reads the (limited) body once, counts, then replays it."""

    def __init__(self, app: ASGIApp, settings: Settings, limiter: RateLimiter) -> None:
        self.app = app
        self.settings = settings
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.settings.max_body_bytes
        try:
            body = await self._read_body(scope, receive, limit)
        except _TooLarge:
            await problem(413, TOO_LARGE.format(kb=limit // 1024))(scope, receive, send)
            return
        wait = self._count(scope, body)
        if wait is not None:
            response = problem(429, TOO_MANY)
            response.headers["Retry-After"] = str(wait)
            await response(scope, receive, send)
            return

        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # http.disconnect

        await self.app(scope, replay, send)

    @staticmethod
    async def _read_body(scope: Scope, receive: Receive, limit: int) -> bytes:
        for name, value in scope.get("headers") or []:
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                raise _TooLarge
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _count(self, scope: Scope, body: bytes) -> int | None:
        waits = []
        per_address = self.settings.rate_limit_per_address
        if per_address > 0:
            address = client_address(scope, self.settings.trusted_proxies)
            waits.append(self.limiter.hit(_hashed("adres", address), per_address))
        per_conversation = self.settings.rate_limit_per_conversation
        conversation = conversation_of(scope, body) if per_conversation > 0 else None
        if conversation:
            waits.append(self.limiter.hit(_hashed("gesprek", conversation), per_conversation))
        waits = [wait for wait in waits if wait is not None]
        return max(waits) if waits else None


def make_limiter(settings: Settings) -> RateLimiter:
    return RedisRateLimiter(settings.redis_url) if settings.redis_url else RateLimiter()


def install_guards(app: FastAPI, settings: Settings) -> None:
    """Size and rate limits on every request; 503 when the database is away."""
    app.add_middleware(GuardMiddleware, settings=settings, limiter=make_limiter(settings))

    async def database_away(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, DBAPIError) and not exc.connection_invalidated and not isinstance(
            exc, OperationalError
        ):
            logger.error("Databasefout: %s", type(exc.orig).__name__)
            return problem(500, "Probeer het later opnieuw.")
        logger.warning("Database niet bereikbaar: %s", type(exc).__name__)
        response = problem(503, DATABASE_AWAY)
        response.headers["Retry-After"] = "5"
        return response

    handler: Callable[[Request, Exception], Awaitable[JSONResponse]] = database_away
    app.add_exception_handler(OperationalError, handler)
    app.add_exception_handler(DBAPIError, handler)
