"""Issue 18, point 8: how real people answer. Messy free text is checked before it counts
("Bedoel je: …?"), planned stopping is not distress, the result says only what was
answered, and the theme named as most urgent comes first."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.scan import chat
from assistant.scan import session as scan
from assistant.scan.answers import interpret, names_urgency, other_answer
from assistant.scan.chat import ChatState
from assistant.scan.definition import WEET_NIET
from assistant.scan.regelingen import find_regelingen
from assistant.scan.scoring import advise, score
from tests.scan.samples import WORRIED, filled
from tests.scan.test_chat import CONTEXT, Conversation, no_regelingen

PLAN_NOT_ON_PAPER = "we hebben wel een plan … maar het staat niet op papier"
PLANNED_STOP = "denk erover om over 5 jaar te stoppen, geen opvolger"


def at(definition, vraag_id: str, answers: dict[str, str] | None = None,
       modus: str = "volledig") -> Conversation:
    """A conversation whose current question is ``vraag_id``."""
    session = scan.start(definition, modus)
    session = session.model_copy(update={"antwoorden": dict(answers or {})})
    while (question := scan.current_question(definition, session)).id != vraag_id:
        session = scan.answer(definition, session, question.opties[0].waarde)
    state = ChatState(sessie=session, urgentie="geen", modus=modus,
                      gevraagd=f"vraag:{vraag_id}")
    return Conversation(definition, state=state)


def check_text(conversation: Conversation) -> str:
    return conversation.value("utter_scan_tekst", "tekst")


def check_buttons(conversation: Conversation) -> list[str]:
    message = next(m for m in conversation.asked if m.response == "utter_scan_tekst")
    return [b["title"] for b in message.buttons]


# ------------------------------------------------------------- 1. unclear answers


@pytest.mark.parametrize("text", [
    PLAN_NOT_ON_PAPER,
    "we hebben wel een plan maar niet op papier",
    "wel een plan, alleen niet opgeschreven",
    "ja we hebben een plan, maar het staat nergens op papier",
])
def test_a_plan_not_on_paper_is_guessed_as_a_bit_and_checked(definition, text):
    found = interpret(definition, definition.question("amb_plan"), text)
    assert found is not None and found.waarde == "deels" and not found.zeker


@pytest.mark.parametrize("vraag, text, expected", [
    ("amb_plan", "ja", "ja"),
    ("amb_plan", "nee", "nee"),
    ("amb_plan", "een beetje", "deels"),
    ("amb_plan", "Een beetje", "deels"),
    ("amb_plan", "niet echt", "nee"),
    ("amb_plan", "nee, niet echt", "nee"),
    ("amb_plan", "soms", "deels"),
    ("amb_plan", "ja hoor", "ja"),
    ("amb_plan", "2", "deels"),
    ("amb_plan", "weet ik niet", WEET_NIET),
    ("dig_online", "nee, we hebben geen website", "nee"),
    ("dig_niveau", "een 4", "4"),
    ("ond_energie", "het gaat wel", "matig"),
    ("ond_energie", "niet echt goed", "zwaar"),
    ("ond_toekomst", "ik wil stoppen", "stoppen"),
    ("ond_toekomst", PLANNED_STOP, "stoppen"),
])
def test_clear_answers_count_at_once(definition, vraag, text, expected):
    found = interpret(definition, definition.question(vraag), text)
    assert found is not None and found.waarde == expected and found.zeker


@pytest.mark.parametrize("vraag, text, never", [
    ("amb_plan", PLAN_NOT_ON_PAPER, "nee"),
    ("amb_plan", "niet echt", "ja"),
    ("amb_plan", "een beetje", "nee"),
    ("amb_plan", "een beetje", "ja"),
    ("ond_energie", "niet echt goed", "goed"),
    ("ond_energie", "het gaat wel, maar ik ben moe", "goed"),
    ("amb_groei", "niet echt groeien", "flink"),
])
def test_negations_and_contrasts_do_not_flip(definition, vraag, text, never):
    found = interpret(definition, definition.question(vraag), text)
    assert found is None or found.waarde != never


def test_a_contrast_between_two_options_is_checked(definition):
    found = interpret(definition, definition.question("ond_energie"),
                      "het gaat wel, maar ik ben moe")
    assert found is not None and not found.zeker


def test_the_conversation_checks_an_unclear_answer(definition):
    conversation = at(definition, "amb_plan")
    said = conversation.say(PLAN_NOT_ON_PAPER)
    assert said == ["utter_scan_tekst"]
    assert check_text(conversation) == "Bedoel je: Een beetje?"
    assert check_buttons(conversation) == ["Ja, dat klopt", "Nee, iets anders", "Ja", "Nee",
                                           "Weet ik niet"]
    assert "amb_plan" not in conversation.state.sessie.antwoorden


@pytest.mark.parametrize("yes", ["ja", "klopt", "Ja, dat klopt", "jazeker"])
def test_yes_to_the_check_counts_the_guess(definition, yes):
    conversation = at(definition, "amb_plan")
    conversation.say(PLAN_NOT_ON_PAPER)
    if yes == "Ja, dat klopt":  # the button sends the guessed answer's own payload
        message = next(m for m in conversation.asked if m.response == "utter_scan_tekst")
        yes = message.buttons[0]["payload"]
    said = conversation.say(yes)
    assert conversation.state.sessie.antwoorden["amb_plan"] == "deels"
    assert conversation.state.bevestig is None
    assert said[-1] == "utter_scan_vraag" and conversation.question.id == "amb_groei"


def test_no_to_the_check_asks_the_question_again_with_its_buttons(definition):
    conversation = at(definition, "amb_plan")
    conversation.say(PLAN_NOT_ON_PAPER)
    said = conversation.say("Nee, iets anders")
    assert said == ["utter_scan_tekst", "utter_scan_vraag"]
    assert conversation.value("utter_scan_tekst", "tekst").startswith("Oké")
    assert "amb_plan" not in conversation.state.sessie.antwoorden
    assert conversation.question.id == "amb_plan"


def test_another_answer_instead_of_yes_or_no_counts(definition):
    conversation = at(definition, "amb_plan")
    conversation.say(PLAN_NOT_ON_PAPER)
    conversation.say("nee, een beetje")
    assert conversation.state.sessie.antwoorden["amb_plan"] == "deels"
    conversation = at(definition, "amb_plan")
    conversation.say(PLAN_NOT_ON_PAPER)
    conversation.say("/scan_antwoord{\"vraag\":\"amb_plan\",\"antwoord\":\"nee\"}")
    assert conversation.state.sessie.antwoorden["amb_plan"] == "nee"


def test_the_check_survives_the_slots(definition):
    conversation = at(definition, "amb_plan")
    conversation.say(PLAN_NOT_ON_PAPER)
    restored = ChatState.from_slots(*conversation.state.to_slots())
    assert restored.bevestig == ("amb_plan", "deels")
    assert ChatState.from_slots(None, {"bevestig": ["x"]}).bevestig is None


def test_stop_during_the_check_still_stops(definition):
    conversation = at(definition, "amb_plan")
    conversation.say(PLAN_NOT_ON_PAPER)
    assert conversation.say("stop de scan") == ["utter_scan_gestopt"]


# ----------------------------------------------------------- 2. planned stopping


@pytest.mark.parametrize("text", [
    PLANNED_STOP,
    "ik denk erover om over vijf jaar te stoppen, er is geen opvolger",
    "over een paar jaar wil ik stoppen, geen opvolger",
    "ik ga over 5 jaar met pensioen",
])
def test_planned_stopping_is_no_distress(definition, text):
    found = interpret(definition, definition.question("ond_energie"), text)
    assert found is None or not found.zeker  # never a silent "Het is zwaar"
    side = other_answer(definition, definition.question("ond_energie"), text)
    assert side is not None and side.vraag_id == "ond_toekomst"
    assert side.waarde == "stoppen" and not side.zeker


def test_planned_stopping_in_the_quick_scan_leads_to_succession_advice(definition):
    conversation = at(definition, "ond_energie", modus="kort")
    said = conversation.say(PLANNED_STOP, intent="stop", confidence=0.9)
    assert said == ["utter_scan_tekst"]
    text = check_text(conversation)
    assert "Wat zijn je plannen voor de komende vijf jaar?" in text
    assert text.endswith("Bedoel je: Stoppen?")
    said = conversation.say("ja")
    answers = conversation.state.sessie.antwoorden
    assert answers["ond_toekomst"] == "stoppen" and "ond_energie" not in answers
    assert "utter_scan_gevoelig_antwoord" not in said
    assert said[-1] == "utter_scan_vraag" and conversation.question.id == "ond_energie"
    conversation.say("het gaat goed")
    result = conversation.turn.result or score(definition, conversation.state.sessie)
    titles = [p.id for p in result.aandachtspunten]
    assert "overdracht_voorbereiden" in titles and "zorg_voor_jezelf" not in titles
    assert result.richting is not None and result.richting.id == "stoppen"
    assert not any("zwaar" in p.uitleg for p in result.aandachtspunten)


def test_planned_stopping_before_the_theme_is_checked_not_a_stop_of_the_scan(definition):
    conversation = at(definition, "amb_doel", modus="kort")
    said = conversation.say(PLANNED_STOP)
    assert said == ["utter_scan_tekst"] and not conversation.turn.end
    assert conversation.state.bevestig == ("ond_toekomst", "stoppen")


def test_a_short_stop_is_still_the_command(definition):
    conversation = at(definition, "ond_energie", modus="kort")
    assert conversation.say("ik wil stoppen") == ["utter_scan_gestopt"]


def test_succession_advice_names_no_crisis_help(definition):
    good = {q.id: q.opties[0].waarde for q in definition.questions() if q.scored}
    session = filled(definition, {**good, "fin_achterstand": "nee", "mkt_spreiding": "nee",
                                  "ond_toekomst": "stoppen", "ond_energie": "goed"})
    result = advise(score(definition, session), find_regelingen)
    point = next(p for p in result.aandachtspunten if p.id == "overdracht_voorbereiden")
    assert point.thema_ids == ["bedrijfsovername"]
    names = " ".join(str(r.get("naam", "")) + str(r.get("id", "")) for r in point.regelingen)
    assert "bbz" not in names.lower()
    assert "bedrijfsopvolgingsregeling" in [r.get("id") for r in point.regelingen]
    assert not any(s.vraag_id == "ond_toekomst" for s in result.signalen)


# ------------------------------------------------------ 3. only what was answered


def test_the_quick_scan_states_only_what_it_asked(definition):
    answers = {t.kernvraag.id: t.kernvraag.opties[0].waarde for t in definition.themas}
    session = filled(definition, answers, modus="kort")
    result = score(definition, session)
    for theme in result.themas:
        kern = definition.theme(theme.id).kern
        if kern is not None and theme.band:
            assert theme.uitleg == kern.samenvatting[theme.band], theme.id
    for strength in result.sterktes:
        kern = definition.theme(strength.thema).kern
        assert kern is None or strength.tekst == kern.sterkte
    ambitie = result.theme("ambitie")
    assert "plan" not in ambitie.uitleg  # amb_plan was never asked


def test_quick_scan_aandachtspunten_speak_about_the_kernvraag(definition):
    answers = {t.kernvraag.id: "nee" for t in definition.themas
               if t.kernvraag.option("nee")}
    answers.update({"dig_niveau": "1", "ond_energie": "matig", "pers_bezetting": "nee"})
    result = score(definition, filled(definition, answers, modus="kort"))
    by_id = {p.id: p for p in result.aandachtspunten}
    assert by_id, "expected aandachtspunten"
    for point in result.aandachtspunten:
        theme = definition.theme(point.thema)
        definition_point = next(p for p in theme.aandachtspunten if p.id == point.id)
        if not definition_point.als and definition_point.uitleg_kern:
            assert point.uitleg == definition_point.uitleg_kern
    for text in [p.uitleg for p in result.aandachtspunten]:
        assert "op papier" not in text and "buffer" not in text


def test_the_full_texts_when_everything_was_answered(definition):
    result = score(definition, filled(definition, WORRIED))
    assert result.theme("ambitie").uitleg == definition.theme("ambitie").samenvatting[
        result.theme("ambitie").band]


def test_without_the_kernvraag_only_the_band_is_named(definition):
    answers = {**WORRIED, "fin_inzicht": WEET_NIET}
    result = score(definition, filled(definition, answers))
    money = result.theme("financien")
    assert money.uitleg == definition.teksten.deels_beantwoord.samenvatting.format(
        band=money.band_naam.lower())


def test_unasked_themes_are_not_described_in_chat(definition):
    session = filled(definition, {}, modus="kort", skip=("duurzaamheid",))
    session = session.model_copy(update={"antwoorden": {"fin_inzicht": "ja"}})
    result = score(definition, session)
    lines = chat.result_messages(definition, result)[1].values["regels"]
    assert "Financiën" in lines
    for theme in result.themas:
        if theme.status == "niet_gevraagd":
            assert theme.naam not in lines
            assert theme.uitleg == definition.teksten.geen_score.niet_gevraagd
    assert all(s.thema == "financien" for s in result.sterktes)


def test_a_theme_with_several_scored_questions_needs_kern_texts(knowledge_copy, edit_yaml):
    from assistant.scan.definition import ScanDefinitionError, read_definition

    edit_yaml("scan/themas/ambitie.yml", lambda data: data.pop("kern"))
    with pytest.raises(ScanDefinitionError, match="kern"):
        read_definition(knowledge_copy)


# --------------------------------------------------------------- 4. urgency first


def test_the_start_message_names_the_urgent_theme(definition):
    state, messages = chat.begin(definition, ChatState(), CONTEXT,
                                 "ik wil de bedrijfsscan doen, vooral personeel is een probleem")
    assert state.urgentie == "personeel"
    assert [m.response for m in messages] == ["utter_scan_intro", "utter_scan_begin_met"]
    state, asked = chat.ask(definition, state, CONTEXT)
    assert asked[0].response == "utter_ask_scan_modus"


def test_a_plain_start_asks_for_the_urgency(definition):
    state, _ = chat.begin(definition, ChatState(), CONTEXT, "ik wil de bedrijfsscan doen")
    assert state.urgentie is None


def test_theme_and_mode_in_one_answer(definition):
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("de korte scan, vooral geld")
    assert conversation.state.modus == "kort"
    assert conversation.question.id == "fin_inzicht"


def test_theme_named_with_the_mode_goes_first(definition):
    context = replace(CONTEXT, intake_thema="digitalisering")
    conversation = Conversation(definition, context)
    conversation.start()
    said = conversation.say("kort, maar personeel is het belangrijkst")
    assert "utter_scan_begin_met" in said
    assert conversation.question.id == "pers_bezetting"


@pytest.mark.parametrize("text, theme, first", [
    ("geld is eigenlijk mijn grootste zorg", "financien", "fin_inzicht"),
    ("ja, maar vooral personeel speelt nu", "personeel", "pers_bezetting"),
    ("het probleem zit vooral bij de digitalisering", "digitalisering", "dig_niveau"),
])
def test_urgency_named_in_the_first_answer_moves_that_theme_first(definition, text, theme,
                                                                   first):
    conversation = Conversation(definition)
    conversation.start()
    conversation.say("maakt niet uit")
    conversation.say("kort")
    assert conversation.question.id == "amb_doel"
    said = conversation.say(text)
    assert said[0] == "utter_scan_begin_met"
    assert conversation.state.urgentie == theme
    assert conversation.question.id == first
    assert scan.planned_themes(definition, conversation.state.sessie)[0].id == theme


def test_a_clear_answer_with_the_urgency_is_kept(definition):
    conversation = at(definition, "amb_doel", modus="kort")
    conversation.say("nee, en geld is mijn grootste zorg")
    assert conversation.state.sessie.antwoorden["amb_doel"] == "nee"
    assert conversation.question.id == "fin_inzicht"


def test_later_answers_do_not_reorder(definition):
    conversation = at(definition, "mkt_klanten", {"amb_doel": "ja"}, modus="kort")
    conversation.say("vooral geld is een probleem")
    assert scan.planned_themes(definition, conversation.state.sessie)[0].id == "ambitie"


def test_names_urgency(definition):
    assert names_urgency(definition, "geld is mijn grootste zorg")
    assert not names_urgency(definition, "ja")


def test_ties_in_the_result_follow_the_urgent_theme(definition):
    answers = {t.kernvraag.id: t.kernvraag.opties[0].waarde for t in definition.themas}
    default = score(definition, filled(definition, answers, modus="kort"))
    urgent = score(definition, filled(definition, answers, modus="kort", eerst="omgeving"))
    assert default.themas[0].id == "ambitie" and urgent.themas[0].id == "omgeving"
    assert urgent.sterktes[0].thema == "omgeving"
    assert default.sterktes[0].thema != "omgeving"


def test_tied_aandachtspunten_follow_the_urgent_theme(definition):
    answers = {"amb_doel": "nee", "mkt_klanten": "nee", "omg_regels": "ja"}
    urgent = score(definition, filled(definition, answers, modus="kort", eerst="markt"))
    assert urgent.aandachtspunten[0].thema == "markt"


def test_no_regelingen_helper_is_used(definition):
    assert no_regelingen([], None) == []
