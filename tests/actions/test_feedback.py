from sqlalchemy import select

from actions.feedback import ActionRecordFeedback, score_from_text
from assistant import db
from assistant.stats.models import Gebeurtenis
from tests.actions.helpers import make_tracker, run_action


def test_text_feedback_becomes_a_score():
    assert score_from_text("dit helpt echt") == 5
    assert score_from_text("had ik niks aan") == 1
    assert score_from_text("hmm") == 3
    assert score_from_text("Ja, zeker!") == 5
    assert score_from_text("nee") == 1


def test_low_score_offers_an_adviser_and_is_recorded_without_raising(monkeypatch, settings):
    monkeypatch.setattr("actions.feedback.get_settings", lambda: settings)  # API is down
    messages, events = run_action(ActionRecordFeedback(),
                                  make_tracker({"feedback_score": 1.0, "regeling_id": "wbso"}))
    assert messages[0]["response"] == "utter_feedback_jammer"
    assert events[0]["name"] == "feedback_score" and events[0]["value"] is None


def test_a_typed_answer_is_kept_as_a_masked_comment_with_the_thema(
        monkeypatch, settings, live_api):
    monkeypatch.setattr("actions.feedback.get_settings",
                        lambda: settings.model_copy(update={"api_url": live_api}))
    typed = "Had ik niks aan, bel me op 0612345678"
    run_action(ActionRecordFeedback(), make_tracker({"thema": "personeel"}, text=typed))
    run_action(ActionRecordFeedback(), make_tracker({"feedback_score": 5.0, "thema": "personeel"},
                                                    text="/feedback"))
    with db.session_scope(settings.database_url) as session:
        stored = [(e.soort, e.thema, e.waarde, e.tekst)
                  for e in session.scalars(select(Gebeurtenis).order_by(Gebeurtenis.id))]
    assert stored[0][:3] == ("feedback", "personeel", 1)
    assert "niks aan" in stored[0][3] and "0612345678" not in stored[0][3]
    assert stored[1] == ("feedback", "personeel", 5, None)  # a button: no comment
