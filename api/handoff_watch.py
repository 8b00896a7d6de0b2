"""The API's watch on waiting overdrachten: every ``watch_interval_seconds`` it applies
the claim time-out and the adviser-silence time-out (``assistant.handoff.waiting.sweep``)
and then tells the ondernemer through the app's channel. Runs inside the API process
for as long as the app lives (``install_watch``); of several API replicas one sweeps per
turn (``my_turn``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import anyio.to_thread
from fastapi import FastAPI

from assistant import db, scheduling
from assistant.handoff import service, waiting
from assistant.handoff.config import HandoffSettings, get_handoff_settings
from assistant.handoff.delivery import Channel, StoreOnly

logger = logging.getLogger(__name__)
WATCH_JOB = "overdrachtwacht"


def _sweep(database_url: str, config: HandoffSettings, now: datetime | None
           ) -> list[tuple[waiting.Notice, object]]:
    with db.session_scope(database_url) as session:
        notices = waiting.sweep(session, config, now=now)
        session.commit()
        found = [(notice, service.get(session, notice.overdracht_id)) for notice in notices]
        for _, overdracht in found:
            session.expunge(overdracht)
        return found


async def run_once(database_url: str, config: HandoffSettings, channel: Channel,
                   *, now: datetime | None = None) -> int:
    """One sweep; returns how many ondernemers were told. A failing channel is logged
    (by type only): the change is stored either way."""
    found = await anyio.to_thread.run_sync(_sweep, database_url, config, now)
    for notice, overdracht in found:
        try:
            if notice.resume:
                await channel.resume(overdracht, gesloten=False, tell=False)
            await channel.tell(overdracht, notice.tekst)
        except Exception as exc:
            logger.warning("Telling overdracht %s failed: %s", overdracht.referentie,
                           type(exc).__name__)
    return len(found)


def my_turn(database_url: str, seconds: float, now: datetime | None = None) -> bool:
    """Of several API replicas, one sweeps per turn (``geplande_taken``, like retention):
    an ondernemer is told about a time-out once, not once per replica. A turn is a
    little shorter than the loop's pause, so a replica that wakes late keeps its turn."""
    with db.session_scope(database_url) as session:
        return scheduling.claim(session, WATCH_JOB, timedelta(seconds=seconds * 0.9), now)


async def _watch(app: FastAPI, config: HandoffSettings) -> None:
    url = app.state.settings.database_url
    while True:
        await asyncio.sleep(config.watch_interval_seconds)
        channel = getattr(app.state, "channel", None) or StoreOnly()
        try:
            if not await anyio.to_thread.run_sync(my_turn, url, config.watch_interval_seconds):
                continue
            await run_once(url, config, channel)
        except Exception as exc:  # the next round tries again
            logger.warning("Overdracht watch failed: %s", type(exc).__name__)


def install_watch(app: FastAPI) -> None:
    """Run the watch while the app runs (wrapping the app's lifespan)."""
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[object]:
        async with inner(running) as state:
            task = asyncio.create_task(_watch(running, get_handoff_settings()))
            try:
                yield state
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    app.router.lifespan_context = lifespan
