"""record_event: the action server's helper queues in the outbox, sends in the background,
never raises."""

from __future__ import annotations

from sqlalchemy import select

from assistant import db
from assistant.outbox import Outbox, settle_all
from assistant.stats.events import record_event
from assistant.stats.models import Gebeurtenis
from scripts.services import free_port
from tests.aio import run_async


async def record_and_settle(settings, *args, **kwargs) -> bool:
    queued = await record_event(settings, *args, **kwargs)
    await settle_all()
    return queued


def undelivered(settings) -> int:
    return Outbox(settings.data_dir / "outbox.db", settings.api_url).undelivered()


def test_event_reaches_the_api_masked(settings, live_api):
    sent = settings.model_copy(update={"api_url": live_api})
    queued = run_async(record_and_settle(sent, "vraag_niet_beantwoord", thema="personeel",
                                         tekst="Kan ik jan@voorbeeld.nl mailen?"))
    assert queued is True
    assert undelivered(sent) == 0
    with db.session_scope(settings.database_url) as session:
        event = session.scalars(select(Gebeurtenis)).one()
    assert event.soort == "vraag_niet_beantwoord" and event.thema == "personeel"
    assert "jan@voorbeeld.nl" not in event.tekst


def test_the_conversation_does_not_wait_for_the_api(settings, live_api):
    """record_event returns once the event is stored; the API gets it afterwards."""
    sent = settings.model_copy(update={"api_url": live_api})

    async def record_then_settle() -> tuple[int, int]:
        await record_event(sent, "gesprek_gestart")
        waiting = undelivered(sent)
        await settle_all()
        return waiting, undelivered(sent)

    assert run_async(record_then_settle()) == (1, 0)


def test_api_away_or_bad_input_never_raises(settings):
    away = settings.model_copy(update={"api_url": f"http://127.0.0.1:{free_port()}"})
    assert run_async(record_and_settle(away, "gesprek_gestart")) is True
    assert undelivered(away) == 1  # kept for the retries
    broken = away.model_copy(update={"data_dir": None})
    assert run_async(record_and_settle(broken, "feedback", waarde=5)) is False
