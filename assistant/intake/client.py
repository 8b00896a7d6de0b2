"""The action server's client for ``POST /api/v1/intakes``.

    client = IntakeClient.from_settings(get_settings())
    key = new_idempotency_key()          # once per intake; keep it with the data
    referentie = await client.submit(payload, idempotency_key=key)

Connection errors, timeouts, 5xx and 429 are retried with exponential backoff, always
with the **same Idempotency-Key**, so a retry never stores the intake twice (the API
answers a repeat with the intake it already has). When it still fails, or the API
refuses the data (4xx), ``IntakeNotStored`` is raised: tell the ondernemer honestly and
keep the payload and key to try again later with the same key.

Logs never contain the payload (personal data), only status codes and attempts.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from tenacity import (
    AsyncRetrying,
    RetryError,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from assistant.http_clients import async_client
from assistant.settings import Settings

logger = logging.getLogger(__name__)
PATH = "/api/v1/intakes"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class IntakeNotStored(Exception):
    """The intake was not stored. ``retryable`` tells whether trying again later (with
    the same Idempotency-Key) can help; ``fouten`` holds the API's per-field errors."""

    def __init__(self, reden: str, *, status: int | None = None, retryable: bool,
                 fouten: list[dict[str, Any]] | None = None) -> None:
        super().__init__(reden)
        self.reden = reden
        self.status = status
        self.retryable = retryable
        self.fouten = fouten or []


class _RetryableStatus(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, httpx.TransportError | _RetryableStatus)


@dataclass
class IntakeClient:
    base_url: str
    timeout: float = 5.0
    attempts: int = 4
    backoff: float = 0.5  # seconds before the first retry, doubling up to max_backoff
    max_backoff: float = 4.0
    transport: httpx.AsyncBaseTransport | None = None  # tests inject failures here

    @classmethod
    def from_settings(cls, settings: Settings, **options: Any) -> IntakeClient:
        return cls(settings.api_url, timeout=settings.http_timeout, **options)

    async def _post_once(self, client: httpx.AsyncClient, payload: Mapping[str, Any],
                         key: str) -> str:
        response = await client.post(PATH, json=dict(payload), headers={"Idempotency-Key": key})
        if response.status_code in RETRY_STATUS:
            raise _RetryableStatus(response.status_code)
        if response.status_code in (200, 201):
            return response.json()["referentie"]
        body = _json_or_empty(response)
        logger.warning("intake geweigerd door de API: status %s", response.status_code)
        raise IntakeNotStored(body.get("detail") or "Intake geweigerd",
                              status=response.status_code, retryable=False,
                              fouten=body.get("fouten"))

    async def submit(self, payload: Mapping[str, Any], *, idempotency_key: str) -> str:
        """Store the intake; returns its referentie or raises ``IntakeNotStored``."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff, max=self.max_backoff),
            retry=retry_if_exception(_retryable),
            before_sleep=lambda state: logger.info(
                "intake opslaan: poging %s mislukt (%s), opnieuw", state.attempt_number,
                _describe(state.outcome.exception()) if state.outcome else "?",
            ),
        )
        async with async_client(base_url=self.base_url.rstrip("/"), timeout=self.timeout,
                                     transport=self.transport) as client:
            try:
                async for attempt in retrying:
                    with attempt:
                        return await self._post_once(client, payload, idempotency_key)
            except RetryError as exc:
                last = exc.last_attempt.exception()
                logger.warning("intake niet opgeslagen na %s pogingen (%s)", self.attempts,
                               _describe(last))
                status = last.status if isinstance(last, _RetryableStatus) else None
                raise IntakeNotStored("API niet bereikbaar", status=status,
                                      retryable=True) from last
        raise AssertionError("unreachable")  # pragma: no cover


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, _RetryableStatus):
        return f"status {exc.status}"
    return type(exc).__name__


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
