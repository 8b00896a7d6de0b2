"""Yes, no, question kinds and greetings in the words people type."""

from __future__ import annotations

import pytest

from assistant.understanding.words import (
    Kind,
    about_a_business,
    asks_erasure,
    asks_for_the_scan,
    clauses,
    question_kind,
    says_goodbye,
    wants_a_person,
    without_greeting,
    yes_or_no,
)


@pytest.mark.parametrize("text", ["ja", "ja graag", "Ja, dat wil ik wel", "prima", "doe maar",
                                  "oke", "is goed hoor", "jazeker!", "graag"])
def test_yes_in_peoples_words(text):
    assert yes_or_no(text) == "yes"


@pytest.mark.parametrize("text", ["nee", "liever niet", "nee hoor, dank je", "nu even niet",
                                  "hoeft niet", "laat maar"])
def test_no_in_peoples_words(text):
    assert yes_or_no(text) == "no"


@pytest.mark.parametrize("text", ["Mag ik een medewerker spreken?", "jammer",
                                  "ja maar ik wil eigenlijk weten wat de voorwaarden zijn voor "
                                  "een lening van qredits als starter"])
def test_not_a_short_yes_or_no(text):
    assert yes_or_no(text) is None


@pytest.mark.parametrize(("text", "kind"), [
    ("hoeveel krijg ik", Kind.amount),
    ("hoe vraag ik t aan", Kind.apply),
    ("wanneer moet dat uiterlijk", Kind.apply),
    ("voor wie is het", Kind.conditions),
    ("kom ik daarvoor in aanmerking?", Kind.eligibility),
    ("wat is de wbso", None),
])
def test_question_kinds(text, kind):
    assert question_kind(text) is kind


def test_two_questions_in_one_message():
    assert clauses("wat is de eia en hoeveel is de kia?") == ["wat is de eia", "hoeveel is de kia"]


def test_greetings_are_taken_off():
    assert without_greeting("Hoi Schakel, wat is de WBSO?") == "wat is de wbso"
    assert without_greeting("goedemorgen!") == ""


def test_erasure_and_goodbye_need_their_words():
    assert asks_erasure("verwijder mijn gegevens")
    assert asks_erasure("dossiernummer SCH-123, kunnen jullie mijn gegevens verwijderen?")
    assert not asks_erasure("hoe verwijder ik een medewerker uit de loonadministratie")
    assert says_goodbye("doei!")
    assert not says_goodbye("en de NOW dan")
    assert not says_goodbye("is alles nu weg?")


def test_a_request_for_a_person_in_its_own_words():
    from assistant.understanding.words import asks_for_a_person, wants_a_person

    assert asks_for_a_person("kan ik een adviseur spreken?")
    assert asks_for_a_person("ik wil graag een mens aan de lijn")
    assert not asks_for_a_person("Hoe kom ik in contact met investeerders?")
    assert not wants_a_person("subsidie voor de opleiding van mijn medewerkers")


def test_the_scan_is_asked_for_in_its_own_words():
    assert asks_for_the_scan("kan ik een bedrijfscheck doen")
    assert asks_for_the_scan("ik wil weten hoe mijn zaak ervoor staat")
    assert not asks_for_the_scan("Kan ik met behoud van mijn uitkering een bedrijf starten?")


def test_a_message_about_a_business():
    assert about_a_business("ik wil een bedrijf starten vanuit de bijstand")
    assert about_a_business("ik ben zzp'er")
    assert not about_a_business("ik heb een parkeerboete gekregen")


def test_wanting_to_talk_it_through_with_people():
    assert wants_a_person("op zo'n moment moet je even kunnen praten met mensen die het kennen")
    assert not wants_a_person("hoe praat ik met mijn klant over een te late betaling")
