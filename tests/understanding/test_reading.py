"""What a message means in its conversation: the patterns seen with real people
(issues 17 and 18), checked on the real knowledge base without the trained model."""

from __future__ import annotations

import pytest

from assistant.understanding.reading import Context, Meaning, read_message
from assistant.understanding.words import Kind

LIST = Context(shown=("qredits", "bmkb", "kredietunies"), current="qredits")


NOTHING = Context()


def read(kb, text, intent="nlu_fallback", context=NOTHING):
    return read_message(text, intent, kb, context)


def answered(reading) -> list[tuple[str, Kind]]:
    return [(entry.id, kind) for entry, kind in reading.answers]


def test_follow_ups_after_a_list_go_to_the_first_result(kb):
    for text, kind in [("hoeveel krijg ik", Kind.amount), ("hoe vraag ik t aan", Kind.apply),
                       ("wanneer moet dat uiterlijk", Kind.apply)]:
        reading = read(kb, text, "ask_amount" if kind is Kind.amount else "nlu_fallback", LIST)
        assert answered(reading) == [("qredits", kind)], text


def test_an_item_is_picked_in_ones_own_words(kb):
    assert answered(read(kb, "die borgstelling, hoe werkt dat", context=LIST)) == [
        ("bmkb", Kind.apply)]
    assert answered(read(kb, "de derde", "select_regeling", LIST))[0][0] == "kredietunies"
    assert answered(read(kb, "Borgstelling MKB-kredieten", "select_regeling", LIST))[0][0] == "bmkb"


def test_two_questions_get_two_answers(kb):
    reading = read(kb, "wat is de eia en hoeveel is de kia?", "ask_regeling")
    assert answered(reading) == [("eia", Kind.explain), ("kia", Kind.amount)]


@pytest.mark.parametrize("text", ["ja graag", "ja, dat wil ik wel", "prima", "doe maar"])
def test_yes_is_heard_after_the_offer_of_an_adviser(kb, text):
    context = Context(open_question="utter_regeling_adviseur_aanbod")
    for intent in ("affirm", "thank", "nlu_fallback"):
        reading = read(kb, text, intent, context)
        assert reading.meaning is Meaning.yes
        assert reading.question == "utter_regeling_adviseur_aanbod"


def test_a_yes_with_a_question_is_a_question(kb):
    context = Context(open_question="utter_feedback_vraag", current="wbso")
    reading = read(kb, "ja, hoe vraag ik het aan?", "affirm", context)
    assert answered(reading) == [("wbso", Kind.apply)]


def test_everyday_questions_do_not_trip_acting_intents(kb):
    btw = read(kb, "moet ik btw betalen als ik maar 15000 omzet heb", "sensitive_situation")
    assert btw.meaning is Meaning.follow_up
    assert {"btw", "kor"} & {entry.id for entry, _ in btw.answers}
    now = read(kb, "en de NOW dan", "goodbye")
    assert answered(now) == [("now", Kind.explain)]
    frustrated = read(kb, "sorry, ik was gefrustreerd. hoe vraag ik het aan?", "feedback",
                      Context(current="wbso"))
    assert answered(frustrated) == [("wbso", Kind.apply)]


def test_real_distress_is_still_a_sensitive_situation(kb):
    reading = read(kb, "ik denk dat mijn bedrijf failliet gaat", "sensitive_situation")
    assert reading.meaning is Meaning.sensitive
    reading = read(kb, "ik heb schulden bij de belastingdienst en weet niet hoe ik verder moet",
                   "sensitive_situation")
    assert reading.meaning is Meaning.sensitive


def test_a_greeting_with_a_question_answers_both(kb):
    reading = read(kb, "hoi, ik heb een vraag over de wbso", "greet")
    assert reading.greeting and answered(reading) == [("wbso", Kind.explain)]
    assert read(kb, "hallo!", "greet").meaning is Meaning.greet


def test_a_question_the_knowledge_base_answers_is_answered_whatever_the_intent(kb):
    reading = read(kb, "hoe schrijf ik me in bij de kvk", "feedback")
    assert reading.meaning is Meaning.search
    assert "kvk-inschrijven" in [hit.entry.id for hit in reading.hits[:3]]


def test_not_my_field_names_who_can_help(kb):
    reading = read(kb, "ik heb een parkeerboete gekregen, hoe kan ik bezwaar maken")
    assert reading.meaning is Meaning.search
    assert reading.hits[0].entry.id == "buiten-veld-boete"


@pytest.mark.parametrize("text", ["asdfgh qwerty", "mijn kat is ziek", "wat is het weer morgen",
                                  "kun je een gedicht schrijven", "is alles nu weg?"])
def test_nothing_is_made_up_for_what_is_not_a_business_question(kb, text):
    assert read(kb, text).meaning is Meaning.not_understood


def test_erasure_and_goodbye_need_evidence(kb):
    assert read(kb, "verwijder mijn gegevens", "erase_data").meaning is Meaning.erase
    assert read(kb, "doei", "goodbye").meaning is Meaning.goodbye
    assert read(kb, "ja", "affirm").meaning is Meaning.nothing_asked


def test_waarschijnlijk_only_after_checking_the_facts_given(kb):
    from assistant.knowledge.answers import eligibility
    from assistant.knowledge.profile import Profile

    kor = kb.get("kor")
    unchecked = eligibility(kb, kor, Profile())
    assert unchecked.uitkomst == "voorwaarden" and "20.000" in unchecked.voorwaarden
    starters = kb.get("zelfstandigenaftrek")
    said = "ik ben net gestart maar werk ook nog 32 uur in loondienst"
    verdict = eligibility(kb, starters, Profile(), said=said)
    assert "uren" in verdict.voorwaarden.splitlines()[0].lower()  # the urencriterium first


def test_the_rechtsvorm_in_peoples_words():
    from assistant.knowledge.profile import rechtsvorm_in

    assert rechtsvorm_in("ik heb een eenmanszaak in de bouw met 2 man") == "eenmanszaak"
    assert rechtsvorm_in("we zijn een BV") == "bv"
    assert rechtsvorm_in("bv of eenmanszaak, wat is beter?") is None


@pytest.mark.parametrize("text", [
    "Ik heb dus geen personeel om mee te sparren, een gemis. Het leek me fijn om een coach "
    "te hebben",
    "kan iemand met mij meekijken naar mijn plannen?",
])
def test_wanting_to_talk_it_through_gets_the_offer_of_a_person(kb, text):
    assert read(kb, text).meaning is Meaning.person


def test_a_real_word_is_not_taken_for_a_typo(kb):
    reading = read(kb, "Ik ga scheiden, wat moet ik allemaal regelen?", "sensitive_situation")
    assert reading.meaning is Meaning.search
    assert reading.hits[0].entry.id == "buiten-veld-juridisch-prive"


def test_gibberish_is_not_thanked(kb):
    assert read(kb, "brml fnk zzz", "thank").meaning is Meaning.not_understood
    assert read(kb, "super, dankjewel!", "thank").meaning is Meaning.thank


def test_more_than_a_name_brings_the_other_matches(kb):
    reading = read(kb, "en hoe zit het met btw, moet ik dat betalen als ik weinig omzet heb")
    assert reading.answers[0][0].id == "btw"
    assert "kor" in [hit.entry.id for hit in reading.hits[:2]]


def test_not_my_field_steps_back_for_a_business_question(kb):
    reading = read(kb, "Kan ik met behoud van mijn bijstandsuitkering een bedrijf starten?")
    assert reading.meaning is Meaning.search
    assert reading.hits[0].entry.id == "starten-vanuit-uitkering"
    private = read(kb, "ik wil bijstand aanvragen")
    assert private.hits[0].entry.id == "buiten-veld-uitkering"


def test_a_business_question_without_an_answer_is_said_to_have_none(kb):
    assert read(kb, "Welke kleur moet het logo van mijn bedrijf hebben?").meaning \
        is Meaning.not_found
    assert read(kb, "wat is het weer morgen?").meaning is Meaning.not_understood
