import pytest
from sqlalchemy import select

from actions.fallback import ActionFallback
from assistant import db
from assistant.stats.models import Gebeurtenis
from tests.actions.helpers import make_tracker, run_action
from tests.handoff.events import miss, turn, user


@pytest.fixture(autouse=True)
def api_away(monkeypatch, settings):
    """Events go to this test's outbox; nothing listens, so they stay there."""
    monkeypatch.setattr("actions.fallback.get_settings", lambda: settings)


def fallback(events):
    return run_action(ActionFallback(), make_tracker(events=events, intent="nlu_fallback",
                                                     text=events[-1]["text"]))


def test_a_first_miss_answers_and_is_reverted():
    messages, events = fallback([*turn("hoi", "greet", "Hoi!", "utter_greet"),
                                 user("blabla", "nlu_fallback")])
    assert messages[0]["response"] == "utter_fallback"
    assert [e["event"] for e in events] == ["rewind"]


def test_the_second_miss_in_a_row_offers_a_person():
    messages, events = fallback([*miss("blabla"), user("nog meer blabla", "nlu_fallback")])
    assert messages[0]["response"] == "utter_overdracht_aanbod_onbegrip"
    assert events == []  # kept, so a typed "ja" answers the offer


def test_an_understood_message_resets_the_count():
    messages, _ = fallback([*miss("blabla"), *turn("hoi", "greet", "Hoi!", "utter_greet"),
                            user("blabla", "nlu_fallback")])
    assert messages[0]["response"] == "utter_fallback"


def test_a_miss_that_reads_like_a_question_is_collected_masked(monkeypatch, settings, live_api):
    monkeypatch.setattr("actions.fallback.get_settings",
                        lambda: settings.model_copy(update={"api_url": live_api}))
    fallback([user("Mag ik jan@voorbeeld.nl een zzp-contract geven?", "nlu_fallback")])
    fallback([user("asdf", "nlu_fallback")])  # no words: nothing to learn from
    with db.session_scope(settings.database_url) as session:
        stored = session.scalars(select(Gebeurtenis)).all()
    assert [(e.soort, e.thema) for e in stored] == [("vraag_niet_beantwoord", None)]
    assert "jan@voorbeeld.nl" not in stored[0].tekst and "zzp-contract" in stored[0].tekst
