"""Real phrasing end to end (issues 17 and 18): questions answered from the knowledge base
whatever the classifier guessed, context that carries, yes heard in people's words,
acting intents only on evidence, honest eligibility. The messages are quoted from what
real people wrote or typed in the trials, with variants."""

from __future__ import annotations

import pytest

from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

NOT_UNDERSTOOD = "dat begreep ik niet goed"
SCAN_STARTED = "we doen samen de bedrijfsscan"
CONSENT = "Ik breng je graag in contact met een adviseur"


def joined(messages: list[dict]) -> str:
    return "\n".join([m.get("text") or "" for m in messages]
                     + [b["title"] for m in messages for b in m.get("buttons") or []])


# Issue 17: real questions get answers.

@pytest.mark.parametrize(("question", "expected"), [
    ("Ik heb een webshop met twee man en wil mijn bedrijf laten inschrijven, hoe doe ik dat "
     "bij de kvk?", "Je bedrijf inschrijven bij KVK"),
    ("hoe schrijf ik me in bij de kvk", "Je bedrijf inschrijven bij KVK"),
    ("Hoe wijzig ik mijn sbi code?", "SBI-code"),
    ("moet ik btw betalen als ik maar 15000 omzet heb", "Btw"),
    ("Heb ik eHerkenning nodig?", "eHerkenning"),
    ("Ik wil mijn eerste werknemer aannemen, waar moet ik aan denken?", "Je eerste werknemer"),
])
def test_practical_questions_are_answered_from_the_knowledge_base(chat: Chat, question,
                                                                    expected):
    reply = joined(chat.say(question))
    assert expected.lower() in reply.lower(), reply
    assert NOT_UNDERSTOOD not in reply


@pytest.mark.parametrize("question", [
    "ik heb een parkeerboete gekregen, kan ik daar bezwaar tegen maken?",
    "Ik ga scheiden, wat moet ik allemaal regelen?",
])
def test_not_my_field_says_so_and_names_who_can_help(chat: Chat, question):
    reply = joined(chat.say(question))
    assert "Daar kan ik je niet mee helpen" in reply
    assert "CJIB" in reply or "Juridisch Loket" in reply, reply


@pytest.mark.parametrize("question", ["kan ik nog TVL aanvragen?", "bestaat de tozo nog",
                                      "en de NOW dan"])
def test_an_ended_scheme_says_it_ended(chat: Chat, question):
    reply = joined(chat.say(question)).lower()
    assert any(word in reply for word in ("gesloten", "sloot", "gestopt", "kan niet meer")), reply


def test_gibberish_is_still_not_understood(chat: Chat):
    reply = joined(chat.say("fnorb blix wabbel"))
    assert NOT_UNDERSTOOD in reply or "Daar kan ik je helaas niet mee helpen" in reply
    assert "Bron:" not in reply  # nothing is made up


# Issue 18: a conversation that listens.

def test_follow_ups_after_a_list_go_to_the_first_result(chat: Chat):
    first = chat.say("ik zoek geld om mijn bedrijf te starten, wat zijn de mogelijkheden?")
    shown = [b["title"] for m in first for b in m.get("buttons") or []
             if "select_regeling" in b["payload"]]
    assert shown, joined(first)
    for follow_up in ("hoeveel krijg ik", "hoe vraag ik t aan", "wanneer moet dat uiterlijk"):
        reply = joined(chat.say(follow_up))
        assert "Over welke regeling" not in reply
        assert shown[0] in reply, (follow_up, reply)


def test_an_item_is_picked_in_ones_own_words(chat: Chat):
    chat.say("welke leningen zijn er voor een kleine ondernemer")
    reply = joined(chat.say("die borgstelling, hoe werkt dat"))
    assert "Borgstelling MKB-kredieten" in reply and NOT_UNDERSTOOD not in reply


@pytest.mark.parametrize("yes", ["ja graag", "ja, dat wil ik wel", "prima", "doe maar"])
def test_yes_after_the_offer_of_an_adviser_is_heard(chat: Chat, yes):
    offer = joined(chat.say("kom ik in aanmerking voor SLIM?"))
    assert "Wil je hier met een adviseur over praten?" in offer
    assert CONSENT in joined(chat.say(yes))


def test_no_is_heard_too(chat: Chat):
    chat.say("kom ik in aanmerking voor SLIM?")
    assert "Kan ik nog iets anders" in joined(chat.say("liever niet"))


def test_details_given_are_used_and_not_asked_again(chat: Chat):
    reply = joined(chat.say("kom ik in aanmerking voor de KIA? ik heb een eenmanszaak in de "
                            "bouw met 2 man"))
    assert "Hoeveel mensen werken er" not in reply


def test_the_facts_asked_for_eligibility_are_taken(chat: Chat):
    asked = joined(chat.say("kom ik in aanmerking voor SLIM?"))
    assert "Om het zeker te weten heb ik nog nodig" in asked
    reply = joined(chat.say("we zijn met z'n drieen, bouw"))
    assert NOT_UNDERSTOOD not in reply
    assert "Stimuleringsregeling leren en ontwikkelen" in reply
    assert "Hoeveel mensen werken er" not in reply


def test_a_greeting_with_a_question_answers_the_question(chat: Chat):
    reply = joined(chat.say("hoi! wat is de wbso?"))
    assert "speur- en ontwikkelingswerk" in reply


def test_two_questions_in_one_message_get_two_answers(chat: Chat):
    reply = joined(chat.say("wat is de eia en hoeveel is de kia?"))
    assert "Energie-investeringsaftrek" in reply
    assert "Bedragen bij Kleinschaligheidsinvesteringsaftrek" in reply


@pytest.mark.parametrize(("message", "wrong"), [
    ("moet ik zelf ook wat betalen?", "Wat vervelend dat je hiermee zit"),
    ("is alles nu weg?", "Succes met je bedrijf"),
    ("en de NOW dan", "Succes met je bedrijf"),
    ("sorry, ik was gefrustreerd. hoe vraag ik het aan?", "Dank je voor je reactie"),
    ("sorry, ik was gefrustreerd. hoe vraag ik het aan?", "Jammer dat dit je niet"),
])
def test_everyday_messages_do_not_trip_an_acting_intent(chat: Chat, message, wrong):
    chat.say("wat is de wbso?")
    assert wrong not in joined(chat.say(message))


@pytest.mark.parametrize("question", [
    "Kan ik met behoud van mijn bijstandsuitkering een bedrijf starten?",
    "ik wil een bedrijf starten vanuit de ww, kan dat?",
])
def test_a_question_about_starting_a_business_does_not_start_the_scan(chat: Chat, question):
    reply = joined(chat.say(question))
    assert SCAN_STARTED not in reply, reply
    assert "Een bedrijf starten vanuit een uitkering" in reply, reply
    # no scan form was opened: the next question is answered, not taken as a scan answer
    assert "Kleineondernemersregeling" in joined(chat.say("wat is de kor?"))


@pytest.mark.parametrize("message", ["ik wil de bedrijfsscan doen",
                                     "kan ik een bedrijfscheck doen",
                                     "ik wil weten hoe mijn zaak ervoor staat"])
def test_asking_for_the_scan_still_starts_it(chat: Chat, message):
    assert SCAN_STARTED in joined(chat.say(message))


def test_a_real_crisis_still_gets_care(chat: Chat):
    reply = joined(chat.say("ik denk dat mijn bedrijf failliet gaat"))
    assert "Wat vervelend dat je hiermee zit" in reply
    assert "Ondernemersklankbord" in reply


def test_no_promise_without_checking_the_facts(chat: Chat):
    reply = joined(chat.say("kom ik in aanmerking voor de KOR?"))
    assert "waarschijnlijk in aanmerking" not in reply.lower()
    assert "20.000" in reply  # the condition that decides is named


def test_a_person_who_wants_to_talk_it_through_is_offered_an_adviser(chat: Chat):
    reply = joined(chat.say("Ik heb geen personeel om mee te sparren. Het leek me fijn om een "
                            "coach te hebben"))
    assert "Zal ik je met een adviseur in contact brengen?" in reply
    assert CONSENT in joined(chat.say("ja graag"))
