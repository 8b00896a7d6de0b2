"""The bedrijfsscan with answers as real people give them (issue 18, point 8), end to end:
real Rasa, action server and API over REST.

1. an answer that does not clearly map to one option is checked ("Bedoel je: …?");
2. planned stopping is no distress: succession advice, no Bbz;
3. the quick scan's result says only what it asked;
4. the theme named as most urgent comes first.
"""

from __future__ import annotations

import pytest

from tests.stack.conftest import Chat
from tests.stack.test_scan import buttons, joined

pytestmark = pytest.mark.stack

PLAN_NOT_ON_PAPER = "we hebben wel een plan … maar het staat niet op papier"
PLANNED_STOP = "denk erover om over 5 jaar te stoppen, geen opvolger"
# The quick scan in the standard order; the ondernemer's question is number 8.
BEFORE_ONDERNEMER = ["ja", "ja", "ja", "ja", "4", "ja", "ja"]


def start(chat: Chat, mode: str) -> list[dict]:
    chat.say("ik wil de bedrijfsscan doen")
    chat.say("maakt niet uit")
    return chat.say(mode)


def at_the_plan_question(chat: Chat) -> None:
    first = start(chat, "volledig")
    assert "Vraag 1 van 24 · Ambitie en strategie" in first[-1]["text"]
    second = chat.say("ja")
    assert "Heb je je plannen opgeschreven?" in second[-1]["text"]


def at_the_ondernemer_question(chat: Chat) -> None:
    reply = start(chat, "kort")
    for answer in BEFORE_ONDERNEMER:
        reply = chat.say(answer)
    assert "Vraag 8 van 9 · Jij en de toekomst" in joined(reply)


# ------------------------------------------------------------- 1. unclear answers


@pytest.mark.parametrize("text", [
    PLAN_NOT_ON_PAPER,
    "we hebben wel een plan maar niet op papier",
    "wel een plan, alleen niet opgeschreven",
])
def test_a_plan_not_on_paper_is_checked_not_scored_as_no_plan(chat, text):
    at_the_plan_question(chat)
    check = chat.say(text)
    assert "Bedoel je: Een beetje?" in check[-1]["text"]
    options = buttons(check)
    assert list(options)[:2] == ["Ja, dat klopt", "Nee, iets anders"]
    assert "Nee" in options and "Weet ik niet" in options
    next_question = chat.say("ja")
    assert "Vraag 3 van 24" in joined(next_question)


def test_the_check_button_counts_the_guess(chat):
    at_the_plan_question(chat)
    check = chat.say(PLAN_NOT_ON_PAPER)
    reply = chat.say(buttons(check)["Ja, dat klopt"])
    assert "Vraag 3 van 24" in joined(reply)


def test_no_to_the_check_asks_again_with_the_buttons(chat):
    at_the_plan_question(chat)
    chat.say(PLAN_NOT_ON_PAPER)
    again = chat.say("Nee, iets anders")
    text = joined(again)
    assert "Kies het antwoord dat het beste past" in text
    assert "Vraag 2 van 24" in text and "Heb je je plannen opgeschreven?" in text
    assert list(buttons(again)) == ["Ja", "Een beetje", "Nee", "Weet ik niet"]
    assert "Vraag 3 van 24" in joined(chat.say("nee"))


@pytest.mark.parametrize("text", ["ja", "nee", "een beetje", "niet echt", "2"])
def test_clear_answers_count_at_once(chat, text):
    at_the_plan_question(chat)
    reply = joined(chat.say(text))
    assert "Bedoel je" not in reply
    assert "Vraag 3 van 24" in reply


# ----------------------------------------------------------- 2. planned stopping


@pytest.mark.parametrize("text", [
    PLANNED_STOP,
    "ik denk erover om over vijf jaar te stoppen, er is geen opvolger",
    "over een paar jaar wil ik stoppen, geen opvolger",
])
def test_planned_stopping_gives_succession_advice_not_distress(chat, text):
    at_the_ondernemer_question(chat)
    check = joined(chat.say(text))
    assert "Wat zijn je plannen voor de komende vijf jaar?" in check
    assert "Bedoel je: Stoppen?" in check
    again = joined(chat.say("ja"))
    assert "Dank je dat je dit vertelt" not in again
    assert "Vraag 8 van 9" in again and "Hoe gaat het met jou?" in again
    chat.say("het gaat goed")
    result = joined(chat.say("ja"))
    assert "uitslag van je korte scan" in result
    assert "Je gaf aan dat het zwaar is" not in result
    assert "Zorg ook goed voor jezelf" not in result
    assert "Bbz" not in result
    assert "Bereid je overdracht of afbouw goed voor" in result
    assert "Stoppen of overdragen" in result


def test_planned_stopping_does_not_stop_the_scan(chat):
    reply = start(chat, "kort")
    assert "Vraag 1 van 9" in reply[-1]["text"]
    check = joined(chat.say(PLANNED_STOP))
    assert "Bedoel je: Stoppen?" in check
    assert "gestopt" not in check.lower()
    assert "Vraag 1 van 9" in joined(chat.say("ja"))


# ------------------------------------------------------ 3. only what was answered


def test_the_quick_scan_result_states_only_what_it_asked(chat):
    at_the_ondernemer_question(chat)
    chat.say("het gaat goed")
    result = joined(chat.say("ja"))
    assert "uitslag van je korte scan" in result
    assert "Je weet waar je over drie jaar wilt staan" in result
    # Never asked in the quick scan: a plan on paper, a buffer, hackers, a network.
    for unasked in ("een plan om er te komen", "uitgewerkt in een plan", "buffer",
                    "hackers", "netwerk", "nagedacht over de toekomst"):
        assert unasked not in result, unasked


def test_a_quick_scan_with_a_skipped_theme_does_not_describe_it(chat):
    start(chat, "kort")
    chat.say("ja")
    chat.say("sla dit thema over")  # markt
    reply: list[dict] = []
    for answer in ["ja", "ja", "4", "ja", "ja", "het gaat goed", "ja"]:
        reply = chat.say(answer)
    result = joined(reply)
    assert "Markt en klanten: geen score – Dit thema heb je overgeslagen." in result
    assert "Je kent je klanten" not in result


# --------------------------------------------------------------- 4. urgency first


@pytest.mark.parametrize("text", [
    "ik wil de bedrijfsscan doen, vooral geld is een probleem",
    "kan ik de bedrijfsscan doen? mijn grootste zorg is geld",
])
def test_the_urgent_theme_in_the_start_message_comes_first(chat, text):
    intro = joined(chat.say(text))
    assert "Goed, dan beginnen we met Financiën." in intro
    assert "korte of de volledige scan" in intro
    first = chat.say("kort")
    assert "Vraag 1 van 9 · Financiën" in first[-1]["text"]


@pytest.mark.parametrize("text", [
    "geld is eigenlijk mijn grootste zorg",
    "ja, maar vooral geld is een probleem",
])
def test_the_urgent_theme_in_the_first_answer_comes_first(chat, text):
    first = start(chat, "kort")
    assert "Vraag 1 van 9 · Ambitie en strategie" in first[-1]["text"]
    moved = joined(chat.say(text))
    assert "Goed, dan beginnen we met Financiën." in moved
    assert "van 9 · Financiën" in moved  # "ja, maar …" also answered the first question


def test_the_urgent_theme_with_the_mode_comes_first(chat):
    chat.say("ik wil de bedrijfsscan doen")
    first = chat.say("de korte scan, vooral personeel")
    assert "Vraag 1 van 9 · Personeel en organisatie" in first[-1]["text"]


def test_the_urgent_theme_comes_first_in_the_result(chat):
    chat.say("ik wil de bedrijfsscan doen")
    chat.say("netwerk")
    reply = chat.say("kort")
    assert "Vraag 1 van 9 · Netwerk en regels" in reply[-1]["text"]
    for _ in range(9):
        options = buttons(reply)
        best = next(title for title in options if title in ("Ja", "Het gaat goed", "5"))
        reply = chat.say(options[best])
    result = joined(reply)
    scores = result[result.index("Je scores per thema"):]
    assert scores.index("Netwerk en regels") < scores.index("Ambitie en strategie")
    strengths = result[result.index("Je sterke punten:"):]
    assert strengths.splitlines()[1].startswith("- Netwerk en regels:")
