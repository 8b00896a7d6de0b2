"""Searching the real knowledge base: names, filters, reasons and junk input."""

from __future__ import annotations

import pytest

from assistant.knowledge import UnknownValue


def ids(hits) -> list[str]:
    return [hit.entry.id for hit in hits]


def test_a_named_scheme_comes_first_with_the_reason(kb):
    hits = kb.search("Wat is de WBSO?")
    assert hits[0].entry.id == "wbso"
    assert "naam: WBSO" in hits[0].reasons
    assert "isde-zakelijk" not in ids(hits[:3])  # "is de" does not spell ISDE


def test_compounds_typos_and_synonyms_find_the_scheme(kb):
    assert "isde-zakelijk" in ids(kb.search("energiebesparingssubsidie", limit=3))
    assert ids(kb.search("digitaliseringsvoucher"))[0] == "ik-ben-drents-ondernemer"
    assert ids(kb.search("s&o-afdrachtvermindering"))[0] == "wbso"
    assert ids(kb.search("innovatiekredit"))[0] == "innovatiekrediet"


def test_reasons_name_the_keywords_and_the_filters(kb):
    hit = kb.search("subsidie opleiding personeel", medewerkers=6, thema="personeel")[0]
    assert "past bij 6 medewerkers" in hit.reasons
    assert "thema: Personeel" in hit.reasons
    assert any(reason.startswith("trefwoord: ") for reason in hit.reasons)


def test_regio_filter_keeps_national_and_own_region_only(kb):
    hits = kb.search("financiering", regio="flevoland", limit=50)
    regions = {r for hit in hits for r in hit.entry.regio}
    assert "limburg" not in regions
    assert {"flevoland", "landelijk"} <= regions
    assert any(reason == "regio: Flevoland" for hit in hits for reason in hit.reasons)


def test_medewerkers_sector_and_soort_filters(kb):
    assert "slim" in ids(kb.search("opleiding personeel", medewerkers=6, limit=20))
    assert "slim" not in ids(kb.search("opleiding personeel", medewerkers=300, limit=50))
    assert "bmkb" not in ids(kb.search("lening borg", sector="landbouw", limit=50))
    assert "borgstelling-landbouwkredieten" in ids(kb.search("lening borg", sector="landbouw"))
    assert {hit.entry.soort for hit in kb.search("", soort="loket", limit=50)} == {"loket"}


def test_without_a_question_the_filters_list_open_entries_first(kb):
    hits = kb.search("", thema="duurzaamheid", limit=50)
    assert hits and all("duurzaamheid" in hit.entry.themas for hit in hits)
    statuses = [hit.entry.status for hit in hits]
    assert statuses == sorted(statuses, key=lambda status: status != "actief")


def test_a_closed_scheme_ranks_below_open_ones_unless_named(kb):
    assert ids(kb.search("SVM"))[0] == "svm"
    ranking = ids(kb.search("energieadvies subsidie mkb", limit=10))
    assert "svm" in ranking


def test_find_by_name_inside_a_sentence(kb):
    assert kb.find_by_name("kom ik in aanmerking voor SLIM?").id == "slim"
    assert kb.find_by_name("en hoe zit het met de innovatie box").id == "innovatiebox"
    assert kb.find_by_name("kan ik naar qredit").id == "qredits"
    assert kb.find_by_name("hoeveel is de wbos").id == "wbso"
    assert kb.find_by_name("ik heb een vraag over nederland") is None  # not EEN Nederland
    assert kb.find_by_name("let's go") is None  # GO only in capitals
    assert kb.find_by_name("valt dit onder de GO?").id == "garantie-ondernemingsfinanciering"
    assert kb.find_by_name("hallo") is None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "😀🙈💶" * 50,
        "x" * 10_000,
        "\x00\x1b[31m\u202e\ufeff",
        "<script>alert(1)</script>",
        "ﷺ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 " * 200,
        "?!.,;:" * 300,
        "a " * 5000,
    ],
)
def test_junk_never_raises(kb, query):
    assert isinstance(kb.search(query), list)
    assert kb.find_by_name(query) is None or kb.find_by_name(query).id


def test_unknown_filter_values_are_refused_in_dutch(kb):
    with pytest.raises(
        UnknownValue, match="thema 'innovatie2' bestaat niet; kies uit: financiering"
    ):
        kb.search("x", thema="innovatie2")
    with pytest.raises(UnknownValue, match="regio 'atlantis' bestaat niet"):
        kb.search("x", regio="atlantis")
