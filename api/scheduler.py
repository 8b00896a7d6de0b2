"""The retention job, run by the API itself: no cron entry needed.

While the API runs, a background task checks every ``min(interval, 60 s)`` whether the
retention job (``assistant/privacy/retention.py``) is due
(``Settings.retention_interval_seconds``, default hourly; 0 switches it off). The
schedule is a row in the database (``assistant/scheduling.py``), so with several API
replicas only one runs each turn. ``make run``, ``make run-prod`` and the compose file
all start the API, so retention runs in each of them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from fastapi import FastAPI

from assistant import db, scheduling
from assistant.privacy import retention
from assistant.settings import Settings

logger = logging.getLogger(__name__)
JOB = "retentie"
MAX_CHECK_SECONDS = 60.0


def tick(settings: Settings) -> dict | None:
    """One check: run retention when it is due and this process got the turn."""
    interval = timedelta(seconds=settings.retention_interval_seconds)
    with db.session_scope(settings.database_url) as session:
        if not scheduling.claim(session, JOB, interval):
            return None
    counts = retention.run(settings)
    logger.info("Retention ran: %s", {k: v for k, v in counts.items() if k != "grens"})
    return counts


async def run_forever(settings: Settings) -> None:
    pause = min(float(settings.retention_interval_seconds), MAX_CHECK_SECONDS)
    while True:
        try:
            await asyncio.to_thread(tick, settings)
        except Exception:  # noqa: BLE001 - a failed turn is tried again next time
            logger.warning("Retention failed; trying again later", exc_info=True)
        await asyncio.sleep(pause)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    task = None
    if settings.retention_interval_seconds > 0:
        task = asyncio.create_task(run_forever(settings), name="retention")
    app.state.retention_task = task
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
