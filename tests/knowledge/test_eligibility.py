"""Eligibility: ja / misschien / nee with Dutch reasons and deciding questions."""

from __future__ import annotations

from assistant.knowledge import Profile, open_questions
from assistant.knowledge.eligibility import assess


def verdict(kb, entry_id, **profile):
    return assess(kb.get(entry_id), Profile(**profile), kb.vocabulary)


def test_a_fitting_size_is_ja_with_the_reason(kb):
    result = verdict(kb, "slim", medewerkers=6)
    assert result.oordeel == "ja"
    assert (
        "Je hebt 6 medewerkers; SLIM is voor bedrijven met maximaal 249 medewerkers."
        in result.redenen
    )


def test_a_size_outside_the_range_is_nee(kb):
    result = verdict(kb, "slim", medewerkers=300)
    assert result.oordeel == "nee"
    assert result.redenen == [
        "Je hebt 300 medewerkers; SLIM is voor bedrijven met maximaal 249 medewerkers."
    ]
    assert result.vragen == []


def test_a_missing_fact_is_misschien_with_the_question(kb):
    result = verdict(kb, "slim")
    assert result.oordeel == "misschien"
    assert result.vragen == ["Hoeveel mensen werken er in je bedrijf?"]


def test_regional_entries_check_the_provincie_or_the_gemeente(kb):
    assert verdict(kb, "horizon-flevoland", provincie="utrecht").oordeel == "nee"
    unknown = verdict(kb, "horizon-flevoland")
    assert unknown.oordeel == "misschien"
    assert unknown.vragen == ["In welke gemeente of provincie zit je bedrijf?"]
    via_gemeente = kb.geschiktheid(Profile(gemeente="Almere"))
    assert next(v for v in via_gemeente if v.entry.id == "horizon-flevoland").oordeel == "ja"


def test_sector_age_and_legal_form(kb):
    assert verdict(kb, "borgstelling-landbouwkredieten", sector="horeca").oordeel == "nee"
    bmkb = verdict(kb, "bmkb", medewerkers=5, sector="vastgoed")
    assert bmkb.oordeel == "nee"
    assert "Je sector is Vastgoed; BMKB is niet voor de sector" in bmkb.redenen[0]
    young = verdict(kb, "rom-utrecht-region", provincie="utrecht", bedrijfsleeftijd_jaren=8)
    assert young.oordeel == "nee"
    assert young.redenen == [
        "Je bedrijf bestaat 8 jaar; ROM Utrecht Region is voor bedrijven van maximaal 5 jaar oud."
    ]
    bv = verdict(kb, "mkb-winstvrijstelling", rechtsvorm="bv")
    assert bv.oordeel == "nee"
    assert bv.redenen == ["Je hebt een bv; Mkb-winstvrijstelling is niet voor een bv of nv."]
    unknown = verdict(kb, "mkb-winstvrijstelling")
    assert unknown.vragen == [
        "Welke rechtsvorm heeft je bedrijf (bijvoorbeeld eenmanszaak, vof of bv)?"
    ]


def test_closed_and_uncertain_schemes(kb):
    closed = verdict(kb, "svm", medewerkers=5)
    assert closed.oordeel == "nee"
    assert closed.redenen[0].startswith("SVM is gesloten.")
    uncertain = verdict(kb, "mijn-digitale-zaak", medewerkers=5)
    assert uncertain.oordeel == "misschien"
    assert any("niet zeker" in reden for reden in uncertain.redenen)


def test_loketten_are_ja_when_the_regio_fits(kb):
    assert verdict(kb, "kvk", medewerkers=10_000).oordeel == "ja"
    assert verdict(kb, "mkb-schakelteam-flevoland", provincie="flevoland").oordeel == "ja"
    assert verdict(kb, "mkb-schakelteam-flevoland", provincie="limburg").oordeel == "nee"


def test_all_verdicts_relevant_first_and_the_open_questions(kb):
    verdicts = kb.geschiktheid(Profile(provincie="flevoland", themas=["personeel"]))
    assert len(verdicts) == len(kb.entries)
    relevant = [v.relevant for v in verdicts]
    assert relevant == sorted(relevant, reverse=True)
    assert all("personeel" in v.entry.themas for v in verdicts if v.relevant)
    assert open_questions(verdicts)[0] == "Hoeveel mensen werken er in je bedrijf?"
