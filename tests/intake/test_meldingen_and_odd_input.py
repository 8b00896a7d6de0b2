"""Every validator survives odd input and answers in Dutch from meldingen.yml."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from assistant.intake import (
    Absent,
    Invalid,
    Valid,
    lookup_gemeente,
    parse_contactvoorkeur,
    parse_medewerkers,
    parse_sector,
    validate_bedrijfsnaam,
    validate_contactpersoon,
    validate_email,
    validate_hulpvraag,
    validate_kvk,
    validate_telefoon,
)
from assistant.intake.meldingen import load_texts

VALIDATORS = [
    validate_kvk, validate_email, validate_telefoon, parse_contactvoorkeur, parse_medewerkers,
    lookup_gemeente, parse_sector, validate_contactpersoon, validate_bedrijfsnaam,
    validate_hulpvraag,
]
ODD = [
    "", " ", "\t\n", None, "x" * 10_000, "😀", "😀" * 50, "\x00\x01\x02", "\u200b\u200b",
    "<script>alert(1)</script>", "'; DROP TABLE intakes; --", "١٢٣٤٥٦٧٨", "１２３４５６７８",
    "\ud800" if False else "\uffff", "-1", "1e9", "NaN",
]
INTAKE_DIR = Path(__file__).resolve().parents[2] / "assistant" / "intake"


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
@pytest.mark.parametrize("raw", ODD, ids=range(len(ODD)))
def test_odd_input_never_crashes(validator, raw):
    result = validator(raw)
    assert isinstance(result, Valid | Absent | Invalid)
    if isinstance(result, Invalid):
        assert result.message and "{" not in result.message


@pytest.mark.parametrize("validator", VALIDATORS, ids=lambda v: v.__name__)
def test_empty_and_too_long_give_their_own_messages(validator):
    assert validator("").code.endswith("_leeg") or validator("").code == "kvk_leeg"
    assert validator("a1 " * 4000).code.endswith("_te_lang")


def _codes_in_code() -> set[str]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in INTAKE_DIR.glob("*.py"))
    source += (INTAKE_DIR.parents[1] / "api" / "routes" / "intakes.py").read_text(encoding="utf-8")
    codes = set(re.findall(r"""(?:invalid|melding|display)\(\s*"([a-z_]+)\"""", source))
    return codes | set(re.findall(r"""fail\(\s*"[a-z_]+",\s*"([a-z_]+)\"""", source))


def test_every_code_used_in_python_has_a_text():
    texts = load_texts()
    known = set(texts["meldingen"]) | set(texts["weergave"])
    assert _codes_in_code() - known == set()


def test_texts_are_informal_short_dutch():
    for section in load_texts().values():
        for code, text in section.items():
            words = set(re.findall(r"\b\w+\b", text.lower()))
            assert not words & {"u", "uw", "uzelf"}, f"{code}: gebruik 'je'"
            assert len(text) <= 220, f"{code} is te lang"
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f]
            assert all(re.fullmatch(r"[a-z_]+", f) for f in fields), code


def test_too_long_texts_take_only_max():
    for code, text in load_texts()["meldingen"].items():
        if code.endswith("_te_lang"):
            fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
            assert fields <= {"max"}, code


def test_summary_labels_cover_every_intake_field():
    labels = load_texts()["labels"]
    fields = {"hulpvraag", "contactpersoon", "bedrijfsnaam", "gemeente", "medewerkers", "sector",
              "kvk_nummer", "contactvoorkeur", "email", "telefoon", "overgeslagen"}
    assert fields <= set(labels)
