"""action_session_start: Rasa's session start plus one anonymous gesprek_gestart."""

from __future__ import annotations

from sqlalchemy import select

from actions.session import ActionSessionStart
from assistant import db
from assistant.stats.models import Gebeurtenis
from tests.actions.helpers import make_tracker, run_action


def stored_kinds(settings) -> list[str]:
    db.create_schema(settings.database_url)
    with db.session_scope(settings.database_url) as session:
        return list(session.scalars(select(Gebeurtenis.soort)))


def test_a_new_conversation_is_counted_once_without_anything_personal(
        monkeypatch, settings, live_api):
    monkeypatch.setattr("actions.session.get_settings",
                        lambda: settings.model_copy(update={"api_url": live_api}))
    messages, events = run_action(ActionSessionStart(),
                                  make_tracker({"taal": None}, sender="jan@voorbeeld.nl"))
    assert messages == []
    assert [e["event"] for e in events] == ["session_started", "action"]
    assert events[-1]["name"] == "action_listen"
    assert stored_kinds(settings) == ["gesprek_gestart"]

    restarted = make_tracker({"thema": "personeel"}, events=[{"event": "session_started"}])
    _, events = run_action(ActionSessionStart(), restarted)
    assert {"event": "slot", "name": "thema", "value": "personeel"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    assert stored_kinds(settings) == ["gesprek_gestart"]  # not counted again


def test_the_api_being_away_does_not_stop_the_conversation(monkeypatch, settings):
    monkeypatch.setattr("actions.session.get_settings", lambda: settings)  # nothing listens
    _, events = run_action(ActionSessionStart(), make_tracker())
    assert events[0]["event"] == "session_started"
