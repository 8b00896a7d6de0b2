"""record_event: the action server's helper posts through the outbox, never raises."""

from __future__ import annotations

from sqlalchemy import select

from assistant import db
from assistant.stats.events import record_event
from assistant.stats.models import Gebeurtenis
from scripts.services import free_port
from tests.aio import run_async


def test_event_reaches_the_api_masked(settings, live_api):
    sent = settings.model_copy(update={"api_url": live_api})
    accepted = run_async(record_event(sent, "vraag_niet_beantwoord", thema="personeel",
                                        tekst="Kan ik jan@voorbeeld.nl mailen?"))
    assert accepted is True
    with db.session_scope(settings.database_url) as session:
        event = session.scalars(select(Gebeurtenis)).one()
    assert event.soort == "vraag_niet_beantwoord" and event.thema == "personeel"
    assert "jan@voorbeeld.nl" not in event.tekst


def test_api_away_or_bad_input_never_raises(settings):
    away = settings.model_copy(update={"api_url": f"http://127.0.0.1:{free_port()}"})
    assert run_async(record_event(away, "gesprek_gestart")) is False
    broken = away.model_copy(update={"data_dir": None})
    assert run_async(record_event(broken, "feedback", waarde=5)) is False
