"""Names, company names, hulpvraag, referenties and validation of a whole record."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from assistant.intake import (
    Absent,
    Valid,
    validate_bedrijfsnaam,
    validate_contactpersoon,
    validate_hulpvraag,
    validate_intake,
)
from assistant.intake.referentie import ALPHABET, new_referentie, normalise_referentie


@pytest.mark.parametrize(
    ("raw", "value"),
    [("Sanne", "Sanne"), ("mijn naam is Sanne de Vries", "Sanne de Vries"),
     ("Ik ben Jan-Willem", "Jan-Willem"), ("  José\x00 ", "José")],
)
def test_contactpersoon(raw, value):
    assert validate_contactpersoon(raw) == Valid(value, value)


@pytest.mark.parametrize(
    ("raw", "code"),
    [("", "contactpersoon_leeg"), ("sanne@x.nl", "contactpersoon_tekens"),
     ("Sanne 2", "contactpersoon_tekens"), ("😀", "contactpersoon_geen_naam"),
     ("x" * 10_000, "contactpersoon_te_lang")],
)
def test_contactpersoon_invalid(raw, code):
    assert validate_contactpersoon(raw).code == code


def test_bedrijfsnaam():
    assert validate_bedrijfsnaam("Mijn bedrijf heet De Korenbloem").value == "De Korenbloem"
    assert validate_bedrijfsnaam("3D Print & Co").value == "3D Print & Co"
    assert isinstance(validate_bedrijfsnaam("nog geen"), Absent)
    assert isinstance(validate_bedrijfsnaam("heb ik nog niet"), Absent)
    assert validate_bedrijfsnaam("😀").code == "bedrijfsnaam_geen_naam"


def test_hulpvraag():
    assert validate_hulpvraag("Ik zoek geld voor een oven").ok
    assert validate_hulpvraag("?").code == "hulpvraag_te_kort"
    assert validate_hulpvraag("a" * 5001).code == "hulpvraag_te_lang"
    assert "5000" in validate_hulpvraag("a" * 5001).message


def test_referentie_shape_and_alphabet():
    seen = {new_referentie() for _ in range(500)}
    assert len(seen) == 500
    for ref in seen:
        assert re.fullmatch(rf"SCH-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", ref)
    assert not set(ALPHABET) & set("01ILOU")


@pytest.mark.parametrize("raw", ["SCH-7K4P-9Q2M", "sch 7k4p 9q2m", "7K4P9Q2M", " sch-7k4p9q2m "])
def test_referentie_normalised(raw):
    assert normalise_referentie(raw) == "SCH-7K4P-9Q2M"


@pytest.mark.parametrize("raw", ["", "SCH-7K4P-9Q2", "SCH-0K4P-9Q2M", "SCH-IK4P-9Q2M", "😀"])
def test_referentie_refused(raw):
    assert normalise_referentie(raw) is None


def record(**changes):
    base = {
        "toestemming": True, "toestemming_tekstversie": "2025-01", "contactpersoon": "Sanne",
        "hulpvraag": "Ik zoek financiering voor een nieuwe oven", "contactvoorkeur": "email",
        "email": "sanne@korenbloem.nl",
    }
    return {**base, **changes}


def test_minimal_record_is_valid_and_thema_is_classified():
    checked = validate_intake(record())
    assert checked.ok, checked.fouten
    assert checked.values["thema"] == "financiering"
    assert checked.values["toestemming_op"].tzinfo is not None


def test_full_record_is_normalised():
    checked = validate_intake(record(
        bedrijfsnaam="Bakkerij De Korenbloem", kvk_nummer="1234 5678", sector="bakkerij",
        medewerkers="we zijn met z'n zessen", gemeente="Emmeloord", thema="groei",
        telefoon="06-12345678", kanaal="socketio", conversation_id="abc",
        toestemming_op=datetime(2025, 3, 1, 12, tzinfo=UTC),
    ))
    assert checked.ok, checked.fouten
    values = checked.values
    assert values["kvk_nummer"] == "12345678" and values["is_starter"] is False
    assert (values["gemeente"], values["provincie"]) == ("Noordoostpolder", "flevoland")
    assert (values["medewerkers"], values["grootteklasse"]) == (6, "micro")
    assert values["sector"] == "industrie" and values["thema"] == "groei"
    assert values["telefoon"] == "+31612345678"


def test_starter_phrase_sets_is_starter():
    checked = validate_intake(record(kvk_nummer="heb ik nog niet"))
    assert checked.ok and checked.values["is_starter"] is True
    assert checked.values["kvk_nummer"] is None


@pytest.mark.parametrize(
    ("changes", "veld", "code"),
    [
        ({"toestemming": False}, "toestemming", "toestemming_ontbreekt"),
        ({"toestemming_tekstversie": ""}, "toestemming_tekstversie",
         "toestemming_tekstversie_ontbreekt"),
        ({"contactpersoon": None}, "contactpersoon", "veld_verplicht"),
        ({"hulpvraag": "   "}, "hulpvraag", "veld_verplicht"),
        ({"contactvoorkeur": None}, "contactvoorkeur", "veld_verplicht"),
        ({"email": None}, "email", "contact_email_nodig"),
        ({"contactvoorkeur": "telefoon"}, "telefoon", "contact_telefoon_nodig"),
        ({"contactvoorkeur": "chat"}, "conversation_id", "contact_chat_nodig"),
        ({"kvk_nummer": "1234567"}, "kvk_nummer", "kvk_te_kort"),
        ({"email": "sanne@"}, "email", "email_domein"),
        ({"gemeente": "Almare"}, "gemeente", "gemeente_onbekend"),  # no guessing in the API
        ({"sector": "restaurnt"}, "sector", "sector_onbekend"),
        ({"medewerkers": -4}, "medewerkers", "medewerkers_negatief"),
        ({"thema": "astrologie"}, "thema", "thema_onbekend"),
    ],
)
def test_record_errors_name_the_field_in_dutch(changes, veld, code):
    checked = validate_intake(record(**changes))
    assert not checked.ok
    assert (veld, code) in {(f.veld, f.code) for f in checked.fouten}
    assert all(f.melding and "{" not in f.melding for f in checked.fouten)
