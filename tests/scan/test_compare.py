"""The vervolgscan comparison: per theme what changed since the previous scan."""

from __future__ import annotations

from datetime import date

from assistant.scan.compare import compare
from assistant.scan.scoring import score
from tests.scan.samples import LATER, WORRIED, filled


def results(definition, before, after, **after_kwargs):
    return (score(definition, filled(definition, before)),
            score(definition, filled(definition, after, **after_kwargs)))


def test_changes_per_theme(definition):
    previous, current = results(definition, WORRIED, LATER, skip=("innovatie",))
    comparison = compare(definition, previous, current, vorige_datum=date(2025, 11, 20))
    rows = {row.thema: row for row in comparison.themas}
    assert [row.thema for row in comparison.themas] == [t.id for t in definition.themas]
    assert comparison.vorige_datum == date(2025, 11, 20)

    financien = rows["financien"]
    assert (financien.vorige, financien.nu, financien.verschil) == (1.3, 4.3, 3.0)
    assert financien.trend == "beter"
    assert financien.tekst == definition.teksten.vergelijking.beter
    assert rows["markt"].trend == "gelijk" and rows["markt"].verschil == 0.0
    assert rows["innovatie"].trend == "geen_score" and rows["innovatie"].nu is None
    assert rows["duurzaamheid"].trend == "onbekend"  # never answered


def test_worse_and_new(definition):
    previous, current = results(definition, LATER, WORRIED)
    rows = {row.thema: row for row in compare(definition, previous, current).themas}
    assert rows["financien"].trend == "slechter" and rows["financien"].verschil == -3.0
    previous, current = results(definition, {}, WORRIED)
    rows = {row.thema: row for row in compare(definition, previous, current).themas}
    assert rows["financien"].trend == "nieuw"
    assert rows["financien"].tekst == definition.teksten.vergelijking.nieuw


def test_small_differences_count_as_equal(definition):
    margin = definition.drempels.vergelijking_marge
    previous, current = results(definition, WORRIED, {**WORRIED, "omg_netwerk": "deels"})
    row = next(r for r in compare(definition, previous, current).themas if r.thema == "omgeving")
    assert abs(row.verschil) >= margin and row.trend == "slechter"
    previous, current = results(definition, WORRIED, WORRIED)
    trends = {r.trend for r in compare(definition, previous, current).themas}
    assert trends <= {"gelijk", "onbekend"}


def test_direction_and_aandachtspunten(definition):
    previous, current = results(definition, WORRIED, LATER)
    comparison = compare(definition, previous, current)
    assert comparison.richting_vorige == "Hervormen"
    assert comparison.richting_nu == current.richting.naam
    assert comparison.richting_tekst == (
        f"Vorige keer was je richting Hervormen. Nu is dat {current.richting.naam}.")
    assert "Pak je betalingsachterstanden nu aan" in comparison.opgelost
    assert all(title not in comparison.opgelost for title in comparison.nieuw)
    same = compare(definition, previous, previous)
    assert same.richting_tekst == "Je richting is hetzelfde gebleven: Hervormen."
    assert same.opgelost == [] and same.nieuw == []


def test_no_direction_on_one_side(definition):
    previous, current = results(definition, {}, WORRIED)
    comparison = compare(definition, previous, current)
    assert comparison.richting_vorige is None and comparison.richting_tekst is None


def test_theme_only_in_the_previous_scan(definition):
    previous, current = results(definition, WORRIED, LATER)
    current = current.model_copy(update={"themas": [t for t in current.themas
                                                    if t.id != "omgeving"]})
    rows = compare(definition, previous, current).themas
    assert rows[-1].thema == "omgeving" and rows[-1].trend == "geen_score"
