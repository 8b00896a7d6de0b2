"""The HTML report as text: content, Dutch formatting, escaping (the browser test looks)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.scan.compare import compare
from assistant.scan.report import format_difference, format_score, render_report
from assistant.scan.scoring import advise, score
from assistant.settings import REPO_ROOT
from tests.scan.samples import LATER, WORRIED, filled

HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def result(definition):
    return score(definition, filled(definition, WORRIED, skip=("duurzaamheid",)))


def test_report_content(definition, result):
    html = render_report(result, datum=date(2026, 3, 5), referentie="SCH-42", definition=definition)
    assert html.startswith("<!doctype html>") and '<html lang="nl">' in html
    assert "Uitslag van je bedrijfsscan" in html
    assert "5 maart 2026" in html and "SCH-42" in html
    assert f'<p class="name">{result.richting.naam}</p>' in html
    assert result.richting.reden in html
    assert html.count('class="theme"') == len(definition.themas)
    assert "geen score" in html and definition.teksten.geen_score.overgeslagen in html
    for point in result.aandachtspunten:
        assert point.titel in html and point.stappen[0] in html
    assert "Wat is er veranderd" not in html
    assert '<link rel="stylesheet" href="/static/rapport.css">' in html
    assert "<style" not in html and "style=" not in html and "onclick" not in html
    stylesheet = (REPO_ROOT / "api" / "static" / "rapport.css").read_text()
    assert "@media print" in stylesheet and "@page" in stylesheet
    assert "Praat erover met een adviseur" in html  # money trouble: offer an adviser


def test_report_with_comparison_and_regelingen(definition, result):
    later = score(definition, filled(definition, LATER))
    later = advise(later, lambda ids, profile: [
        {"id": "r1", "naam": "Voorbeeldregeling", "url": "https://example.org/r1",
         "reden": "Past bij je bedrijf"},
        {"id": "r2", "naam": "Zonder link", "url": "javascript:alert(1)"}], limit=3)
    comparison = compare(definition, result, later, vorige_datum=date(2025, 3, 1))
    html = render_report(later, datum=date(2026, 3, 5), vergelijking=comparison,
                         definition=definition)
    assert "Wat is er veranderd sinds je vorige scan?" in html
    assert "Je vorige scan was op 1 maart 2025." in html
    assert "▲ Beter dan vorige keer (+3,0)" in html
    assert '<a class="name" href="https://example.org/r1">Voorbeeldregeling</a>' in html
    assert "<li>Pak je betalingsachterstanden nu aan</li>" in html  # no longer on the list
    assert "javascript:" not in html  # not a link target


def test_everything_from_data_is_escaped(definition, result):
    hostile = result.model_copy(deep=True)
    hostile.themas[0].naam = HOSTILE
    hostile.aandachtspunten[0].titel = HOSTILE
    hostile.aandachtspunten[0].regelingen = [{"naam": HOSTILE, "url": "https://x/\"><b>"}]
    html = render_report(hostile, datum=date(2026, 3, 5), referentie=HOSTILE,
                         bedrijfsnaam=HOSTILE, definition=definition)
    assert "<img" not in html and "&lt;img src=x" in html
    assert "<b>" not in html


def test_report_of_an_empty_scan(definition):
    html = render_report(score(definition, filled(definition, {})), datum=date(2026, 1, 1),
                         definition=definition)
    assert definition.teksten.richting_onbekend in html
    assert definition.teksten.geen_sterktes in html
    assert definition.teksten.geen_aandachtspunten in html


def test_number_formatting():
    assert format_score(3.4) == "3,4" and format_score(5) == "5,0" and format_score(None) == "–"
    assert format_difference(0.5) == "+0,5" and format_difference(-1) == "−1,0"
    assert format_difference(0) == "±0,0" and format_difference(None) == ""
