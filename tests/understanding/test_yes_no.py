"""Yes and no in messy Dutch (consent question and summary)."""

from __future__ import annotations

import pytest

from assistant.understanding.yes_no import read_yes_no


@pytest.mark.parametrize("text", [
    "ja", "Ja, dat is goed", "als het echt nodig is dan mag het", "mag het", "is goed",
    "vooruit", "vooruit dan maar", "prima hoor", "oké", "ok doe maar", "geen probleem",
    "van mij mag het", "als het moet", "ja klopt", "klopt", "akkoord",
])
def test_yes(text):
    assert read_yes_no(text) is True


@pytest.mark.parametrize("text", [
    "nee", "Nee, liever niet", "liever niet", "dat mag niet", "niet akkoord",
    "ik wil niet dat jullie dat bewaren", "klopt niet", "nee dank je",
])
def test_no(text):
    assert read_yes_no(text) is False


@pytest.mark.parametrize("text", [
    "", "hmm", "12345678", "wat doen jullie ermee?", "ja maar niet delen", "/affirm",
    "hoelang bewaren jullie het", "ik weet het niet zo goed", "ik twijfel nog", "geen idee",
])
def test_unclear(text):
    assert read_yes_no(text) is None
