"""Regeling questions end to end: answers from knowledge/ only, with source and next step."""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack


def payloads(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def test_what_is_wbso_and_follow_ups(chat):
    messages = chat.say("wat is de WBSO?")
    answer = messages[0]["text"]
    assert "speur- en ontwikkelingswerk" in answer
    assert "Bron:" in answer and "gecontroleerd op" in answer
    assert "/ask_amount" in payloads(messages)

    amounts = chat.texts("hoeveel is het?")[0]
    assert amounts.startswith("Bedragen bij Wet bevordering speur- en ontwikkelingswerk")
    assert "(2026)" in amounts  # every amount names the year it applies to

    assert chat.texts("hoe vraag ik dat aan?")[0].startswith("Zo vraag je")
    assert "Voor wie is" in chat.texts("en voor wie is dat?")[0]


def test_eligibility_uses_what_the_bot_knows(chat):
    texts = chat.texts("kom ik in aanmerking voor SLIM?")
    assert "aanmerking voor Stimuleringsregeling leren en ontwikkelen" in texts[0]
    assert any("Hoeveel" in t or "medewerkers" in t for t in texts)  # the deciding question


def test_a_search_shows_up_to_three_results_with_buttons(chat):
    messages = chat.say("welke subsidie is er voor digitaliseren?")
    assert messages[0]["text"].startswith("Dit past het best bij je vraag")
    choices = [p for p in payloads(messages) if p.startswith("/select_regeling")]
    assert 1 <= len(choices) <= 3
    chosen = json.loads("{" + choices[0].split("{", 1)[1])["regeling_id"]
    explanation = chat.say(choices[0])
    assert "Bron:" in explanation[0]["text"]
    assert chosen


def test_more_results_and_nothing_invented(chat):
    chat.say("ik zoek geld voor een nieuwe machine")
    more = chat.say("/more_results")
    assert more[0]["text"].startswith("Dit past het best")
    nothing = chat.texts("subsidie voor kamelenfokkerij op de maan")
    assert any("geen antwoord op gevonden" in t or "Dit past" in t for t in nothing)


def test_a_vague_question_gets_a_question_back(chat):
    assert "Over welke regeling" in chat.texts("ik heb een vraag over een regeling")[0]


def test_regeling_question_inside_the_intake(chat):
    chat.say("ik wil mijn hulpvraag doorgeven")
    chat.say("ja")
    chat.say("hulp bij innovatie")
    texts = chat.texts("wat is de WBSO?")
    assert "speur- en ontwikkelingswerk" in texts[0]
    assert "naam" in texts[-1]  # the intake resumes


def test_an_entry_past_review_says_when_it_was_checked(stack):
    """Issue 19: an answer from an entry past its review date says when it was last
    checked and where the current figures are (the stack reloads knowledge/ within a
    second, so the entry is aged in the stack's own copy)."""
    path = stack.settings.knowledge_dir / "regelingen" / "slim.yml"
    original = path.read_text(encoding="utf-8")
    aged = re.sub(r"(?m)^controleren_voor:.*\n", "", original)
    aged = re.sub(r"(?m)^peildatum:.*$", "peildatum: '2024-03-01'", aged)
    path.write_text(aged, encoding="utf-8")
    try:
        deadline = time.monotonic() + 15
        while True:
            reply = " ".join(Chat(stack).texts("wat is de SLIM?"))
            if "gecontroleerd op 1 maart 2024" in reply or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert "Let op: deze informatie is voor het laatst gecontroleerd op 1 maart 2024" \
            in reply, reply
        assert "actuele" in reply
    finally:
        path.write_text(original, encoding="utf-8")
