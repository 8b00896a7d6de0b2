"""Number of people: numbers, words, ranges, zzp, size classes."""

from __future__ import annotations

import pytest

from assistant.intake import Invalid, Medewerkers, Valid, grootteklasse, parse_medewerkers


@pytest.mark.parametrize(
    ("raw", "aantal", "klasse"),
    [
        ("6", 6, "micro"),
        (6, 6, "micro"),
        ("zes", 6, "micro"),
        ("we zijn met z'n zessen", 6, "micro"),
        ("met zijn tweeën", 2, "micro"),
        ("met ons vieren", 4, "micro"),
        ("zzp", 1, "zzp"),
        ("ZZP'er", 1, "zzp"),
        ("ik ben zzp'er", 1, "zzp"),
        ("alleen ik", 1, "zzp"),
        ("in m'n eentje", 1, "zzp"),
        ("geen personeel", 1, "zzp"),
        ("één", 1, "zzp"),
        ("15 fte", 15, "klein"),
        ("2,5 fte", 3, "micro"),  # fractions round up
        ("8 man", 8, "micro"),
        ("8man", 8, "micro"),
        ("twee collega's en ik", 3, "micro"),
        ("ik en 4 medewerkers", 5, "micro"),
        ("mijn compagnon en ik", 2, "micro"),
        ("vijfentwintig", 25, "klein"),
        ("drieëntwintig", 23, "klein"),
        ("49", 49, "klein"),
        ("50", 50, "middelgroot"),
        ("honderdvijftig", 150, "middelgroot"),
        ("249", 249, "middelgroot"),
        ("250", 250, "groot"),
        ("1.500", 1500, "groot"),
        ("2 duizend", 2000, "groot"),
        ("we hebben 3 vestigingen en 12 medewerkers", 12, "klein"),
    ],
)
def test_numbers_and_words(raw, aantal, klasse):
    result = parse_medewerkers(raw)
    assert isinstance(result, Valid), result
    assert (result.value.aantal, result.value.klasse) == (aantal, klasse)


@pytest.mark.parametrize(
    ("raw", "aantal"), [("een stuk of vijf", 5), ("ongeveer 12", 12), ("zo'n 30", 30)]
)
def test_estimates_are_marked(raw, aantal):
    result = parse_medewerkers(raw)
    assert result.value == Medewerkers(aantal, grootteklasse(aantal), schatting=True)
    assert "ongeveer" in result.display


@pytest.mark.parametrize(
    ("raw", "bereik", "aantal"),
    [("tussen de 10 en 20", (10, 20), 15), ("10-20", (10, 20), 15), ("5 tot 12", (5, 12), 9),
     ("20 - 10", (10, 20), 15), ("3 of 4", (3, 4), 4)],
)
def test_ranges_use_the_midpoint_rounded_up(raw, bereik, aantal):
    result = parse_medewerkers(raw)
    assert result.value.bereik == bereik
    assert result.value.aantal == aantal
    assert result.value.schatting


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("-3", "medewerkers_negatief"),
        ("min 5", "medewerkers_negatief"),
        ("0", "medewerkers_nul"),
        (0, "medewerkers_nul"),
        ("2000000", "medewerkers_te_groot"),
        ("1.000.001", "medewerkers_te_groot"),
        ("twee miljoen", "medewerkers_te_groot"),
        (5_000_000, "medewerkers_te_groot"),
        ("1O", "medewerkers_letters"),
        ("6x", "medewerkers_letters"),
        ("", "medewerkers_leeg"),
        ("   ", "medewerkers_leeg"),
        ("😀", "medewerkers_onbekend"),
        ("veel", "medewerkers_onbekend"),
        ("6 en 8", "medewerkers_onduidelijk"),
        ("x" * 10_000, "medewerkers_te_lang"),
        (True, "medewerkers_onbekend"),
    ],
)
def test_invalid_answers(raw, code):
    result = parse_medewerkers(raw)
    assert isinstance(result, Invalid) and result.code == code
    assert result.message


def test_one_million_is_the_upper_limit():
    assert parse_medewerkers("1000000").value.aantal == 1_000_000


@pytest.mark.parametrize(
    ("aantal", "klasse"),
    [(1, "zzp"), (2, "micro"), (9, "micro"), (10, "klein"), (49, "klein"),
     (50, "middelgroot"), (249, "middelgroot"), (250, "groot"), (10_000, "groot")],
)
def test_size_classes(aantal, klasse):
    assert grootteklasse(aantal) == klasse
