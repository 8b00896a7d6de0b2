"""The bedrijfsscan end to end: real Rasa, action server and API over REST."""

from __future__ import annotations

import re

import httpx
import pytest

from assistant import db
from assistant.staff_tokens import create_token
from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

LINK = re.compile(r"http\S+/api/v1/scans/([0-9a-f]{32})/rapport\?sleutel=[0-9a-f]{64}")


def joined(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def buttons(messages: list[dict]) -> dict[str, str]:
    """Title → payload of the buttons of the last message that has them."""
    for message in reversed(messages):
        if message.get("buttons"):
            return {b["title"]: b["payload"] for b in message["buttons"]}
    return {}


def start_quick(chat: Chat, first: str = "geld") -> list[dict]:
    intro = chat.say("ik wil de bedrijfsscan doen")
    assert "Waar speelt het nu het meest" in intro[-1]["text"]
    assert "Financiën" in buttons(intro)
    assert "korte of de volledige scan" in chat.say(first)[-1]["text"]
    return chat.say("kort")


# The quick scan starting with financiën: one answer per theme, in words and buttons.
QUICK = ["nee", "ja", "een beetje", "ja", "2", "soms", "nee", "het gaat wel", "ja"]
BETTER = ["ja", "ja", "ja", "ja", "4", "ja", "ja", "het gaat goed", "ja"]


def answer_all(chat: Chat, answers: list[str], first: int = 1, total: int = 9) -> list[dict]:
    """Answer question ``first`` and the ones after it; the bot's reply to the last."""
    reply: list[dict] = []
    for number, answer in enumerate(answers, start=first):
        if reply:
            assert f"Vraag {number} van {total}" in reply[-1]["text"]
        reply = chat.say(answer)
    return reply


def staff_headers(stack) -> dict[str, str]:
    with db.session_scope(stack.settings.database_url) as session:
        _, plain = create_token(session, naam="Test", rol="adviseur")
    return {"Authorization": f"Bearer {plain}"}


def test_quick_scan_with_result_and_no_storing(chat):
    first = start_quick(chat)
    assert "Vraag 1 van 9 · Financiën" in first[-1]["text"]
    assert list(buttons(first)) == ["Ja", "Een beetje", "Nee", "Weet ik niet"]
    why = joined(chat.say("waarom vraag je dat?"))
    assert "Waarom ik dat vraag:" in why and "Vraag 1 van 9" in why
    unclear = chat.say("de kat van de buren")
    assert "Ik vraag het nog een keer" in unclear[-1]["text"]
    assert "Weet ik niet" in buttons(unclear)
    result = joined(answer_all(chat, QUICK))
    for expected in ("Klaar! Dit is de uitslag van je korte scan.", "Financiën: 1 – ",
                     "Aandachtspunt 1:", "Eerste stap:", "Wie kan helpen:",
                     "De richting die nu bij je bedrijf past: Hervormen",
                     "Mogen we je scan bewaren?"):
        assert expected in result
    done = joined(chat.say("nee"))
    assert "dan bewaar ik je scan niet" in done
    assert "bespreken met een adviseur" in done


def test_full_scan(chat):
    chat.say("bedrijfsscan")
    chat.say("maakt niet uit")
    reply = chat.say("de volledige graag")
    assert "Vraag 1 van 24 · Ambitie en strategie" in reply[-1]["text"]
    for number in range(1, 25):
        assert f"Vraag {number} van 24" in joined(reply)
        options = buttons(reply)
        reply = chat.say(list(options.values())[0])  # the first button each time
    result = joined(reply)
    assert "uitslag van je volledige scan" in result
    assert "Mogen we je scan bewaren?" in result


def test_leaving_and_coming_back_resumes_the_scan(chat):
    start_quick(chat)
    chat.say("ja")
    reply = chat.say("een beetje")
    assert "Vraag 3 van 9" in reply[-1]["text"]
    back = chat.say("hallo")  # another day, same conversation
    assert "Welkom terug" in joined(back)
    assert "Vraag 3 van 9" in back[-1]["text"]
    assert chat.say("pauze")[-1]["text"].startswith("Prima, we pauzeren")
    assert "Vraag 3 van 9" in chat.say("hoi")[-1]["text"]


def test_a_question_in_between_and_changing_an_earlier_answer(chat):
    start_quick(chat)
    chat.say("ja")
    reply = chat.say("ben je een robot?")
    assert "computerprogramma" in joined(reply)
    assert "Vraag 2 van 9" in reply[-1]["text"]  # back to the scan
    changed = chat.say("bij financiën bedoelde ik eigenlijk nee")
    assert "Ik heb je antwoord bij Financiën aangepast: Nee." in joined(changed)
    assert "Vraag 2 van 9" in changed[-1]["text"]
    result = joined(answer_all(chat, QUICK[1:], first=2))
    assert "Financiën: 1 – " in result


def test_storing_after_consent_and_the_vervolgscan(stack, chat):
    start_quick(chat)
    answer_all(chat, QUICK)
    stored = joined(chat.say("ja"))
    link = LINK.search(stored)
    assert link, stored
    report = httpx.get(link.group(0), timeout=10)
    assert report.status_code == 200 and "Uitslag van je bedrijfsscan" in report.text
    scan = httpx.get(f"{stack.settings.api_url}/api/v1/scans/{link.group(1)}",
                     headers=staff_headers(stack), timeout=10).json()
    assert scan["conversation_id"] == chat.sender
    assert scan["modus"] == "kort"

    # Later: a vervolgscan in the same conversation shows what changed.
    intro = joined(chat.say("ik wil een vervolgscan doen"))
    assert "Je deed eerder een scan" in intro
    chat.say("financiën")
    chat.say("kort")
    result = joined(answer_all(chat, BETTER))
    assert "Wat is er veranderd sinds je vorige scan" in result
    assert "Financiën: 1 → 5 (beter)" in result
    second = LINK.search(joined(chat.say("ja graag")))
    again = httpx.get(second.group(0).replace("/rapport?", "?"), timeout=10).json()
    assert again["vorige_scan"] == link.group(1)


def test_the_intake_and_the_scan_take_turns(chat):
    start_quick(chat)
    chat.say("ja")
    intake = joined(chat.say("ik wil mijn hulpvraag doorgeven"))
    assert "op pauze" in intake and "Is dat goed?" in intake
    back = chat.say("verder met de scan")
    assert "Welkom terug" in joined(back)
    assert "Vraag 2 van 9" in back[-1]["text"]
