"""``action_understand`` carries out what a message means in its conversation."""

from __future__ import annotations

import pytest

from actions.understand import ActionUnderstand
from tests.actions.helpers import make_tracker, run_action
from tests.handoff.events import turn, user


@pytest.fixture(autouse=True)
def api_away(monkeypatch, settings):
    """Statistics and overdrachten go to this test's outbox; nothing listens."""
    for module in ("actions.understand", "actions.fallback", "actions.overdracht",
                   "actions.feedback", "actions.privacy"):
        monkeypatch.setattr(f"{module}.get_settings", lambda: settings, raising=False)


def understand(text, intent="nlu_fallback", before=(), slots=None):
    events = [*before, user(text, intent)]
    tracker = make_tracker(slots=slots, text=text, intent=intent, events=events)
    messages, returned = run_action(ActionUnderstand(), tracker)
    return [m.get("response") for m in messages], messages, returned


def test_yes_after_the_offer_of_an_adviser_starts_the_hand_off():
    offer = turn("kom ik in aanmerking voor slim?", "ask_eligibility",
                 "Wil je hier met een adviseur over praten?", "utter_regeling_adviseur_aanbod",
                 act="action_understand")
    for text, intent in (("ja graag", "affirm"), ("ja, dat wil ik wel", "thank"),
                         ("prima", "feedback")):
        responses, _, _ = understand(text, intent, offer)
        assert responses == ["utter_ask_overdracht_toestemming"], text


def test_no_after_a_sensitive_situation_is_heard():
    offer = turn("ik ga failliet", "sensitive_situation", "Wil je met een adviseur praten?",
                 "utter_gevoelig_aanbod", act="action_understand")
    assert understand("liever niet", "deny", offer)[0] == ["utter_gevoelig_nee"]


def test_a_greeting_with_a_question_answers_both():
    responses, messages, events = understand("hoi! wat is de WBSO?", "greet")
    assert responses[:2] == ["utter_greet_kort", "utter_regeling_uitleg"]
    assert {"event": "slot", "name": "regeling_id", "value": "wbso"} in [
        {k: e[k] for k in ("event", "name", "value")} for e in events if e["event"] == "slot"]


def test_a_practical_question_is_answered_with_the_organisation():
    responses, messages, _ = understand("hoe schrijf ik me in bij de kvk", "ask_regeling")
    assert responses[0] in ("utter_onderwerp_uitleg", "utter_regeling_resultaten")
    assert "Je bedrijf inschrijven bij KVK" in [m.get("naam") for m in messages]


def test_not_my_field_says_so():
    responses, _, _ = understand("ik heb een parkeerboete gekregen, kan ik bezwaar maken?")
    assert responses == ["utter_buiten_veld"]


def test_a_sensitive_situation_gets_care_and_what_to_do():
    responses, messages, _ = understand("ik denk dat mijn bedrijf failliet gaat",
                                        "sensitive_situation")
    assert responses[0] == "utter_gevoelig"
    assert "utter_onderwerp_kort" in responses and responses[-1] == "utter_gevoelig_aanbod"


def test_details_given_on_the_way_fill_the_profile():
    _, _, events = understand("ik heb een kapsalon in Almere met 3 medewerkers, "
                              "welke subsidie is er voor scholing?", "ask_regeling")
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["gemeente"] == "Almere" and slots["medewerkers"] == 3
    assert slots["provincie"] == "flevoland"


def test_gibberish_is_not_understood():
    assert understand("fnorb blix wabbel")[0] == ["utter_fallback"]


def test_the_facts_asked_for_eligibility_are_taken_and_used():
    asked = [*turn("kom ik in aanmerking voor slim?", "ask_eligibility",
                   "Om het zeker te weten heb ik nog nodig: Hoeveel mensen ...",
                   "utter_regeling_geschiktheid_vraag", act="action_understand")]
    responses, messages, events = understand("we zijn met z'n drieen, bouw", "inform", asked,
                                             slots={"regeling_id": "slim"})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["medewerkers"] == 3 and slots["sector"] == "bouw"
    assert responses[0].startswith("utter_regeling_geschikt_")
    assert "utter_regeling_geschiktheid_vraag" not in responses  # nothing asked again


def test_a_dossier_from_another_conversation_is_not_erased_on_its_number():
    responses, messages, events = understand(
        "dossiernummer SCH-7K4P-9Q2M, kunnen jullie mijn gegevens verwijderen?", "erase_data")
    assert responses == ["utter_erase_dossier_link"]
    assert messages[0]["referentie"] == "SCH-7K4P-9Q2M"
    assert not [e for e in events if e["event"] in ("reset_slots", "active_loop")]


def test_erasing_this_conversation_is_confirmed_first():
    assert understand("verwijder mijn gegevens", "erase_data")[0] == [
        "utter_erase_data_bevestigen"]


def test_what_was_erased_is_said_exactly():
    from actions.privacy import erased_text

    assert erased_text({"intakes": 1, "overdrachten": 0, "scans": 2}) == (
        "je hulpvraag (intake) en 2 bedrijfsscans")
    assert erased_text({"intakes": 0, "overdrachten": 0, "scans": 0}) == ""


def test_a_question_at_the_consent_question_keeps_the_hand_off_waiting():
    asked = turn("ja graag", "affirm", "Ik breng je graag in contact ... Is dat goed?",
                 "utter_ask_overdracht_toestemming", act="action_understand")
    responses, _, _ = understand("en hoe nemen jullie dan contact met me op?", "ask_apply",
                                 asked)
    assert responses == ["utter_overdracht_hoe", "utter_ask_overdracht_toestemming"]


def test_wanting_a_coach_is_heard_whatever_the_classifier_guessed():
    text = "Ik heb geen personeel om mee te sparren. Het leek me fijn om een coach te hebben"
    for intent in ("scan_antwoord", "capabilities", "nlu_fallback"):
        responses, _, _ = understand(text, intent)
        assert responses[-1] == "utter_persoon_aanbod", intent
