"""The scan conversation without Rasa: start, urgency, quick or full, answers in buttons
and words, misunderstanding with a way out, why, pause, stop, changes, the result,
consent and the vervolgscan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from assistant.scan import chat
from assistant.scan import session as scan
from assistant.scan.chat import ChatState, Context, Incoming, PreviousScan
from assistant.scan.regelingen import Profiel
from assistant.scan.scoring import score
from tests.scan.samples import WORRIED, filled

CONTEXT = Context(vandaag=date(2026, 11, 23))


def no_regelingen(thema_ids, profiel):
    return []


class Conversation:
    """A scan in progress: ``say`` returns the responses of the turn plus the next ask."""

    def __init__(self, definition, context: Context = CONTEXT, state: ChatState | None = None):
        self.definition = definition
        self.context = context
        self.state = state or ChatState()
        self.turn: chat.Turn | None = None
        self.asked: list[chat.Msg] = []

    def start(self) -> list[str]:
        self.state, messages = chat.begin(self.definition, self.state, self.context)
        return [m.response for m in messages] + self.ask()

    def ask(self) -> list[str]:
        self.state, self.asked = chat.ask(self.definition, self.state, self.context)
        return [m.response for m in self.asked]

    def say(self, text: str, intent: str = "", confidence: float = 0.0,
            find=no_regelingen) -> list[str]:
        self.turn = chat.handle(self.definition, self.state, Incoming(text, intent, confidence),
                                self.context, find)
        self.state = self.turn.state
        said = [m.response for m in self.turn.messages]
        if self.turn.reject or self.turn.end:
            return said
        return said + self.ask()

    def value(self, response: str, key: str) -> str:
        messages = (self.turn.messages if self.turn else []) + self.asked
        return next(str(m.values[key]) for m in messages if m.response == response)

    @property
    def question(self):
        return scan.current_question(self.definition, self.state.sessie)


def quick(definition, first: str = "financien", context: Context = CONTEXT) -> Conversation:
    conversation = Conversation(definition, context)
    conversation.start()
    conversation.say(first)
    conversation.say("kort")
    return conversation


# ------------------------------------------------------------------------ beginning


def test_start_asks_where_the_urgency_is_with_a_button_per_theme(definition):
    conversation = Conversation(definition)
    assert conversation.start() == ["utter_scan_intro", "utter_ask_scan_urgentie"]
    titles = [b["title"] for b in conversation.asked[0].buttons]
    assert titles[:-1] == [t.naam for t in definition.themas]
    assert titles[-1] == "Maakt niet uit"


@pytest.mark.parametrize("text, first", [
    ("Financiën", "financien"),
    ("het geld, eigenlijk", "financien"),
    ("ik vind personeel vinden lastig", "personeel"),
    ("onze website", "digitalisering"),
])
def test_the_urgent_theme_comes_first(definition, text, first):
    conversation = Conversation(definition)
    conversation.start()
    assert conversation.say(text) == ["utter_ask_scan_modus"]
    assert conversation.value("utter_ask_scan_modus", "kort") == str(len(definition.themas))
    conversation.say("de korte graag")
    assert definition.theme_of(conversation.question.id).id == first
    assert conversation.value("utter_scan_vraag", "voortgang").startswith("Vraag 1 van 9")


def test_no_preference_or_two_misses_start_at_the_beginning(definition):
    conversation = Conversation(definition)
    conversation.start()
    assert conversation.say("maakt niet uit") == ["utter_ask_scan_modus"]
    assert conversation.state.urgentie == chat.GEEN
    other = Conversation(definition)
    other.start()
    assert other.say("blabla") == ["utter_scan_urgentie_anders"]
    assert other.say("qwerty") == ["utter_scan_begin_bij_begin", "utter_ask_scan_modus"]


def test_the_intake_theme_is_used_and_not_asked_again(definition):
    context = replace(CONTEXT, intake_thema="digitalisering")
    conversation = Conversation(definition, context)
    said = conversation.start()
    assert said == ["utter_scan_intro", "utter_scan_begin_met_intake", "utter_ask_scan_modus"]
    conversation.say("volledig")
    assert conversation.question.id == "dig_niveau"
    assert conversation.value("utter_scan_vraag", "voortgang").startswith("Vraag 1 van 24")


def test_someone_who_works_alone_is_not_asked_about_personnel(definition):
    context = replace(CONTEXT, profiel=Profiel(medewerkers=1))
    conversation = quick(definition, first="personeel", context=context)
    assert conversation.state.sessie.antwoorden == {"pers_bezetting": "geen_personeel"}
    assert definition.theme_of(conversation.question.id).id != "personeel"


def test_weet_niet_for_the_mode_is_the_quick_scan(definition):
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("maakt niet uit")
    assert conversation.say("weet ik niet")[0] == "utter_scan_kies_kort"
    assert conversation.state.modus == "kort"


# -------------------------------------------------------------------------- answers


@pytest.mark.parametrize("text, value", [
    ("ja", "ja"), ("Een beetje", "deels"), ("soms", "deels"), ("nee hoor", "nee"),
    ("weet ik niet", "weet_niet"),
])
def test_answers_in_words(definition, text, value):
    conversation = quick(definition)
    conversation.say(text)
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == value


def test_buttons_numbers_and_sentences(definition):
    conversation = quick(definition, first="digitalisering")
    button = definition.buttons(conversation.question)[3]  # "4"
    conversation.say(button["payload"])
    assert conversation.state.sessie.antwoorden["dig_niveau"] == "4"
    conversation = quick(definition, first="digitalisering")
    conversation.say("ik geef mezelf een drie")
    assert conversation.state.sessie.antwoorden["dig_niveau"] == "3"
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("digitalisering")
    conversation.say("volledig")
    conversation.say("2")
    assert conversation.say("we hebben geen website")[-1] == "utter_scan_vraag"
    assert conversation.state.sessie.antwoorden["dig_online"] == "nee"


def test_progress_and_a_theme_intro_once(definition):
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("financien")
    said = conversation.say("kort")
    assert said == ["utter_scan_thema_intro", "utter_scan_vraag"]
    assert conversation.value("utter_scan_vraag", "voortgang") == "Vraag 1 van 9 · Financiën"
    said = conversation.say("waarom vraag je dat?")
    assert said == ["utter_scan_waarom", "utter_scan_vraag"]  # no intro the second time
    assert conversation.value("utter_scan_waarom", "waarom") == definition.question(
        "fin_inzicht").waarom
    conversation.say("ja")
    assert conversation.value("utter_scan_vraag", "voortgang").startswith("Vraag 2 van 9")


def test_asking_why_after_a_miss_is_not_another_miss(definition):
    conversation = quick(definition, first="digitalisering")
    assert conversation.say("paarse olifant") == ["utter_scan_vraag_anders"]
    # The explanation, then the question as it was first asked: no "sorry" again.
    assert conversation.say("waarom vraag je dat?") == ["utter_scan_waarom", "utter_scan_vraag"]
    assert conversation.say("paarse olifant") == ["utter_scan_vraag_anders"]  # no way-out yet


def test_not_understood_is_asked_differently_then_offers_a_way_out(definition):
    conversation = quick(definition)
    said = conversation.say("de kat van de buren")
    assert said == ["utter_scan_vraag_anders"]
    assert conversation.value("utter_scan_vraag_anders", "opties") == \
        "Ja, Een beetje, Nee of Weet ik niet"
    assert [b["title"] for b in conversation.asked[0].buttons] == \
        ["Ja", "Een beetje", "Nee", "Weet ik niet"]
    assert conversation.say("paarse olifant") == ["utter_scan_vraag_anders",
                                                  "utter_scan_vastgelopen"]
    # the way out: skipping the question (the button sends /skip)
    said = conversation.say("/skip", "skip", 1.0)
    assert said[0] == "utter_scan_vraag_overgeslagen"
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == "weet_niet"
    assert conversation.state.misses(definition) == 0


def test_stop_ends_but_keeps_the_answers(definition):
    conversation = quick(definition)
    conversation.say("ja")
    assert conversation.say("/stop", "stop", 1.0) == ["utter_scan_gestopt"]
    assert conversation.turn.end
    assert conversation.state.sessie.antwoorden == {"fin_inzicht": "ja"}
    # later: the scan resumes where it was
    assert conversation.start()[0] == "utter_scan_welkom_terug"
    assert conversation.question.id == "amb_doel"


def test_stopping_means_the_scan_not_the_company_at_the_future_question(definition):
    conversation = quick(definition, first="ondernemer")
    conversation.say("het gaat goed")
    assert conversation.question.id == "ond_toekomst" or conversation.state.modus == "kort"
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("ondernemer")
    conversation.say("volledig")
    conversation.say("het gaat goed")
    conversation.say("ik wil stoppen")
    assert conversation.state.sessie.antwoorden["ond_toekomst"] == "stoppen"
    assert conversation.say("stop de scan") == ["utter_scan_gestopt"]


def test_pause_and_come_back_later(definition):
    conversation = quick(definition)
    assert conversation.say("pauze") == ["utter_scan_pauze"]  # nothing asked while paused
    assert conversation.state.pauze
    # a question in between is answered by the rules; the scan stays paused
    assert conversation.say("wat is de wbso?", "ask_regeling", 0.95) == []
    assert conversation.turn.reject and conversation.state.pauze
    assert conversation.ask() == []
    said = conversation.say("hallo", "greet", 0.99)
    assert said == ["utter_scan_welkom_terug", "utter_scan_thema_intro", "utter_scan_vraag"]
    assert not conversation.state.pauze


def test_an_answer_after_a_pause_is_simply_taken(definition):
    conversation = quick(definition)
    conversation.say("later verder")
    conversation.say("ja")
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == "ja"


def test_just_leaving_and_saying_hello_resumes(definition):
    conversation = quick(definition)
    conversation.say("ja")
    said = conversation.say("hoi", "greet", 0.98)
    assert said[0] == "utter_scan_welkom_terug" and said[-1] == "utter_scan_vraag"
    assert conversation.question.id == "amb_doel"


@pytest.mark.parametrize("intent", ["ask_regeling", "request_adviser", "bot_challenge",
                                    "start_intake", "sensitive_situation"])
def test_questions_in_between_are_left_to_the_rules(definition, intent):
    conversation = quick(definition)
    assert conversation.say("iets anders", intent, 0.9) == []
    assert conversation.turn.reject


def test_an_answer_wins_over_the_intent(definition):
    conversation = quick(definition)
    conversation.say("ja", "affirm", 0.99)
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == "ja"
    conversation.say("nee hoor", "request_adviser", 0.8)  # short: an answer
    assert conversation.state.sessie.antwoorden["amb_doel"] == "nee"


def test_a_worry_is_not_taken_for_a_yes_or_no(definition):
    conversation = quick(definition, first="markt")
    said = conversation.say("ik heb schulden en weet niet hoe ik verder moet",
                            "sensitive_situation", 0.93)
    assert said == [] and conversation.turn.reject
    assert conversation.state.sessie.antwoorden == {}
    # but at the question about arrears it is the answer, and a caring word follows
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("financien")
    conversation.say("volledig")
    conversation.say("ja")
    conversation.say("nee")
    said = conversation.say("ja, we hebben schulden bij de belastingdienst",
                            "sensitive_situation", 0.93)
    assert said[0] == "utter_scan_gevoelig_antwoord"
    assert conversation.state.sessie.antwoorden["fin_achterstand"] == "ja"


def test_skip_a_theme(definition):
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("financien")
    conversation.say("volledig")
    conversation.say("ja")
    said = conversation.say("sla dit thema over")
    assert said[0] == "utter_scan_thema_overgeslagen"
    assert "financien" in conversation.state.sessie.overgeslagen
    assert conversation.value("utter_scan_vraag", "voortgang").startswith("Vraag 1 van 21")


# -------------------------------------------------------------------------- changes


def test_change_an_earlier_answer_by_naming_the_theme(definition):
    conversation = quick(definition)
    conversation.say("ja")
    said = conversation.say("bij financiën bedoelde ik eigenlijk nee")
    assert said[0] == "utter_scan_gewijzigd"
    assert conversation.value("utter_scan_gewijzigd", "antwoord") == "Nee"
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == "nee"
    assert conversation.question.id == "amb_doel"  # and on we go


def test_a_change_that_does_not_fit_the_question_reopens_it(definition):
    conversation = quick(definition, first="digitalisering")
    conversation.say("3")
    said = conversation.say("bij digitalisering bedoelde ik eigenlijk nee")
    assert said[0] == "utter_scan_vraag_heropend"
    assert conversation.question.id == "dig_niveau"
    conversation.say("2")
    assert conversation.state.sessie.antwoorden["dig_niveau"] == "2"
    assert conversation.question.id == "amb_doel"


def test_in_the_full_scan_a_change_reopens_the_theme(definition):
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("financien")
    conversation.say("volledig")
    for answer in ("ja", "ja", "nee", "ja"):
        conversation.say(answer)
    said = conversation.say("bij financiën heb ik me vergist")
    assert said[0] == "utter_scan_thema_heropend"
    assert conversation.question.id == "fin_inzicht"


def test_change_the_previous_answer_and_themes_not_reached(definition):
    conversation = quick(definition)
    conversation.say("ja")
    conversation.say("ik bedoelde nee")
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == "nee"
    assert conversation.say("bij duurzaamheid bedoelde ik ja")[0] == "utter_scan_nog_niet"
    conversation.say("vorige vraag")
    assert conversation.question.id == "fin_inzicht"


def test_an_old_button_changes_that_answer(definition):
    conversation = quick(definition)
    old = definition.buttons(conversation.question)[0]["payload"]  # fin_inzicht: ja
    conversation.say("nee")
    said = conversation.say(old)
    assert said[0] == "utter_scan_gewijzigd"
    assert conversation.state.sessie.antwoorden["fin_inzicht"] == "ja"


# ---------------------------------------------------------------- result, consent


def finish(conversation: Conversation, answer: str = "nee", find=no_regelingen) -> list[str]:
    said: list[str] = []
    while conversation.state.phase(conversation.definition) == "vragen":
        question = conversation.question
        value = answer if question.option(answer) else question.opties[0].waarde
        said = conversation.say(conversation.definition.payload(question, value), find=find)
    return said


def test_the_result_in_chat_then_consent(definition):
    conversation = quick(definition)

    def find(thema_ids, profiel):
        return [{"id": "qredits", "naam": "Qredits"}] if "financiering" in thema_ids else []

    said = finish(conversation, find=find)
    assert said[0] == "utter_scan_klaar"
    assert said.count("utter_scan_aandachtspunt") in (2, 3)
    assert said[-2:] == ["utter_scan_tekst", "utter_ask_scan_toestemming"]  # korte-scan note
    lines = conversation.value("utter_scan_scores", "regels").splitlines()
    assert lines[0].startswith("Financiën: 1 – ")  # the urgent theme first
    points = {m.values["titel"]: m.values["meer"] for m in conversation.turn.messages
              if m.response == "utter_scan_aandachtspunt"}
    money = points["Krijg meer grip op je geld"]
    assert "Regelingen die kunnen passen: Qredits" in money
    assert "Wie kan helpen:" in money and "Eerste stap:" in money
    assert all("Regelingen" not in text for title, text in points.items() if text != money)
    assert conversation.value("utter_scan_richting", "naam") == "Hervormen"
    assert conversation.turn.result is not None and not conversation.turn.end
    assert conversation.say("ja, bewaar maar") == []
    assert conversation.turn.end and conversation.state.toestemming is True


def test_with_the_intake_consent_nothing_is_asked(definition):
    conversation = quick(definition, context=replace(CONTEXT, intake_toestemming=True))
    said = finish(conversation)
    assert "utter_ask_scan_toestemming" not in said
    assert conversation.turn.end and conversation.state.toestemming is True


@pytest.mark.parametrize("text, intent, consent", [
    ("/affirm", "affirm", True), ("/deny", "deny", False), ("nee liever niet", "", False),
])
def test_consent_yes_or_no(definition, text, intent, consent):
    conversation = quick(definition)
    finish(conversation)
    conversation.say(text, intent, 1.0 if intent else 0.0)
    assert conversation.state.toestemming is consent


def test_unclear_consent_twice_stores_nothing(definition):
    conversation = quick(definition)
    finish(conversation)
    assert conversation.say("hmm") == ["utter_scan_toestemming_anders"]
    conversation.say("tja")
    assert conversation.turn.end and conversation.state.toestemming is False


def test_a_change_after_the_result_shows_it_again(definition):
    conversation = quick(definition)
    finish(conversation)
    said = conversation.say("bij financiën bedoelde ik eigenlijk ja")
    assert said[:2] == ["utter_scan_gewijzigd", "utter_scan_klaar"]
    assert said[-1] == "utter_ask_scan_toestemming"


def test_after_the_quick_scan_the_full_scan_continues(definition):
    conversation = quick(definition)
    finish(conversation)
    said = conversation.say("ik wil ook de volledige scan")
    assert said[0] == "utter_scan_naar_volledig"
    assert conversation.value("utter_scan_vraag", "voortgang").startswith("Vraag 10 van 24")


def test_vervolgscan_shows_what_changed(definition):
    before = score(definition, filled(definition, WORRIED, modus="kort"))
    context = replace(CONTEXT, vorige=PreviousScan(date(2026, 5, 1), before, "abc"))
    conversation = Conversation(definition, context)
    assert "utter_scan_vervolg_intro" in conversation.start()
    conversation.say("maakt niet uit")
    conversation.say("kort")
    finish(conversation, answer="ja")
    text = conversation.value("utter_scan_vergelijking", "regels")
    assert "Financiën: 1 → 5 (beter)" in text.splitlines()
    assert conversation.value("utter_scan_vergelijking", "datum") == "1 mei 2026"


# ------------------------------------------------------------------ slots, summary


def test_state_survives_the_slots_and_junk_is_ignored(definition):
    conversation = quick(definition)
    conversation.say("ja")
    conversation.say("bla")
    sessie, chat_slot = conversation.state.to_slots()
    assert ChatState.from_slots(sessie, chat_slot) == conversation.state
    assert ChatState.from_slots("kapot", {"missers": ["x"], "modus": "raar"}) == ChatState()
    assert ChatState.from_slots(None, None).phase(definition) == "urgentie"


def test_summary_for_the_adviser_is_short_and_not_personal(definition):
    result = score(definition, filled(definition, WORRIED))
    found = chat.summary(definition, result, date(2026, 11, 23), scan_id="x" * 32,
                         rapport="/api/v1/scans/x/rapport")
    assert found["soort"] == "volledige scan"
    assert found["richting"] == "Hervormen"
    assert found["scores"]["Financiën"] == 1.3
    assert len(found["aandachtspunten"]) <= 3
    assert found["scan_id"] == "x" * 32
    compact = chat.compact_result(result)
    assert all(theme["antwoorden"] == [] for theme in compact["themas"])


@pytest.mark.parametrize("value, text", [(2.0, "2"), (3.5, "3,5"), (None, "–")])
def test_short_score(value, text):
    assert chat.short_score(value) == text
