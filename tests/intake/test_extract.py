"""Several answers in one message, corrections, and staying conservative."""

from __future__ import annotations

import pytest

from assistant.intake import detect_correction, extract_fields


def test_the_example_from_the_brief():
    fields = extract_fields(
        "Ik ben Sanne van Bakkerij De Korenbloem in Almere, we zijn met z'n zessen"
    )
    assert fields == {
        "contactpersoon": "Sanne",
        "bedrijfsnaam": "Bakkerij De Korenbloem",
        "gemeente": "Almere",
        "provincie": "flevoland",
        "medewerkers": 6,
        "grootteklasse": "micro",
        "sector": "industrie",
    }


def test_contact_details_kvk_and_company_in_one_message():
    fields = extract_fields(
        "Hoi, ik ben Piet de Vries van Jansen Installatietechniek B.V. uit Heerlen. "
        "KvK 1234 5678, bel me op 06-12345678 of mail piet@jansen.nl"
    )
    assert fields == {
        "contactpersoon": "Piet de Vries",
        "bedrijfsnaam": "Jansen Installatietechniek B.V.",
        "gemeente": "Heerlen",
        "provincie": "limburg",
        "kvk_nummer": "12345678",
        "telefoon": "+31612345678",
        "email": "piet@jansen.nl",
        "sector": "bouw",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nee, het zijn er 8", {"medewerkers": 8, "grootteklasse": "micro"}),
        ("we zijn niet met 6 maar met 8", {"medewerkers": 8, "grootteklasse": "micro"}),
        ("Mijn naam is Fatima, ik heb een kapsalon in Den Bosch",
         {"contactpersoon": "Fatima", "gemeente": "'s-Hertogenbosch",
          "provincie": "noord-brabant", "sector": "persoonlijke_dienstverlening"}),
        ("Wij zijn Kapsalon Knip in Emmeloord met 3 medewerkers",
         {"gemeente": "Noordoostpolder", "provincie": "flevoland", "medewerkers": 3,
          "grootteklasse": "micro", "sector": "persoonlijke_dienstverlening"}),
        ("Ik ben zzp'er in Lelystad",
         {"gemeente": "Lelystad", "provincie": "flevoland", "medewerkers": 1,
          "grootteklasse": "zzp"}),
        ("Ik ben starter en heb nog geen KvK", {"is_starter": True}),
        ("Mijn bedrijf heet De Groene Vingers en ik ben hovenier",
         {"bedrijfsnaam": "De Groene Vingers", "sector": "zakelijke_dienstverlening"}),
        ("mijn kvk-nummer is 87654321", {"kvk_nummer": "87654321"}),
        ("Zitten niet in Almere maar in Lelystad", {"gemeente": "Lelystad",
                                                    "provincie": "flevoland"}),
        ("Ik ben Sanne de Vries", {"contactpersoon": "Sanne de Vries"}),
    ],
)
def test_multi_field_messages(text, expected):
    assert extract_fields(text) == expected


def test_a_lowercase_gemeente_counts_but_a_lowercase_name_does_not():
    assert extract_fields("ik ben sanne uit almere") == {"gemeente": "Almere",
                                                         "provincie": "flevoland"}
    assert extract_fields("ik woon te best") == {}  # a gemeente that is also a word


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben benieuwd naar subsidies in Nederland",  # not a name, not a gemeente
        "Ik heb een vraag over de bouw van een schuur",  # not a self-description
        "Ik ben Op zoek naar geld",
        "Bel me op 061234567",  # invalid number: not filled
        "Mijn kvk is 1234567",  # 7 digits: not a KvK-nummer
        "Ik wil beginnen met exporteren",
        "Geboren op 12-03-1980",
        "",
        "😀😀😀",
    ],
)
def test_conservative_nothing_is_guessed(text):
    assert extract_fields(text) == {}


def test_surname_or_company_unclear_keeps_only_the_first_name():
    assert extract_fields("Ik ben Sanne van Dijk") == {"contactpersoon": "Sanne"}


def test_phone_number_digits_are_not_taken_as_kvk():
    fields = extract_fields("Bel 06 12345678")
    assert fields == {"telefoon": "+31612345678"}


def test_very_long_and_odd_input_is_safe():
    assert isinstance(extract_fields("Ik ben Sanne " + "bla " * 5000), dict)
    assert isinstance(extract_fields("\x00\x1b[31m Ik ben\u200b Sanne"), dict)


@pytest.mark.parametrize(
    ("text", "marker", "fields"),
    [
        ("nee, het zijn er 8", "nee", {"medewerkers": 8, "grootteklasse": "micro"}),
        ("Nee, we zijn met 8", "nee", {"medewerkers": 8, "grootteklasse": "micro"}),
        ("Eigenlijk zitten we in Lelystad", "eigenlijk",
         {"gemeente": "Lelystad", "provincie": "flevoland"}),
        ("ik bedoelde 12345678", "ik bedoelde", {"kvk_nummer": "12345678"}),
        ("sorry, mijn mail is sanne@korenbloem.nl", "sorry",
         {"email": "sanne@korenbloem.nl"}),
        ("het zijn er 12", "het zijn er", {"medewerkers": 12, "grootteklasse": "klein"}),
        ("nee", "nee", {}),
    ],
)
def test_corrections_are_detected_with_their_fields(text, marker, fields):
    correction = detect_correction(text)
    assert correction is not None
    assert correction.marker == marker
    assert correction.fields == fields


@pytest.mark.parametrize("text", ["Ik zoek subsidie", "ja", "Almere", "", "😀"])
def test_no_correction(text):
    assert detect_correction(text) is None
