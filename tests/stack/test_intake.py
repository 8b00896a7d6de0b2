"""The intake conversation end to end: real Rasa, action server and API over REST."""

from __future__ import annotations

import re

import httpx
import pytest

from assistant import db
from assistant.staff_tokens import create_token
from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

REFERENTIE = re.compile(r"SCH-[0-9A-Z]{4}-[0-9A-Z]{4}")


def start(chat: Chat) -> None:
    texts = chat.texts("ik wil mijn hulpvraag doorgeven")
    assert any("paar korte vragen" in t for t in texts)
    assert "Is dat goed?" in texts[-1]
    assert "Waar kan het Schakelteam je mee helpen" in chat.texts("ja")[-1]


def staff_headers(stack) -> dict[str, str]:
    with db.session_scope(stack.settings.database_url) as session:
        _, plain = create_token(session, naam="Test", rol="adviseur")
    return {"Authorization": f"Bearer {plain}"}


def test_happy_path_stores_the_intake_with_a_reference(stack, chat):
    start(chat)
    assert "naam" in chat.texts("We willen een webshop en zoeken hulp bij digitalisering")[-1]
    assert "Hoe heet je bedrijf" in chat.texts("Sanne")[-1]
    assert "gemeente" in chat.texts("Bakkerij De Korenbloem")[-1]
    assert "hoeveel mensen" in chat.texts("Almere")[-1].lower()
    assert "branche" in chat.texts("we zijn met z'n zessen")[-1]
    assert "KvK-nummer" in chat.texts("bakkerij")[-1]
    assert "contact" in chat.texts("1234 5678")[-1]
    assert "e-mailadres" in chat.texts("mail maar")[-1]
    summary = chat.texts("sanne@korenbloem.nl")[-1]
    for expected in ("Sanne", "Bakkerij De Korenbloem", "Almere", "12345678",
                     "sanne@korenbloem.nl", "Klopt dit?"):
        assert expected in summary
    stored = chat.texts("ja")[-1]
    referentie = REFERENTIE.search(stored).group(0)

    intake = httpx.get(f"{stack.settings.api_url}/api/v1/intakes/{referentie}",
                       headers=staff_headers(stack), timeout=10).json()
    assert intake["contactpersoon"] == "Sanne"
    assert intake["gemeente"] == "Almere"
    assert intake["medewerkers"] == 6
    assert intake["kvk_nummer"] == "12345678"
    assert intake["conversation_id"] == chat.sender


def test_several_answers_in_one_message_and_a_correction(chat):
    start(chat)
    chat.say("Ik wil mijn bakkerij verduurzamen")
    reply = chat.texts("Ik ben Sanne van Bakkerij De Korenbloem in Almere, we zijn met z'n zessen")
    # name, company, gemeente, size and sector (a bakery) were all taken at once
    assert "KvK-nummer" in reply[-1]
    chat.say("heb ik nog niet")
    summary = chat.texts("hier in de chat")[-1]
    assert "Klopt dit?" in summary and "Sanne" in summary and "Almere" in summary
    corrected = chat.texts("nee, het zijn er 8")[-1]
    assert "Klopt dit?" in corrected
    assert "8" in corrected and "6" not in corrected


def test_invalid_kvk_is_explained_and_asked_again(chat):
    start(chat)
    chat.say("hulp bij personeel vinden")
    chat.say("Ahmed")
    chat.say("Kapsalon Noor")
    chat.say("Sittard")
    chat.say("3")
    assert "KvK-nummer" in chat.texts("kapsalon")[-1]
    reply = chat.texts("1234567")
    assert any("8 cijfers" in t for t in reply)
    assert "contact" in chat.texts("12345678")[-1]


def test_a_question_in_between_is_answered_and_the_intake_resumes(chat):
    start(chat)
    chat.say("ik zoek een lening")
    reply = chat.texts("ben je een robot?")
    assert any("computerprogramma" in t for t in reply)
    assert "naam" in reply[-1]  # back to the question that was open


def test_skip_stop_and_coming_back(chat):
    start(chat)
    chat.say("advies over groei")
    chat.say("Mark")
    assert "gemeente" in chat.texts("sla maar over")[-1]
    stopped = chat.texts("laat maar")
    assert any("niets naar het Schakelteam gestuurd" in t for t in stopped)
    assert chat.texts("hallo")[0].startswith("Hoi!")


def test_leaving_and_coming_back_resumes_the_open_question(chat):
    start(chat)
    chat.say("ik wil exporteren naar Duitsland")
    reply = chat.texts("hallo")  # days later, same conversation
    assert any("Welkom terug" in t for t in reply)
    assert "naam" in reply[-1]


def test_without_consent_nothing_is_kept(chat):
    chat.say("ik wil mijn hulpvraag doorgeven")
    reply = chat.texts("nee")
    assert any("bewaar ik niets" in t for t in reply)
