"""The intake form's interpretation of answers, without Rasa (real domain, real validators)."""

from __future__ import annotations

from rasa_sdk.executor import CollectingDispatcher

from actions.intake import ValidateIntakeForm, summary
from tests.actions.helpers import DOMAIN, make_tracker
from tests.aio import run_async


def run_form(slots: dict, text: str, intent: str = "inform", confidence: float = 0.9):
    tracker = make_tracker(slots, text=text, intent=intent, active_loop="intake_form")
    tracker.latest_message["intent"]["confidence"] = confidence
    dispatcher = CollectingDispatcher()
    events = run_async(ValidateIntakeForm().run(dispatcher, tracker, DOMAIN))
    values = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return values, dispatcher.messages


def required(slots: dict) -> list[str]:
    tracker = make_tracker(slots)
    return run_async(ValidateIntakeForm().required_slots([], CollectingDispatcher(), tracker,
                                                           DOMAIN))


def test_contact_detail_follows_the_preference_and_skips_are_honoured():
    assert "email" in required({"contactvoorkeur": "email"})
    assert "telefoon" not in required({"contactvoorkeur": "email"})
    assert not {"email", "telefoon"} & set(required({"contactvoorkeur": "chat"}))
    assert "gemeente" not in required({"intake_overgeslagen": ["gemeente"]})
    assert required({"intake_toestemming": False}) == []


def test_yes_to_the_consent_is_kept_with_its_moment():
    values, _ = run_form({"requested_slot": "intake_toestemming"}, "ja prima", intent="affirm")
    assert values["intake_toestemming"] is True
    assert values["toestemming_op"].endswith("+00:00")  # when, in UTC
    values, _ = run_form({"requested_slot": "intake_toestemming"}, "nee", intent="deny")
    assert values["intake_toestemming"] is False and "toestemming_op" not in values


def test_several_answers_in_one_message():
    values, _ = run_form(
        {"intake_toestemming": True, "hulpvraag": "x", "requested_slot": "contactpersoon"},
        "Ik ben Sanne van Bakkerij De Korenbloem in Almere, we zijn met z'n zessen",
    )
    assert values["contactpersoon"] == "Sanne"
    assert values["bedrijfsnaam"] == "Bakkerij De Korenbloem"
    assert values["gemeente"] == "Almere" and values["provincie"] == "flevoland"
    assert values["medewerkers"] == 6


def test_an_invalid_answer_is_explained_and_asked_again():
    values, messages = run_form({"requested_slot": "kvk_nummer"}, "1234567")
    assert values["kvk_nummer"] is None
    assert "8 cijfers" in messages[0]["text"]


def test_a_confident_question_in_between_is_not_an_answer():
    values, messages = run_form({"requested_slot": "contactpersoon"}, "wat is de WBSO?",
                                intent="ask_regeling", confidence=0.95)
    assert values == {} and messages == []


def test_the_hulpvraag_may_sound_like_a_regeling_question():
    values, _ = run_form({"requested_slot": "hulpvraag"},
                         "ik zoek subsidie om mijn winkel te digitaliseren",
                         intent="ask_regeling", confidence=0.95)
    assert values["hulpvraag"].startswith("ik zoek subsidie")


def test_optional_fields_can_be_skipped_required_ones_explain_why():
    values, _ = run_form({"requested_slot": "gemeente"}, "sla over", intent="skip")
    assert values["intake_overgeslagen"] == ["gemeente"]
    values, messages = run_form({"requested_slot": "contactpersoon"}, "sla over", intent="skip")
    assert messages[0]["response"] == "utter_intake_verplicht"


def test_a_starter_without_kvk_is_an_answer_not_an_error():
    values, messages = run_form({"requested_slot": "kvk_nummer"}, "heb ik nog niet")
    assert messages == []
    assert values["is_starter"] is True
    assert "kvk_nummer" in values["intake_overgeslagen"]


def test_summary_lists_answers_and_skips():
    tracker = make_tracker({
        "intake_weergave": {"contactpersoon": "Sanne", "gemeente": "Almere (Flevoland)"},
        "intake_overgeslagen": ["sector"], "contactvoorkeur": "chat",
    })
    text = summary(tracker)
    assert "- Naam: Sanne" in text
    assert "- Sector: overgeslagen" in text
