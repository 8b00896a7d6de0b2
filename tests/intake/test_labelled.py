"""Answers that name their field, as the summary's own examples suggest."""

from __future__ import annotations

import pytest

from assistant.intake import fields
from assistant.intake.labelled import labelled_answers


@pytest.mark.parametrize(("text", "expected"), [
    ("de gemeente is Dronten", {"gemeente": "Dronten"}),
    ("het aantal medewerkers is 8", {"medewerkers": "8"}),
    ("mijn naam is Priya", {"contactpersoon": "Priya"}),
    ("mijn naam is priya", {"contactpersoon": "priya"}),
    ("nee, de plaats moet Lelystad zijn", {"gemeente": "Lelystad"}),
    ("verander de gemeente in Dronten", {"gemeente": "Dronten"}),
    ("naam: Priya", {"contactpersoon": "Priya"}),
    ("het kvk-nummer moet 12345678 zijn", {"kvk_nummer": "12345678"}),
    ("mijn bedrijf heet Bakkerij Zon", {"bedrijfsnaam": "Bakkerij Zon"}),
    ("de naam van mijn bedrijf is Jansen en Zonen", {"bedrijfsnaam": "Jansen en Zonen"}),
    ("mijn e-mail is priya@zon.nl", {"email": "priya@zon.nl"}),
    ("de branche is bouw", {"sector": "bouw"}),
    ("de gemeente is Dronten en het aantal medewerkers is 8",
     {"gemeente": "Dronten", "medewerkers": "8"}),
    ("ja, de naam is goed maar de gemeente is Dronten", {"gemeente": "Dronten"}),
])
def test_labelled_answers(text, expected):
    assert labelled_answers(text) == expected


@pytest.mark.parametrize("text", ["ja klopt", "we zijn met 8", "de gemeente is fout", "nee"])
def test_no_labelled_answer(text):
    assert labelled_answers(text) == {}


def test_corrections_validate_the_named_fields():
    found = fields.corrections("de gemeente is Dronten en het aantal medewerkers is 8")
    assert found["gemeente"].value.naam == "Dronten"
    assert found["medewerkers"].value.aantal == 8
    assert fields.corrections("mijn naam is priya")["contactpersoon"].value == "priya"
    assert fields.corrections("nee, het zijn er 8")["medewerkers"].value.aantal == 8
