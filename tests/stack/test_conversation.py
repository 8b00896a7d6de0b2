"""End to end: the trained Rasa server, the action server and the API, talking Dutch."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.stack

MAIN_OPTIONS = {"/ask_regeling", "/start_scan", "/start_intake", "/request_adviser"}


def test_greeting_offers_the_main_options(chat):
    messages = chat.say("hallo")
    assert messages[0]["text"].startswith("Hoi! Ik ben Schakel")
    assert {button["payload"] for button in messages[0]["buttons"]} == MAIN_OPTIONS


def test_a_short_conversation(chat):
    assert "computerprogramma" in chat.texts("ben je een robot?")[0]
    assert "Ik kan je helpen met" in chat.texts("wat kun je allemaal")[0]
    assert "Graag gedaan" in chat.texts("dankjewel")[0]
    assert "Succes met je bedrijf" in chat.texts("doei")[0]


def test_fallback_comes_from_the_action_server(chat):
    messages = chat.say("/nlu_fallback")
    assert messages[0]["text"].startswith("Sorry, dat begreep ik niet goed")
    assert {button["payload"] for button in messages[0]["buttons"]} == MAIN_OPTIONS


def test_gibberish_gets_the_main_options(chat):
    messages = chat.say("xqzv blorp wrrrt 123")
    assert {button["payload"] for button in messages[0]["buttons"]} == MAIN_OPTIONS


@pytest.mark.parametrize("text", ["", " ", "🙂🙂🙂", "a" * 10_000, "<script>alert(1)</script>",
                                  "\x00\x01\x02", "'; DROP TABLE events; --"])
def test_odd_input_always_gets_a_dutch_answer(chat, text):
    messages = chat.say(text)
    assert messages, "Schakel must never stay silent"
    assert all(message.get("text") for message in messages)


def test_health_reports_every_part(stack):
    health = httpx.get(f"{stack.settings.api_url}/api/v1/health", timeout=30).json()
    assert health["status"] == "ok", health
    assert "versie" not in health["rasa"] and "versies" not in health  # public: no versions
    pipeline = health["rasa"]["spacy_pipeline"]
    assert pipeline["gevraagd"] == "nl_core_news_sm"
    assert pipeline["taal"] == "nl"
    assert health["actieserver"]["status"] == "ok"
    assert health["database"]["dialect"] == "sqlite"


def test_chat_page_is_served_and_points_at_rasa(stack):
    page = httpx.get(f"{stack.settings.api_url}/", timeout=10)
    assert page.status_code == 200
    assert stack.settings.rasa_url in page.text
    assert 'lang="nl"' in page.text
