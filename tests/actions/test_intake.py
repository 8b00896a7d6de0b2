"""The intake form's interpretation of answers, without Rasa (real domain, real validators)."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import CONFIRMED, CONSENT, ValidateIntakeForm, summary
from tests.actions.helpers import DOMAIN, make_tracker, run_action
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


# --- real answers (issue 18, point 5) ---------------------------------------------------

def user(text: str) -> dict:
    return {"event": "user", "text": text}


def slot(name: str, value) -> dict:
    return {"event": "slot", "name": name, "value": value}


def answer(slots: dict, text: str, intent: str = "inform", confidence: float = 0.9,
           before: list[dict] | None = None):
    """Like run_form, with earlier events; the message itself ends the events."""
    events = [*(before or []), user(text)]
    tracker = make_tracker(slots, text=text, intent=intent, active_loop="intake_form",
                           events=events)
    tracker.latest_message["intent"]["confidence"] = confidence
    dispatcher = CollectingDispatcher()
    result = run_async(ValidateIntakeForm().run(dispatcher, tracker, DOMAIN))
    values = {e["name"]: e["value"] for e in result if e.get("event") == "slot"}
    return values, dispatcher.messages, result


ANSWERED = {CONSENT: True, "hulpvraag": "geld voor een bus", "contactpersoon": "Priya",
            "bedrijfsnaam": "Zon"}


def missed_once(requested: str) -> list[dict]:
    return [user("start"), slot("requested_slot", requested),
            user("iets"), slot(requested, None), slot("requested_slot", requested)]


def test_an_email_address_as_contact_preference_is_both_answers():
    values, messages, _ = answer({"requested_slot": "contactvoorkeur"}, "priya@zon.nl")
    assert values["contactvoorkeur"] == "email" and values["email"] == "priya@zon.nl"
    assert messages == []
    assert values["requested_slot"] != "contactvoorkeur"


def test_a_phone_number_as_contact_preference_is_both_answers():
    values, _, _ = answer({"requested_slot": "contactvoorkeur"}, "0612345678")
    assert values["contactvoorkeur"] == "telefoon" and values["telefoon"] == "+31612345678"


@pytest.mark.parametrize("text", ["de gemeente is Dronten", "nee, de gemeente is Dronten"])
def test_summary_takes_the_gemeente_as_its_example_says(text):
    values, messages, _ = answer({"requested_slot": CONFIRMED}, text, intent="correct")
    assert values["gemeente"] == "Dronten" and values[CONFIRMED] is None
    assert messages == []


@pytest.mark.parametrize(("text", "slot_name", "value"), [
    ("het aantal medewerkers is 8", "medewerkers", 8),
    ("mijn naam is Priya", "contactpersoon", "Priya"),
    ("mijn naam is priya", "contactpersoon", "priya"),
    ("we zijn met 8", "medewerkers", 8),
])
def test_summary_takes_corrections_in_the_suggested_forms(text, slot_name, value):
    values, _, _ = answer({"requested_slot": CONFIRMED}, text, intent="inform")
    assert values[slot_name] == value and values[CONFIRMED] is None


def test_summary_unclear_explains_with_examples_and_no_summary_repeat():
    values, messages, _ = answer({"requested_slot": CONFIRMED}, "tja", intent="nlu_fallback",
                                 confidence=0.45)
    assert values[CONFIRMED] is None
    assert "de gemeente is Dronten" in messages[0]["text"]
    assert messages[0]["utter_action"] == "intake_uitleg"


@pytest.mark.parametrize("text", ["als het echt nodig is dan mag het", "mag het", "is goed",
                                  "vooruit"])
@pytest.mark.parametrize("intent", ["affirm", "deny", "inform", "nlu_fallback"])
def test_reluctant_yes_to_consent_is_yes(text, intent):
    values, _, _ = answer({"requested_slot": CONSENT}, text, intent=intent, confidence=0.5)
    assert values[CONSENT] is True
    assert values["requested_slot"] == "hulpvraag"


def test_unclear_consent_asks_again_with_what_yes_and_no_mean():
    values, messages, events = answer({"requested_slot": CONSENT}, "hmm tja",
                                      intent="nlu_fallback", confidence=0.45)
    assert events  # never rejected: the form asks the consent question again
    assert values[CONSENT] is None and values["requested_slot"] == CONSENT
    assert "'ja'" in messages[0]["text"] and "'nee'" in messages[0]["text"]


def test_a_kvk_number_at_consent_waits_for_the_yes_and_is_kept_after():
    values, messages, _ = answer({"requested_slot": CONSENT}, "12345678")
    assert values[CONSENT] is None and "kvk_nummer" not in values
    assert "KvK-nummer" in messages[0]["text"] and "ja of nee" in messages[0]["text"]
    values, _, _ = answer({"requested_slot": CONSENT}, "ja", intent="affirm",
                          before=[user("ik wil mijn hulpvraag doorgeven"), user("12345678")])
    assert values[CONSENT] is True and values["kvk_nummer"] == "12345678"


def test_consent_no_keeps_nothing_said_before():
    values, _, _ = answer({"requested_slot": CONSENT}, "nee liever niet", intent="deny",
                          before=[user("ik ben Priya")])
    assert values == {CONSENT: False, "requested_slot": None}


def test_a_question_at_consent_is_still_left_to_the_rules():
    values, messages, events = answer({"requested_slot": CONSENT}, "wat is de WBSO?",
                                      intent="ask_regeling", confidence=0.95)
    assert events == [] and messages == []


def test_second_miss_on_an_optional_question_offers_skip_and_a_person():
    _, messages, _ = answer({"requested_slot": "sector"}, "ik doe van alles",
                            before=missed_once("sector"))
    assert 1 <= len(messages[0]["buttons"]) <= 6
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert payloads == ["/skip", "/request_adviser"]


def test_second_miss_on_a_required_question_offers_a_person():
    _, messages, _ = answer({"requested_slot": "contactvoorkeur"}, "geen idee",
                            before=missed_once("contactvoorkeur"))
    assert "adviseur" in messages[1]["text"]
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/request_adviser"]


def test_first_miss_has_no_way_out_yet():
    _, messages, _ = answer({"requested_slot": "contactvoorkeur"}, "geen idee")
    assert len(messages) == 1


def test_the_way_out_buttons_work():
    values, _, _ = answer({"requested_slot": "sector"}, "/skip", intent="skip", confidence=1.0)
    assert values["intake_overgeslagen"] == ["sector"]
    _, _, events = answer({"requested_slot": "hulpvraag"}, "/request_adviser",
                          intent="request_adviser", confidence=1.0)
    assert events == []  # the rule hands over to a person


def test_an_old_button_is_not_an_answer():
    values, _, _ = answer({CONSENT: True, "requested_slot": "hulpvraag"}, "/start_intake",
                          intent="start_intake", confidence=1.0)
    assert values["hulpvraag"] is None and values["requested_slot"] == "hulpvraag"


def test_dat_zei_ik_al_takes_the_earlier_answer_not_the_complaint():
    values, _, _ = answer({"requested_slot": "contactpersoon"}, "Priya, dat zei ik al")
    assert values["contactpersoon"] == "Priya"
    values, _, _ = answer({"requested_slot": "contactpersoon"}, "dat zei ik al toch",
                          before=[user("Hoi, ik ben Priya van Bakkerij Zon")])
    assert values["contactpersoon"] == "Priya"
    values, _, _ = answer({"requested_slot": "gemeente"}, "heb ik al gezegd",
                          before=[user("ik zit in Dronten")])
    assert values["gemeente"] == "Dronten"


def test_dat_zei_ik_al_without_an_earlier_answer_asks_once_more():
    values, messages, _ = answer({"requested_slot": "contactpersoon"}, "dat zei ik al")
    assert values["contactpersoon"] is None
    assert "gemist" in messages[0]["text"]


def test_after_consent_what_was_said_before_fills_the_fields():
    values, _, _ = answer({"requested_slot": CONSENT}, "ja hoor", intent="affirm",
                          before=[user("Hoi, ik ben Priya van Bakkerij Zon in Dronten")])
    assert values["contactpersoon"] == "Priya" and values["gemeente"] == "Dronten"
    assert values["bedrijfsnaam"] == "Bakkerij Zon"


def test_fields_known_from_earlier_are_not_asked_and_not_wiped():
    known = {"gemeente": "Dronten", "provincie": "flevoland", "medewerkers": 8.0,
             "sector": "handel"}
    assert not set(known) & set(required_missing({**known, **ANSWERED}))
    values, _, _ = answer({**known, **ANSWERED, "bedrijfsnaam": None,
                           "requested_slot": "bedrijfsnaam"}, "Garage Zon")
    assert values["requested_slot"] == "kvk_nummer"
    assert not set(known) & set(values)
    text = summary(make_tracker({**known, "contactvoorkeur": "chat"}))
    assert "- Gemeente: Dronten (Flevoland)" in text
    assert "- Aantal mensen: 8 mensen (micro)" in text
    assert "- Sector: Groot- en detailhandel" in text


def required_missing(slots: dict) -> list[str]:
    return [name for name in required(slots) if slots.get(name) is None]


@pytest.mark.parametrize("intent", ["out_of_scope", "insult", "other_language", "goodbye",
                                    "thank", "capabilities"])
def test_asides_get_one_line_and_the_question_again_never_the_menu(intent):
    values, messages, events = answer({**ANSWERED, "requested_slot": "gemeente"}, "blabla",
                                      intent=intent, confidence=0.95)
    assert events and values["requested_slot"] == "gemeente"
    assert len(messages) == 1 and not messages[0]["buttons"]
    assert messages[0].get("response") is None


@pytest.mark.parametrize("text", ["sla over", "/skip"])
def test_skip_still_works(text):
    values, _, _ = answer({"requested_slot": "gemeente"}, text, intent="skip", confidence=1.0)
    assert values["intake_overgeslagen"] == ["gemeente"]


@pytest.mark.parametrize("intent", ["other_language", "out_of_scope", "insult"])
def test_a_name_the_classifier_finds_odd_is_still_a_name(intent):
    values, messages, _ = answer({**ANSWERED, "contactpersoon": None,
                                  "requested_slot": "contactpersoon"}, "Priya Ramdin",
                                 intent=intent, confidence=0.9)
    assert values["contactpersoon"] == "Priya Ramdin" and messages == []
    values, _, _ = answer({**ANSWERED, "contactpersoon": None,
                           "requested_slot": "contactpersoon"}, "Bedankt", intent="thank")
    assert values["contactpersoon"] is None


def test_second_skip_of_a_required_question_offers_a_person():
    _, messages, _ = answer({**ANSWERED, "contactpersoon": None,
                             "requested_slot": "contactpersoon"}, "sla over", intent="skip",
                            before=missed_once("contactpersoon"))
    assert messages[0]["response"] == "utter_intake_verplicht"
    assert [b["payload"] for b in messages[1]["buttons"]] == ["/request_adviser"]


def test_doubt_at_consent_is_no_refusal_even_if_classified_as_deny():
    values, messages, _ = answer({"requested_slot": CONSENT}, "ik twijfel nog", intent="deny",
                                 confidence=0.95)
    assert values[CONSENT] is None and "'nee'" in messages[0]["text"]


def test_thanks_or_what_can_you_do_at_consent_get_a_line_and_the_question_again():
    values, messages, events = answer({"requested_slot": CONSENT}, "wat kun je allemaal?",
                                      intent="capabilities", confidence=0.95)
    assert events and values[CONSENT] is None and values["requested_slot"] == CONSENT
    assert "regelingen" in messages[0]["text"] and not messages[0]["buttons"]


def test_dat_zei_ik_al_wins_over_a_skip_guess():
    """The classifier reads "Priya, dat zei ik al" as skip (0.98): the name is taken."""
    tracker = make_tracker(slots={"intake_toestemming": True, "hulpvraag": "een lening",
                                  "requested_slot": "contactpersoon"},
                           text="Priya, dat zei ik al", intent="skip",
                           active_loop="intake_form")
    _, events = run_action(ValidateIntakeForm(), tracker)
    assert {"event": "slot", "name": "contactpersoon", "value": "Priya"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
