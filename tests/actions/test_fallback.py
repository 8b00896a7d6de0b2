from actions.fallback import ActionFallback
from tests.actions.helpers import make_tracker, run_action
from tests.handoff.events import miss, turn, user


def fallback(events):
    return run_action(ActionFallback(), make_tracker(events=events, intent="nlu_fallback"))


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
