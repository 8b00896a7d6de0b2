"""The real-question evaluation set: large enough, labelled with known ids, and its test
part never leaks into what Schakel is built from (training data, knowledge)."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge import KnowledgeBase
from assistant.settings import REPO_ROOT
from scripts.eval_chat import HANDOFF, judge, load_questions, name_patterns, named_entries
from tests.knowledge.helpers import REPO_KNOWLEDGE

CATEGORIES = {"regeling", "financiering", "fiscaal", "personeel", "loket", "crisis",
              "buiten_veld", "persoon"}
MIN_QUESTIONS = 300
URL = re.compile(r"https?://\S+")  # a source's address may spell its page title


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load(REPO_KNOWLEDGE)


def normalised(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def test_the_set_is_large_and_labelled_with_known_ids(kb):
    questions = load_questions("all")
    assert len(questions) >= MIN_QUESTIONS
    known = {entry.id for entry in kb.entries} | {HANDOFF}
    for question in questions:
        assert question["categorie"] in CATEGORIES, question
        assert question["bron"].startswith(("https://", "http://")), question
        assert question["verwacht"] and set(question["verwacht"]) <= known, question


def test_dev_and_test_part_do_not_overlap():
    dev = {normalised(q["vraag"]) for q in load_questions("dev")}
    test = {normalised(q["vraag"]) for q in load_questions("test")}
    assert not dev & test


def test_no_test_question_leaks_into_training_data_or_knowledge():
    built_from = " ".join(
        normalised(URL.sub(" ", path.read_text(encoding="utf-8")))
        for folder in ("data", "knowledge")
        for path in (REPO_ROOT / folder).rglob("*")
        if path.suffix in (".yml", ".yaml", ".csv", ".md")
    )
    leaked = [q["vraag"] for q in load_questions("test")
              if len(normalised(q["vraag"]).split()) >= 4 and normalised(q["vraag"]) in built_from]
    assert not leaked


def test_a_reply_is_judged_by_the_first_three_entries_it_names(kb):
    patterns = name_patterns(kb)
    reply = [{"text": "Je bedrijf inschrijven bij KVK\nSchrijf je in ..."},
             {"text": "Misschien past dit ook: Wijzigen en uitschrijven bij KVK.",
              "buttons": [{"title": "Btw voor ondernemers", "payload": "/x"}]}]
    assert named_entries(reply[0]["text"], patterns)[0] == "kvk-inschrijven"
    question = {"vraag": "hoe schrijf ik me in", "verwacht": ["kvk-inschrijven"]}
    assert judge(question, reply, patterns).outcome == "goed"
    assert judge({**question, "verwacht": ["wbso"]}, reply, patterns).outcome == "fout"
    sorry = [{"text": "Sorry, dat begreep ik niet goed. Kies een van deze onderwerpen."}]
    assert judge(question, sorry, patterns).outcome == "niet begrepen"
    handoff = [{"text": "Ik breng je graag in contact met een adviseur van het MKB Schakelteam."}]
    assert judge({"vraag": "mag ik iemand spreken", "verwacht": [HANDOFF]}, handoff,
                 patterns).outcome == "goed"
