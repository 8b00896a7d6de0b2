"""The scan definition: the real files load and make sense; broken files are refused with
a message naming file, field and what is expected; the cache reloads on change."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from assistant.scan import definition as scan_definition
from assistant.scan.definition import (
    RICHTINGEN,
    WEET_NIET,
    ScanDefinitionError,
    load_definition,
    read_definition,
)
from tests.scan.conftest import KNOWLEDGE

SCHAKEL_THEMAS = {t["id"] for t in yaml.safe_load((KNOWLEDGE / "themas.yml").read_text())["themas"]}
REQUIRED_THEMES = {"ambitie", "markt", "financien", "personeel", "digitalisering", "innovatie",
                   "duurzaamheid", "ondernemer"}


# ------------------------------------------------------------------ the real definition


def test_real_definition_has_the_required_shape(definition):
    assert {theme.id for theme in definition.themas} >= REQUIRED_THEMES
    assert len(definition.themas) >= 8
    total = sum(len(theme.vragen) for theme in definition.themas)
    assert 20 <= total <= 24
    for theme in definition.themas:
        assert 2 <= len(theme.vragen) <= 4, theme.id
        assert set(theme.thema_ids) <= SCHAKEL_THEMAS
        assert theme.aandachtspunten, f"{theme.id} has no aandachtspunt"
        assert theme.kernvraag.scored
        assert set(theme.samenvatting) == {band.id for band in definition.banden}
    assert set(definition.richtingen) == set(RICHTINGEN)
    assert not definition.regels[-1].als


def test_every_question_has_a_why_and_buttons_with_payloads(definition):
    for question in definition.questions():
        assert question.waarom.strip()
        buttons = definition.buttons(question)
        assert len(buttons) == len(question.opties) + 1
        assert buttons[-1]["title"] == "Weet ik niet"
        assert buttons[-1]["payload"].endswith(f'"antwoord":"{WEET_NIET}"}}')
        for button in buttons:
            assert button["payload"].startswith(f'/scan_antwoord{{"vraag":"{question.id}"')
            assert len(button["title"]) <= 30, button["title"]  # fits on a chat button


def test_aandachtspunten_name_known_organisations_and_thema_ids(definition):
    for theme in definition.themas:
        for point in theme.aandachtspunten:
            assert point.stappen
            assert point.thema_ids and set(point.thema_ids) <= SCHAKEL_THEMAS
            assert all(org in definition.organisaties for org in point.organisaties)


def test_find_theme_accepts_scan_and_schakel_ids(definition):
    assert definition.find_theme("financien").id == "financien"
    assert definition.find_theme("financiering").id == "financien"
    assert definition.find_theme("bedrijfsovername").id == "ondernemer"
    assert definition.find_theme("bestaat_niet") is None
    assert definition.find_theme(None) is None


def test_bands(definition):
    assert definition.band(1.0).id == "laag"
    assert definition.band(2.4).id == "laag"
    assert definition.band(2.5).id == "midden"
    assert definition.band(5.0).id == "hoog"


# ------------------------------------------------------------------------ broken files


def _set(path: list, value):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _delete(path: list):
    def change(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


FIN = "scan/themas/financien.yml"
SCAN = "scan/scan.yml"
ANSWERS = "scan/antwoorden.yml"

BROKEN = {
    "unknown answer set": (
        FIN, _set(["vragen", 0, "antwoorden"], "ja_nee_misschien"),
        ["knowledge/scan/themas/financien.yml", "vragen[0] (fin_inzicht).antwoorden",
         "onbekende antwoordset 'ja_nee_misschien'", "verwacht een van: cijfer, ja_deels_nee"]),
    "score out of range": (
        ANSWERS, _set(["antwoordsets", "ja_deels_nee", 0, "score"], 7),
        ["antwoorden.yml", "antwoordsets.ja_deels_nee[0] (ja).score", "mag hoogstens 5"]),
    "missing why": (
        FIN, _delete(["vragen", 1, "waarom"]),
        ["vragen[1] (fin_buffer).waarom", "ontbreekt; dit veld is verplicht"]),
    "misspelled field": (
        FIN, lambda d: d["vragen"][0].update(tekts=d["vragen"][0]["tekst"]),
        ["vragen[0] (fin_inzicht).tekts", "onbekend veld; controleer de spelling"]),
    "duplicate question id": (
        "scan/themas/markt.yml", _set(["vragen", 0, "id"], "fin_inzicht"),
        ["vragen[0] (fin_inzicht).id", "vraag-id 'fin_inzicht' bestaat al in knowledge/scan/"]),
    "unknown organisation": (
        FIN, _set(["aandachtspunten", 1, "organisaties"], ["bankje"]),
        ["aandachtspunten[1] (grip_op_geld).organisaties", "onbekende organisatie 'bankje'",
         "organisaties.yml"]),
    "unknown thema id": (
        FIN, _set(["thema_ids"], ["geld"]),
        ["financien.yml, thema_ids", "onbekende thema-id 'geld'", "financiering"]),
    "listed theme without a file": (
        SCAN, lambda d: d["themas"].append("export"),
        ["knowledge/scan/themas/export.yml", "bestand ontbreekt",
         "scan.yml noemt dit thema in 'themas'"]),
    "theme file not listed": (
        SCAN, lambda d: d["themas"].remove("omgeving"),
        ["themas/omgeving.yml", "staat niet in 'themas' in scan.yml"]),
    "condition on an unknown question": (
        SCAN, _set(["regels", 0, "als", 0, "vraag"], "ond_plannen"),
        ["scan.yml, regels[0] (stoppen).als[0].vraag", "onbekende vraag 'ond_plannen'"]),
    "condition with an unknown answer": (
        FIN, _set(["aandachtspunten", 0, "als", 0, "antwoord"], ["misschien"]),
        ["aandachtspunten[0] (achterstanden).als[0].antwoord",
         "'misschien' is geen antwoord van fin_achterstand", "verwacht een van: ja, klein, nee"]),
    "condition of an unknown kind": (
        SCAN, _set(["regels", 1, "als", 0], {"score": 2}),
        ["regels[1] (hervormen).als[0]",
         "verwacht een voorwaarde met 'vraag', 'thema' of 'gemiddelde'"]),
    "theme condition without bounds": (
        SCAN, _set(["regels", 1, "als", 0], {"thema": "financien"}),
        ["regels[1] (hervormen).als[0]", "geef 'min', 'max' of allebei"]),
    "last rule with conditions": (
        SCAN, lambda d: d["regels"][-1].update(als=[{"gemiddelde": {"min": 3}}]),
        ["regels[7] (groeien)", "de laatste regel moet zonder 'als' zijn"]),
    "direction missing": (
        SCAN, lambda d: d.update(richtingen=d["richtingen"][:4]),
        ["scan.yml, richtingen", "richting 'stoppen' ontbreekt"]),
    "unknown direction": (
        SCAN, _set(["regels", 0, "richting"], "verkopen"),
        ["regels[0] (verkopen).richting", "verwacht een van: 'groeien', 'versnellen'"]),
    "summary for a band missing": (
        FIN, _delete(["samenvatting", "midden"]),
        ["financien.yml, samenvatting", "verwacht precies één tekst per band"]),
    "unknown placeholder": (
        SCAN, _set(["teksten", "voortgang"], "Vraag {vraagnummer} van {totaal}"),
        ["teksten.voortgang", "onbekende invulplek {vraagnummer}", "{nummer}"]),
    "id with capitals": (
        FIN, _set(["vragen", 0, "id"], "Fin Inzicht"),
        ["vragen[0] (Fin Inzicht).id", "is geen geldige id", "kleine letters"]),
    "kernvraag without a score": (
        "scan/themas/ambitie.yml", lambda d: d["vragen"].insert(0, d["vragen"].pop()),
        ["vragen[0] (amb_groei)", "kernvraag"]),
    "bands in the wrong order": (
        SCAN, _set(["banden", 1, "tot"], 2.0),
        ["banden[1] (midden).tot", "'tot' moet oplopen"]),
    "prefill with an answer the question does not have": (
        "scan/themas/personeel.yml", _set(["vragen", 0, "vooraf", 0, "antwoord"], "zzp"),
        ["vragen[0] (pers_bezetting).vooraf[0].antwoord", "'zzp' is geen antwoord",
         "geen_personeel"]),
    "prefill without a number of people": (
        "scan/themas/personeel.yml", _set(["vragen", 0, "vooraf", 0, "medewerkers"], {}),
        ["vooraf[0].medewerkers", "geef 'min', 'max' of allebei (een aantal mensen)"]),
    "unknown placeholder in a chat line": (
        SCAN, _set(["teksten", "chat", "vergelijking_regel"], "{thema}: {oud} → {nu}"),
        ["teksten.chat.vergelijking_regel", "onbekende invulplek {oud}", "{vorige}"]),
    "a trend without a short word": (
        SCAN, _delete(["teksten", "chat", "trend_kort", "beter"]),
        ["teksten.chat.trend_kort", "ontbreekt: beter"]),
    "unknown command": (
        ANSWERS, _set(["opdrachten", "dansen"], ["dans"]),
        ["antwoorden.yml, opdrachten", "dansen"]),
}


@pytest.mark.parametrize("relative, change, expected", BROKEN.values(), ids=BROKEN.keys())
def test_broken_definition_is_refused_with_a_clear_message(knowledge_copy, edit_yaml,
                                                           relative, change, expected):
    edit_yaml(relative, change)
    with pytest.raises(ScanDefinitionError) as caught:
        read_definition(knowledge_copy)
    message = str(caught.value)
    assert message.startswith("De bedrijfsscan kan niet worden geladen")
    for part in expected:
        assert part in message, f"{part!r} not in:\n{message}"


def test_yaml_syntax_error_names_the_line(knowledge_copy):
    path = knowledge_copy / FIN
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10] + ' "ongesloten'
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ScanDefinitionError, match=r"financien.yml, regel \d+, kolom \d+: geen "
                       r"geldige YAML"):
        read_definition(knowledge_copy)


def test_yaml_booleans_are_explained(knowledge_copy):
    path = knowledge_copy / ANSWERS
    path.write_text(path.read_text(encoding="utf-8").replace('- "no"', "- no"), encoding="utf-8")
    with pytest.raises(ScanDefinitionError) as caught:
        read_definition(knowledge_copy)
    assert "signalen.nee" in str(caught.value)
    assert "zet het tussen aanhalingstekens" in str(caught.value)


def test_top_level_must_be_a_mapping(knowledge_copy):
    (knowledge_copy / SCAN).write_text("- alleen\n- een lijst\n", encoding="utf-8")
    with pytest.raises(ScanDefinitionError, match="verwacht bovenaan een blok met velden"):
        read_definition(knowledge_copy)


def test_every_problem_is_listed_at_once(knowledge_copy, edit_yaml):
    edit_yaml(FIN, _set(["vragen", 0, "antwoorden"], "onbekend"))
    edit_yaml("scan/themas/markt.yml", _set(["aandachtspunten", 0, "organisaties"], ["bankje"]))
    with pytest.raises(ScanDefinitionError) as caught:
        read_definition(knowledge_copy)
    assert len(caught.value.problems) == 2
    assert {p.file for p in caught.value.problems} == {
        "knowledge/scan/themas/financien.yml", "knowledge/scan/themas/markt.yml"}


# ------------------------------------------------------------------------------ caching


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(scan_definition, "_clock", lambda: now[0])
    scan_definition.clear_cache()
    yield now
    scan_definition.clear_cache()


def _retitle(knowledge_copy: Path, title: str) -> None:
    path = knowledge_copy / FIN
    text = path.read_text(encoding="utf-8").replace("naam: Financiën", f"naam: {title}")
    # One more byte: a new signature even where modification times are coarse.
    path.write_text(text + "\n", encoding="utf-8")


def test_cached_and_reloaded_after_a_change(knowledge_copy, clock):
    first = load_definition(knowledge_copy)
    assert load_definition(knowledge_copy) is first
    _retitle(knowledge_copy, "Geldzaken")
    clock[0] += 0.5  # within a second: the files are not even looked at
    assert load_definition(knowledge_copy) is first
    clock[0] += 1.0
    reloaded = load_definition(knowledge_copy)
    assert reloaded is not first
    assert reloaded.theme("financien").naam == "Geldzaken"
    clock[0] += 2.0
    assert load_definition(knowledge_copy) is reloaded  # unchanged files: same object


def test_broken_change_keeps_the_last_good_definition(knowledge_copy, edit_yaml, clock, caplog):
    first = load_definition(knowledge_copy)
    edit_yaml(FIN, _set(["vragen", 0, "antwoorden"], "onbekend"))
    clock[0] += 2.0
    with caplog.at_level(logging.ERROR, logger="assistant.scan.definition"):
        assert load_definition(knowledge_copy) is first
    assert "onbekende antwoordset 'onbekend'" in caplog.text
    clock[0] += 2.0
    caplog.clear()
    assert load_definition(knowledge_copy) is first
    assert caplog.text == ""  # the same broken files are not re-read and re-logged


def test_first_load_of_broken_files_raises(knowledge_copy, edit_yaml, clock):
    edit_yaml(FIN, _delete(["naam"]))
    with pytest.raises(ScanDefinitionError, match="naam: ontbreekt"):
        load_definition(knowledge_copy)
