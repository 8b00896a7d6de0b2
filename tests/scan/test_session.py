"""The scan session: urgent theme first, quick vs full, progress, skip, change, pause."""

from __future__ import annotations

import json

import pytest

from assistant.scan import session as flow
from assistant.scan.definition import WEET_NIET
from assistant.scan.session import ScanError, ScanSession


def answer_n(definition, state: ScanSession, n: int, waarde: str = WEET_NIET) -> ScanSession:
    """Answer the next ``n`` questions with ``waarde`` (or the first option if it has none)."""
    for _ in range(n):
        question = flow.current_question(definition, state)
        valid = definition.is_valid_answer(question.id, waarde)
        own = waarde if valid else question.opties[0].waarde
        state = flow.answer(definition, state, own)
    return state


def test_standard_order_and_full_plan(definition):
    state = flow.start(definition)
    assert [t.id for t in flow.themes_in_order(definition, state)] == [
        t.id for t in definition.themas]
    assert len(flow.plan(definition, state)) == 24
    assert flow.current_question(definition, state).id == "amb_doel"
    assert flow.progress(definition, state).tekst == "Vraag 1 van 24 · Ambitie en strategie"


@pytest.mark.parametrize("eerst", ["financien", "financiering"])
def test_urgent_theme_first(definition, eerst):
    state = flow.start(definition, eerst=eerst)
    assert state.volgorde[0] == "financien"
    assert state.volgorde[1:] == tuple(t.id for t in definition.themas if t.id != "financien")
    assert flow.current_question(definition, state).id == "fin_inzicht"
    assert flow.starts_theme(definition, state)
    progress = flow.progress(definition, state)
    assert (progress.thema, progress.thema_nummer, progress.thema_totaal) == ("Financiën", 1, 9)


@pytest.mark.parametrize("eerst", [None, "", "internationaal_bestaat_niet"])
def test_unknown_urgent_theme_keeps_the_standard_order(definition, eerst):
    assert flow.start(definition, eerst=eerst).volgorde[0] == "ambitie"


def test_schakel_thema_without_own_theme_maps_to_the_theme_that_lists_it(definition):
    assert flow.start(definition, eerst="internationaal").volgorde[0] == "markt"


def test_quick_scan_asks_one_question_per_theme(definition):
    state = flow.start(definition, "kort", eerst="digitalisering")
    questions = flow.plan(definition, state)
    assert [q.id for q in questions] == [
        definition.theme(t).kernvraag.id for t in state.volgorde]
    assert len(questions) == len(definition.themas)
    state = answer_n(definition, state, len(questions), WEET_NIET)
    assert flow.is_finished(definition, state)


def test_progress_counts_and_theme_changes(definition):
    state = answer_n(definition, flow.start(definition), 6)
    progress = flow.progress(definition, state)
    assert (progress.nummer, progress.totaal, progress.beantwoord) == (7, 24, 6)
    assert progress.tekst == "Vraag 7 van 24 · Financiën"
    assert flow.starts_theme(definition, state)
    state = flow.answer(definition, state, "ja")
    assert not flow.starts_theme(definition, state)


def test_finished_scan(definition):
    state = answer_n(definition, flow.start(definition), 24)
    assert flow.is_finished(definition, state)
    assert flow.current_question(definition, state) is None
    assert flow.current_theme(definition, state) is None
    progress = flow.progress(definition, state)
    assert (progress.nummer, progress.totaal, progress.thema) == (24, 24, "")
    with pytest.raises(ScanError):
        flow.answer(definition, state, "ja")
    with pytest.raises(ScanError):
        flow.skip_theme(definition, state)


def test_skip_current_theme(definition):
    state = flow.answer(definition, flow.start(definition), "ja")  # amb_doel
    state = flow.skip_theme(definition, state)
    assert state.overgeslagen == ("ambitie",)
    assert "amb_doel" not in state.antwoorden  # a skipped theme keeps no answers
    assert flow.current_question(definition, state).id == "mkt_klanten"
    assert flow.progress(definition, state).tekst == "Vraag 1 van 21 · Markt en klanten"


def test_skip_named_theme_and_bring_it_back(definition):
    state = flow.skip_theme(definition, flow.start(definition), "duurzaamheid")
    assert len(flow.plan(definition, state)) == 22
    state = flow.reopen(definition, state, "duurzaamheid")
    assert state.overgeslagen == ()
    assert len(flow.plan(definition, state)) == 24
    with pytest.raises(ScanError):
        flow.skip_theme(definition, state, "bestaat_niet")


def test_change_an_earlier_answer_keeps_the_position(definition):
    state = answer_n(definition, flow.start(definition), 5, "ja")
    before = flow.current_question(definition, state)
    state = flow.answer(definition, state, "nee", vraag_id="amb_doel")
    assert state.antwoorden["amb_doel"] == "nee"
    assert flow.current_question(definition, state) == before


def test_reopen_a_question_asks_it_next(definition):
    state = answer_n(definition, flow.start(definition), 8, "ja")
    state = flow.reopen(definition, state, "amb_plan")
    assert flow.current_question(definition, state).id == "amb_plan"
    assert flow.progress(definition, state).nummer == 8
    state = flow.answer(definition, state, "nee")
    assert flow.current_question(definition, state).id == "fin_achterstand"


def test_reopen_a_theme_by_schakel_thema(definition):
    state = answer_n(definition, flow.start(definition), 24, "ja")
    state = flow.reopen(definition, state, "financiering")
    assert flow.current_question(definition, state).id == "fin_inzicht"
    assert not any(q in state.antwoorden for q in ("fin_inzicht", "fin_buffer",
                                                   "fin_achterstand"))
    with pytest.raises(ScanError):
        flow.reopen(definition, state, "bestaat_niet")


def test_answering_a_question_of_a_skipped_theme_unskips_it(definition):
    state = flow.skip_theme(definition, flow.start(definition), "ambitie")
    state = flow.answer(definition, state, "ja", vraag_id="amb_plan")
    assert state.overgeslagen == ()


@pytest.mark.parametrize("waarde, vraag_id", [("misschien", None), ("ja", "bestaat_niet"),
                                              ("klein", "dig_online")])
def test_invalid_answers_are_refused(definition, waarde, vraag_id):
    with pytest.raises(ScanError):
        flow.answer(definition, flow.start(definition), waarde, vraag_id=vraag_id)


def test_switch_from_quick_to_full_asks_only_what_is_left(definition):
    state = answer_n(definition, flow.start(definition, "kort"), 9, "ja")
    state = flow.set_mode(definition, state, "volledig")
    assert flow.progress(definition, state).beantwoord == 9
    assert flow.current_question(definition, state).id == "amb_plan"


def test_pause_is_keeping_the_state_as_json(definition):
    state = answer_n(definition, flow.start(definition, eerst="personeel"), 4, "deels")
    state = flow.skip_theme(definition, state, "innovatie")
    slot = json.loads(json.dumps(state.to_slot()))
    assert set(slot) == {"versie", "modus", "volgorde", "overgeslagen", "antwoorden"}
    resumed = ScanSession.from_slot(slot)
    assert resumed == state
    assert flow.current_question(definition, resumed) == flow.current_question(definition, state)


@pytest.mark.parametrize("value", [None, "", [], {"versie": "x"}, {"volgorde": "nee"},
                                   {"versie": "1", "volgorde": [], "antwoorden": {"a": 3}}])
def test_from_slot_refuses_garbage(value):
    assert ScanSession.from_slot(value) is None


def test_functions_do_not_change_the_state_they_get(definition):
    state = flow.start(definition)
    flow.answer(definition, state, "ja")
    flow.skip_theme(definition, state)
    assert state.antwoorden == {} and state.overgeslagen == ()


def test_definition_changes_are_tolerated(definition):
    """A state from an older definition: unknown themes and answers are ignored."""
    state = ScanSession(versie="oud", volgorde=("verdwenen", "financien"),
                        antwoorden={"verdwenen_vraag": "ja"})
    themes = [t.id for t in flow.themes_in_order(definition, state)]
    assert themes[0] == "financien" and len(themes) == len(definition.themas)
    assert flow.current_question(definition, state).id == "fin_inzicht"


def test_weet_niet_questions(definition):
    state = flow.answer(definition, flow.answer(definition, flow.start(definition), "ja"),
                        WEET_NIET)
    assert [q.id for q in flow.weet_niet_questions(definition, state)] == ["amb_plan"]


def test_prefill_from_the_intake(definition):
    state = flow.start(definition, "volledig")
    alone = flow.prefill(definition, state, 1)
    assert alone.antwoorden == {"pers_bezetting": "geen_personeel"}
    assert flow.prefill(definition, state, 5).antwoorden == {}
    assert flow.prefill(definition, state, None).antwoorden == {}
    given = flow.answer(definition, state, "ja", "pers_bezetting")
    assert flow.prefill(definition, given, 1).antwoorden["pers_bezetting"] == "ja"


def test_previous_question(definition):
    state = flow.start(definition, "kort", "financien")
    assert flow.previous_question(definition, state) is None
    state = flow.answer(definition, state, "ja")
    state = flow.answer(definition, state, "nee")
    assert flow.previous_question(definition, state).id == "amb_doel"
