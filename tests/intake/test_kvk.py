"""KvK-nummer: 8 digits, separators allowed, starters get Absent, clear errors."""

from __future__ import annotations

import pytest

from assistant.intake import Absent, Invalid, Valid, validate_kvk


@pytest.mark.parametrize(
    "raw",
    ["12345678", "1234 5678", "12.34.56.78", "1234-5678", "KvK 12345678", "kvk: 12345678",
     "mijn kvk-nummer is 1234 5678", "  12345678  ", "12345678.", 12345678, "KvK-nr 12345678"],
)
def test_valid_numbers_are_normalised(raw):
    result = validate_kvk(raw)
    assert result == Valid("12345678", "12345678")


@pytest.mark.parametrize(
    "raw",
    ["heb ik nog niet", "heb ik niet", "nog geen", "starter", "geen", "Nee", "ik ben starter",
     "die heb ik nog niet", "nog geen kvk-nummer", "ik start net", "n.v.t.",
     "Nog niet ingeschreven"],
)
def test_starters_without_number_are_absent_not_an_error(raw):
    result = validate_kvk(raw)
    assert isinstance(result, Absent) and result.ok
    assert result.code == "starter"
    assert "starter" in result.display


@pytest.mark.parametrize("raw", ["weet ik niet", "geen idee", "kan ik niet vinden"])
def test_not_knowing_is_absent_unknown(raw):
    assert validate_kvk(raw) == Absent("onbekend", validate_kvk(raw).display)


@pytest.mark.parametrize(
    ("raw", "code", "in_message"),
    [
        ("1234567", "kvk_te_kort", "Ik zie er 7"),
        ("123", "kvk_te_kort", "Ik zie er 3"),
        ("123456789", "kvk_te_veel_cijfers", "Ik zie er 9"),
        ("123456789012", "kvk_vestigingsnummer", "vestigingsnummer"),
        ("1234567a", "kvk_letters", "geen letters"),
        ("12345O78", "kvk_letters", "geen letters"),
        ("NL123456789B01", "kvk_letters", "geen letters"),
        ("", "kvk_leeg", "8 cijfers"),
        ("   ", "kvk_leeg", "8 cijfers"),
        (None, "kvk_leeg", "8 cijfers"),
        ("😀", "kvk_geen_cijfers", "geen cijfers"),
        ("1234😀5678", "kvk_tekens", "alleen de 8 cijfers"),
        ("1" * 10_000, "kvk_te_lang", "te veel tekst"),
        ("hallo daar", "kvk_geen_cijfers", "heb ik niet"),
    ],
)
def test_invalid_numbers_explain_what_is_expected(raw, code, in_message):
    result = validate_kvk(raw)
    assert isinstance(result, Invalid) and not result.ok
    assert result.code == code
    assert in_message in result.message


def test_message_for_seven_digits_matches_the_brief():
    assert validate_kvk("1234567").message == (
        "Een KvK-nummer heeft precies 8 cijfers. Ik zie er 7. Typ het nummer nog eens, "
        "of zeg 'heb ik niet' als je net start."
    )


def test_control_characters_are_ignored():
    assert validate_kvk("1234\x005678\u200b") == Valid("12345678", "12345678")
