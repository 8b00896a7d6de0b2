"""The intake with real, messy answers (issue 18, point 5): real Rasa, action server and
API over REST. Each test is one pattern seen with real ondernemers."""

from __future__ import annotations

import pytest

from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

TECHNICAL_FAILURE = "daar ging iets mis bij mij"
MAIN_MENU = {"/start_intake", "/start_scan", "/ask_regeling"}


def texts(reply: list[dict]) -> list[str]:
    return [message.get("text") or "" for message in reply]


def payloads(reply: list[dict]) -> set[str]:
    return {button.get("payload", "") for message in reply
            for button in message.get("buttons") or []}


def calm(reply: list[dict]) -> list[dict]:
    """Inside the form: never the technical-failure text, never the main menu."""
    assert not any(TECHNICAL_FAILURE in text for text in texts(reply)), texts(reply)
    assert not payloads(reply) & MAIN_MENU, payloads(reply)
    return reply


def say(chat: Chat, text: str) -> list[str]:
    return texts(calm(chat.say(text)))


def start(chat: Chat, consent: str = "ja") -> None:
    assert "Is dat goed?" in say(chat, "ik wil mijn hulpvraag doorgeven")[-1]
    assert "Waar kan het Schakelteam je mee helpen" in say(chat, consent)[-1]


def to_sector_question(chat: Chat) -> None:
    start(chat)
    assert "naam" in say(chat, "ik zoek geld voor een nieuwe oven")[-1]
    assert "Hoe heet je bedrijf" in say(chat, "Sanne")[-1]
    assert "gemeente" in say(chat, "De Korenbloem")[-1]
    assert "hoeveel mensen" in say(chat, "Almere")[-1].lower()
    assert "branche" in say(chat, "we zijn met z'n zessen")[-1]


def to_contact_question(chat: Chat) -> None:
    to_sector_question(chat)
    assert "KvK-nummer" in say(chat, "bakkerij")[-1]
    assert "contact" in say(chat, "1234 5678")[-1]


def to_summary(chat: Chat) -> str:
    to_contact_question(chat)
    summary = say(chat, "hier in de chat")[-1]
    assert "Klopt dit?" in summary
    return summary


# 1. An answer that holds the next answer is taken.

def test_an_email_address_at_the_contact_question_is_taken(chat):
    to_contact_question(chat)
    reply = say(chat, "sanne@korenbloem.nl")
    assert not any("Ik weet nog niet hoe je contact wilt" in text for text in reply)
    assert "Klopt dit?" in reply[-1]
    assert "per e-mail" in reply[-1] and "sanne@korenbloem.nl" in reply[-1]


def test_a_phone_number_at_the_contact_question_is_taken(chat):
    to_contact_question(chat)
    reply = say(chat, "mijn nummer is 0612345678")
    assert "Klopt dit?" in reply[-1]
    assert "per telefoon" in reply[-1] and "06 12345678" in reply[-1]


# 2. The summary takes corrections in the forms its own example suggests.

@pytest.mark.parametrize(("correction", "now", "before"), [
    ("de gemeente is Dronten", "Dronten", "Almere"),
    ("het aantal medewerkers is 8", "8 mensen", "6 mensen"),
    ("mijn naam is Priya", "Priya", "Sanne"),
])
def test_the_summary_takes_corrections_as_its_examples_say(chat, correction, now, before):
    to_summary(chat)
    summary = say(chat, correction)[-1]
    assert "Klopt dit?" in summary
    assert now in summary and before not in summary


def test_after_ik_wil_iets_aanpassen_the_example_works(chat):
    to_summary(chat)
    assert any("Wat moet er anders?" in text for text in say(chat, "/correct"))
    summary = say(chat, "de gemeente is Dronten")[-1]
    assert "Klopt dit?" in summary and "Dronten" in summary


# 3. Consent: reluctant yeses are yes; unclear answers get the question with what yes
#    and no mean; a KvK-nummer waits for the yes and is kept after it.

@pytest.mark.parametrize("consent", ["als het echt nodig is dan mag het", "mag het",
                                     "is goed", "vooruit dan"])
def test_a_reluctant_yes_to_consent_is_yes(chat, consent):
    start(chat, consent=consent)


def test_an_unclear_consent_answer_gets_the_question_again_with_an_explanation(chat):
    say(chat, "ik wil mijn hulpvraag doorgeven")
    reply = say(chat, "ik twijfel nog")
    assert any("Zeg 'ja'" in text and "'nee'" in text for text in reply)
    assert "Is dat goed?" in reply[-1]
    assert "Waar kan het Schakelteam je mee helpen" in say(chat, "vooruit")[-1]


def test_a_kvk_number_at_the_consent_question_waits_for_the_yes(chat):
    say(chat, "ik wil mijn hulpvraag doorgeven")
    reply = say(chat, "12345678")
    assert any("Eerst wil ik weten" in text for text in reply)
    assert "Is dat goed?" in reply[-1]
    assert "Waar kan het Schakelteam je mee helpen" in say(chat, "ja hoor")[-1]
    say(chat, "ik zoek geld voor een nieuwe oven")
    say(chat, "Sanne")
    say(chat, "De Korenbloem")
    say(chat, "Almere")
    say(chat, "we zijn met z'n zessen")
    reply = say(chat, "bakkerij")
    assert "contact" in reply[-1] and "KvK-nummer" not in reply[-1]  # not asked again
    summary = say(chat, "hier in de chat")[-1]
    assert "12345678" in summary


# 4. After two misses on one question: a way out as buttons.

def test_two_misses_on_a_required_question_offer_a_person(chat):
    to_contact_question(chat)
    first = chat.say("pfff geen flauw idee joh")
    calm(first)
    assert "/request_adviser" not in payloads(first)
    second = chat.say("zeg jij het maar")
    calm(second)
    assert "/request_adviser" in payloads(second)
    handed_over = " ".join(texts(chat.say("/request_adviser")))
    assert "Schakelteam" in handed_over


def test_two_misses_on_an_optional_question_offer_skip(chat):
    to_sector_question(chat)
    first = calm(chat.say("ik doe van alles"))
    assert all(len(message.get("buttons") or []) <= 6 for message in first)
    second = calm(chat.say("van alles eigenlijk"))
    assert {"/skip", "/request_adviser"} <= payloads(second)
    assert "KvK-nummer" in say(chat, "/skip")[-1]


# 5. "Dat zei ik al" and nothing known asked again.

def test_dat_zei_ik_al_is_not_stored_as_the_name(chat):
    start(chat)
    say(chat, "ik zoek een lening voor een bus")
    assert "Hoe heet je bedrijf" in say(chat, "Priya, dat zei ik al")[-1]
    say(chat, "De Korenbloem")
    say(chat, "Almere")
    say(chat, "we zijn met z'n zessen")
    say(chat, "bakkerij")
    say(chat, "heb ik nog niet")
    summary = say(chat, "hier in de chat")[-1]
    assert "- Naam: Priya" in summary and "zei ik" not in summary


def test_what_was_said_before_the_intake_is_not_asked_again(chat):
    chat.say("Hoi, ik ben Priya van Bakkerij Zon in Dronten")
    start(chat)
    reply = say(chat, "ik zoek geld voor een nieuwe oven")
    assert "hoeveel mensen" in reply[-1].lower()  # name, company and gemeente are known
    say(chat, "we zijn met 8")
    say(chat, "heb ik nog niet")  # the KvK-nummer: the sector came from "Bakkerij Zon"
    summary = say(chat, "hier in de chat")[-1]
    for expected in ("Priya", "Bakkerij Zon", "Dronten", "8 mensen"):
        assert expected in summary


# 6. Common trades are recognised; unsure gives at most 6 sector buttons.

@pytest.mark.parametrize("trade", ["schoonmaak", "we hebben een autogarage", "ik ben hovenier",
                                   "loodgieter", "kapper", "fysiotherapeut"])
def test_common_trades_are_recognised(chat, trade):
    to_sector_question(chat)
    assert "KvK-nummer" in say(chat, trade)[-1]


def test_a_garage_is_not_industrie(chat):
    to_sector_question(chat)
    say(chat, "autogarage")
    say(chat, "heb ik nog niet")
    summary = say(chat, "hier in de chat")[-1]
    assert "Groot- en detailhandel" in summary and "Industrie" not in summary


# 7. Inside the form: no main menu, no technical-failure text, the question comes back.

@pytest.mark.parametrize("aside", ["dankjewel", "wie wint het WK voetbal dit jaar?",
                                   "wat ben jij een domme bot zeg", "asdfgh qwerty"])
def test_asides_inside_the_form_bring_the_question_back(chat, aside):
    start(chat)
    say(chat, "ik zoek geld voor een nieuwe oven")
    say(chat, "Sanne")
    assert "gemeente" in say(chat, "De Korenbloem")[-1]
    reply = say(chat, aside)
    assert "gemeente" in reply[-1]


def test_gibberish_at_the_consent_question_asks_it_again(chat):
    say(chat, "ik wil mijn hulpvraag doorgeven")
    assert "Is dat goed?" in say(chat, "asdfgh qwerty")[-1]
