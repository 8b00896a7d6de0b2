"""The keyword classifier for the thema of a hulpvraag."""

from __future__ import annotations

import pytest
import yaml

from assistant.intake import Invalid, Valid, classify_thema, validate_thema
from assistant.intake.knowledge_files import knowledge_file, read_yaml
from assistant.intake.thema import TREFWOORDEN_FILE


def test_every_thema_has_keywords_and_no_unknown_ones():
    ids = {t["id"] for t in read_yaml(knowledge_file("themas.yml"))["themas"]}
    keywords = yaml.safe_load(TREFWOORDEN_FILE.read_text(encoding="utf-8"))
    assert set(keywords) == ids
    assert all(len(words) >= 10 for words in keywords.values())


@pytest.mark.parametrize(
    ("vraag", "thema"),
    [
        ("Ik zoek financiering voor een nieuwe machine", "financiering"),
        ("Kan ik een lening krijgen bij de bank?", "financiering"),
        ("Ik kan geen personeel vinden", "personeel"),
        ("Hoe neem ik mijn eerste werknemer aan?", "personeel"),
        ("Mijn website en webshop moeten beter", "digitalisering"),
        ("We zijn gehackt, wat nu?", "digitalisering"),
        ("We willen een nieuw product ontwikkelen, is er WBSO?", "innovatie"),
        ("Ik wil zonnepanelen en een warmtepomp voor de zaak", "duurzaamheid"),
        ("Ik wil exporteren naar Duitsland", "internationaal"),
        ("Ik wil voor mezelf beginnen, welke rechtsvorm?", "starten"),
        ("We willen uitbreiden met een tweede vestiging", "groei"),
        ("Ik wil mijn bedrijf overdragen aan mijn zoon", "bedrijfsovername"),
        ("We hebben schulden en ik maak me zorgen", "stoppen_crisis"),
        ("Ik dreig failliet te gaan", "stoppen_crisis"),
        ("Hoe kom ik aan een vergunning voor mijn terras?", "wet_regelgeving"),
        ("Vragen over de btw-aangifte", "wet_regelgeving"),
    ],
)
def test_questions_get_the_right_thema(vraag, thema):
    match = classify_thema(vraag)
    assert match.thema == thema
    assert 0 < match.confidence <= 1
    assert match.trefwoorden


def test_more_evidence_gives_more_confidence():
    weak = classify_thema("Ik wil een app")
    strong = classify_thema("Ik wil mijn bedrijf digitaliseren: een webshop, software en een app")
    assert weak.thema == strong.thema == "digitalisering"
    assert strong.confidence > weak.confidence


def test_no_keywords_means_no_thema():
    match = classify_thema("Hallo, goedemorgen!")
    assert match.thema is None and match.confidence == 0


def test_tie_returns_no_thema_but_alternatives():
    match = classify_thema("export en import")  # two internationaal words: no tie
    assert match.thema == "internationaal"
    tie = classify_thema("krediet website")  # equal weight: 7 letters each
    assert tie.thema is None and set(tie.alternatieven) == {"financiering", "digitalisering"}


@pytest.mark.parametrize("raw", ["", "😀", "x" * 10_000, None, "\x00\x01"])
def test_odd_input_gives_no_thema(raw):
    assert classify_thema(raw).thema is None


@pytest.mark.parametrize(("raw", "thema"), [("financiering", "financiering"),
                                            ("Stoppen of crisis", "stoppen_crisis")])
def test_validate_thema_accepts_ids_and_names(raw, thema):
    assert validate_thema(raw) == Valid(thema, validate_thema(raw).display)


def test_validate_thema_refuses_unknown():
    assert isinstance(validate_thema("astrologie"), Invalid)
