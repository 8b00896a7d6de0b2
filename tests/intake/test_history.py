"""What the conversation so far tells the intake: earlier answers, misses, complaints."""

from __future__ import annotations

import pytest

from assistant.intake import fields
from assistant.intake.history import already_said, earlier_user_texts, misses


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def slot(name: str, value) -> dict:
    return {"event": "slot", "name": name, "value": value}


@pytest.mark.parametrize(("text", "rest"), [
    ("Priya, dat zei ik al", "Priya"),
    ("dat zei ik al", ""),
    ("dat heb ik al gezegd!", ""),
    ("ik zei al Priya", "Priya"),
    ("Dronten, dat zei ik toch al", "Dronten"),
    ("Dronten. had ik al verteld", "Dronten"),
    ("staat hierboven", ""),
])
def test_already_said_is_taken_off(text, rest):
    assert already_said(text) == rest


@pytest.mark.parametrize("text", ["Priya", "ik zeg het nog een keer niet", "Almere"])
def test_no_complaint(text):
    assert already_said(text) is None


def test_earlier_texts_skip_the_latest_buttons_and_what_came_before_a_refusal():
    events = [user("ik ben Anna"), slot("intake_toestemming", False), user("hoi, ik ben Priya"),
              user("/affirm"), user("dat zei ik al")]
    assert earlier_user_texts(events) == ["hoi, ik ben Priya"]


def test_misses_count_only_the_open_question():
    events = [
        user("start"), slot("requested_slot", "gemeente"),
        user("Almere"), slot("gemeente", "Almere"), slot("requested_slot", "sector"),
        user("iets"), slot("sector", None), slot("requested_slot", "sector"),
        user("wat is de WBSO?"),  # a question in between: rejected, no slots
        {"event": "action", "name": "action_understand"}, slot("requested_slot", "sector"),
        user("nog iets"),  # the message being handled now
    ]
    assert misses(events, "sector") == 1
    assert misses(events[:6], "sector") == 0


def test_a_change_at_the_summary_is_no_miss():
    events = [
        user("x"), slot("requested_slot", "intake_bevestigd"),
        user("de gemeente is Dronten"), slot("gemeente", "Dronten"),
        slot("intake_weergave", {}), slot("intake_bevestigd", None),
        slot("requested_slot", "intake_bevestigd"),
        user("hmm"), slot("intake_bevestigd", None), slot("requested_slot", "intake_bevestigd"),
        user("nu"),
    ]
    assert misses(events, "intake_bevestigd") == 1


def test_answers_from_earlier_messages():
    found = fields.from_history(
        ["mijn kvk is 12345678", "Hoi, ik ben Priya uit Dronten, mail me op p@zon.nl"],
        ["kvk_nummer", "contactpersoon", "gemeente", "contactvoorkeur", "email"])
    assert found["kvk_nummer"].value == "12345678"
    assert found["contactpersoon"].value == "Priya"
    assert found["gemeente"].value.naam == "Dronten"
    assert found["contactvoorkeur"].value == "email" and found["email"].value == "p@zon.nl"


@pytest.mark.parametrize(("text", "preference", "detail"), [
    ("priya@zon.nl", "email", ("email", "priya@zon.nl")),
    ("Priya@Zon.nl graag", "email", ("email", "Priya@zon.nl")),
    ("0612345678", "telefoon", ("telefoon", "+31612345678")),
    ("bel me maar op 06-12345678", "telefoon", ("telefoon", "+31612345678")),
    ("priya@zon", "email", None),  # a typo: per e-mail, the address question explains
])
def test_a_contact_detail_is_also_the_preference(text, preference, detail):
    found = fields.extract(text, "contactvoorkeur")
    assert found["contactvoorkeur"].value == preference
    if detail:
        assert found[detail[0]].value == detail[1]


def test_display_of_values_filled_elsewhere():
    assert fields.display_of("medewerkers", 8.0) == "8 mensen (micro)"
    assert fields.display_of("sector", "zakelijke_dienstverlening") == "Zakelijke dienstverlening"
    assert fields.display_of("gemeente", "Dronten") == "Dronten (Flevoland)"
