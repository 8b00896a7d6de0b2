"""Interpreting answers: buttons, payloads and free Dutch text, including odd input."""

from __future__ import annotations

import time

import pytest

from assistant.scan.answers import detect_command, interpret, parse_payload
from assistant.scan.definition import WEET_NIET

# (question, text, expected value or None when it should not be understood)
CASES = [
    # plain ja / een beetje / nee in many spellings
    ("dig_online", "ja", "ja"),
    ("dig_online", "Ja hoor!", "ja"),
    ("dig_online", "JAZEKER", "ja"),
    ("dig_online", "jawel, natuurlijk", "ja"),
    ("dig_online", "yes", "ja"),
    ("dig_online", "👍", "ja"),
    ("dig_online", "👍🏽", "ja"),
    ("dig_online", "nee.", "nee"),
    ("dig_online", "Nee hoor", "nee"),
    ("dig_online", "neuh", "nee"),
    ("dig_online", "nope", "nee"),
    ("dig_online", "niet echt", "nee"),
    ("dig_online", "helaas niet", "nee"),
    ("dig_online", "👎", "nee"),
    ("dig_online", "een beetje", "deels"),
    ("dig_online", "Een beetje", "deels"),
    ("dig_online", "soms", "deels"),
    ("dig_online", "af en toe", "deels"),
    ("dig_online", "niet helemaal", "deels"),
    ("dig_online", "ja en nee", "deels"),
    ("dig_online", "ja, soms", "deels"),
    ("dig_online", "nee, soms wel", "deels"),
    ("dig_online", "misschien", "deels"),
    ("dig_online", "waarom niet", "ja"),
    # short sentences
    ("dig_online", "we hebben geen website", "nee"),
    ("dig_online", "ja, we hebben geen website", "nee"),
    ("dig_online", "We hebben een website", "ja"),
    ("dig_online", "daar werken we aan", "deels"),
    ("mkt_klanten", "ik denk het wel", "ja"),
    ("omg_netwerk", "ik heb niks", "nee"),
    # weet ik niet
    ("dig_online", "weet ik niet", WEET_NIET),
    ("dig_online", "Weet ik niet", WEET_NIET),
    ("dig_online", "geen idee", WEET_NIET),
    ("dig_online", "Geen flauw idee 🤷", WEET_NIET),
    ("dig_online", "🤷‍♀️", WEET_NIET),
    ("dig_online", "geen idee eigenlijk, moet ik uitzoeken", WEET_NIET),
    ("dig_online", "ik weet het niet zeker", WEET_NIET),
    # numbers: a 1–5 scale
    ("dig_niveau", "3", "3"),
    ("dig_niveau", "drie", "3"),
    ("dig_niveau", "ik geef een 4", "4"),
    ("dig_niveau", "4/5", "4"),
    ("dig_niveau", "2 van de 5", "2"),
    ("dig_niveau", "3,5", "4"),
    ("dig_niveau", "een vijf", "5"),
    ("dig_niveau", "één", "1"),
    ("dig_niveau", "6", WEET_NIET),  # the sixth button
    ("dig_niveau", "7", None),
    ("dig_niveau", "0", None),
    ("dig_niveau", "-3", "3"),  # the minus is punctuation
    ("dig_niveau", "we hebben 2 computers en 3 laptops", None),
    ("dig_niveau", "weet niet", WEET_NIET),
    # numbers: the position of a button (WhatsApp shows numbered lists)
    ("dig_online", "1", "ja"),
    ("dig_online", "2", "deels"),
    ("dig_online", "3", "nee"),
    ("dig_online", "4", WEET_NIET),
    ("dig_online", "5", None),
    ("dig_online", "drie", None),
    # keywords, negation
    ("ond_toekomst", "ik wil stoppen", "stoppen"),
    ("ond_toekomst", "met pensioen over een paar jaar", "stoppen"),
    ("ond_toekomst", "mijn dochter neemt het over", "overdragen"),
    ("ond_toekomst", "Doorgaan en uitbouwen", "uitbouwen"),
    ("ond_toekomst", "ik ga niet stoppen, ik wil gewoon doorgaan", "zo_houden"),
    ("ond_toekomst", "ik wil niet stoppen", None),  # negated, no opposite: not guessed
    ("ond_toekomst", "ja", None),  # no option means "ja"
    ("fin_achterstand", "geen achterstanden", "nee"),
    ("fin_achterstand", "niet alles betaald", "ja"),
    ("fin_achterstand", "een paar kleine achterstanden", "klein"),
    ("fin_achterstand", "we hebben schulden bij de Belastingdienst", "ja"),
    ("ond_energie", "niet zo goed", "zwaar"),
    ("ond_energie", "ik ben uitgeput", "zwaar"),
    ("ond_energie", "het gaat wel", "matig"),
    ("ond_energie", "prima!", "goed"),
    ("pers_bezetting", "ik heb geen personeel", "geen_personeel"),
    ("pers_bezetting", "nee, ik ben zzp'er", "geen_personeel"),
    ("amb_groei", "nee hoor, het is goed zo", "stabiel"),
    ("amb_groei", "ja, flink!", "flink"),
    # odd input
    ("dig_online", "", None),
    ("dig_online", "   \n\t ", None),
    ("dig_online", "🙂", None),
    ("dig_online", "asdfghjkl", None),
    ("dig_online", "????", None),
    ("dig_online", "<script>alert(1)</script>", None),
    ("dig_online", "\x00\x07ja\u200b", "ja"),
    ("dig_online", "x" * 10_000, None),
    ("dig_online", "ja " * 5_000, None),
]


@pytest.mark.parametrize("vraag, text, expected", CASES)
def test_interpret(definition, vraag, text, expected):
    found = interpret(definition, definition.question(vraag), text)
    assert (found.waarde if found else None) == expected
    if found:
        assert found.vraag_id == vraag


def test_none_and_non_text_input(definition):
    question = definition.question("dig_online")
    assert interpret(definition, question, None) is None
    assert interpret(definition, question, 3) is not None  # str(3) is a button number


def test_long_input_is_cheap(definition):
    question = definition.question("dig_online")
    start = time.perf_counter()
    for _ in range(20):
        assert interpret(definition, question, "weet ik niet " * 2_000) is None
    assert time.perf_counter() - start < 1


def test_every_button_title_and_payload_is_understood(definition):
    for question in definition.questions():
        for button, value in zip(definition.buttons(question),
                                 [o.waarde for o in question.opties] + [WEET_NIET], strict=True):
            for said in (button["title"], button["payload"], button["title"].upper()):
                found = interpret(definition, question, said)
                assert found is not None and found.waarde == value, (question.id, said)


def test_payload_for_another_question_changes_that_one(definition):
    found = interpret(definition, definition.question("dig_online"),
                      '/scan_antwoord{"vraag":"fin_buffer","antwoord":"nee"}')
    assert (found.vraag_id, found.waarde, found.via) == ("fin_buffer", "nee", "knop")


@pytest.mark.parametrize("payload", [
    '/scan_antwoord{"vraag":"fin_buffer","antwoord":"zzz"}',
    '/scan_antwoord{"vraag":"bestaat_niet","antwoord":"ja"}',
    '/scan_antwoord{"vraag":"fin_buffer"',
    '/scan_antwoord["ja"]',
    '/scan_antwoord{"antwoord": true}',
    '/greet{"antwoord":"ja"}',
    "/scan_antwoord",
])
def test_bad_payloads_are_not_understood(definition, payload):
    assert interpret(definition, definition.question("dig_online"), payload) is None


def test_payload_without_question_answers_the_current_one(definition):
    question = definition.question("dig_niveau")
    assert parse_payload(definition, '/scan_antwoord{"antwoord":3}', question).waarde == "3"
    assert parse_payload(definition, '/scan_antwoord{"antwoord":"ja"}') is None


@pytest.mark.parametrize("text, command", [
    ("waarom vraag je dat?", "waarom"),
    ("Waarom?", "waarom"),
    ("wat heb je daaraan", "waarom"),
    ("sla dit over", "overslaan"),
    ("volgende thema graag", "thema_overslaan"),
    ("sla deze vraag over", "overslaan"),
    ("stop de scan", "stoppen"),
    ("ik wil stoppen met de scan", "stoppen"),
    ("even stoppen", "pauze"),
    ("opnieuw beginnen", "opnieuw"),
    ("vorige vraag", "vorige"),
    ("ik bedoelde eigenlijk nee", None),
    ("later verder", "pauze"),
    ("ik moet weg, straks verder", "pauze"),
    ("hallo", None),
    ("", None),
    ("waarom " * 50, None),
])
def test_detect_command(definition, text, command):
    assert detect_command(definition, text) == command
