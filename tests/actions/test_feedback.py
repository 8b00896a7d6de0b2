from actions.feedback import ActionRecordFeedback, score_from_text
from tests.actions.helpers import make_tracker, run_action


def test_text_feedback_becomes_a_score():
    assert score_from_text("dit helpt echt") == 5
    assert score_from_text("had ik niks aan") == 1
    assert score_from_text("hmm") == 3


def test_low_score_offers_an_adviser_and_is_recorded_without_raising(monkeypatch, settings):
    monkeypatch.setattr("actions.feedback.get_settings", lambda: settings)  # API is down
    messages, events = run_action(ActionRecordFeedback(),
                                  make_tracker({"feedback_score": 1.0, "regeling_id": "wbso"}))
    assert messages[0]["response"] == "utter_feedback_jammer"
    assert events[0]["name"] == "feedback_score" and events[0]["value"] is None
