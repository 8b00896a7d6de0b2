"""Reading a conversation's events: transcript, misunderstandings, why a hand-off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assistant.handoff.conversation import (
    handoff_request,
    messages_during_takeover,
    misunderstood_before_latest,
    said_before_latest,
    shows_distress,
    transcript,
)
from tests.handoff.events import action, bot, miss, turn, user

OPTIONS = [{"title": "Een adviseur spreken", "payload": "/request_adviser"}]
CONSENT = "utter_ask_overdracht_toestemming"


def test_transcript_has_texts_and_button_titles_but_no_intents():
    events = [
        *turn("hoi", "greet", "Hoi! Waar kan ik je mee helpen?", "utter_greet", buttons=OPTIONS),
        user("/request_adviser", "request_adviser"),
        action("action_overdracht_start"),
        {"event": "slot", "name": "x", "value": 1},
        user("/onbekend", "affirm"),
        bot("Anne: Ik bel je zo.", ""),
    ]
    events[-1]["metadata"] = {"van": "adviseur"}
    lines = transcript(events)
    assert [(line["van"], line["tekst"]) for line in lines] == [
        ("ondernemer", "hoi"),
        ("bot", "Hoi! Waar kan ik je mee helpen?"),
        ("ondernemer", "Een adviseur spreken"),
        ("adviseur", "Anne: Ik bel je zo."),
    ]
    assert "intent" not in str(lines)
    assert datetime.fromisoformat(lines[0]["tijd"]).tzinfo is not None


def test_transcript_is_bounded():
    events = [user("x" * 5000, "inform") for _ in range(1002)]
    lines = transcript(events)
    assert len(lines) == 1000 and len(lines[0]["tekst"]) == 4000


def test_misunderstandings_in_a_row_are_counted_and_reset_by_an_understood_message():
    assert misunderstood_before_latest([user("blabla", "nlu_fallback")]) == 0
    once = [*miss("blabla"), user("nog eens blabla", "nlu_fallback")]
    assert misunderstood_before_latest(once) == 1
    reset = [*miss("blabla"), *turn("hoi", "greet", "Hoi!", "utter_greet"),
             user("blabla", "nlu_fallback")]
    assert misunderstood_before_latest(reset) == 0
    inside_a_form = [*miss("a"), action("intake_form"), *miss("b"), user("c")]
    assert misunderstood_before_latest(inside_a_form) == 2


def test_the_request_and_its_reden():
    asked = [*turn("hoi", "greet", "Hoi!", "utter_greet"), user("mens aub", "request_adviser")]
    assert handoff_request(asked).reden == "verzoek"
    assert handoff_request(asked).index == len(asked) - 1
    assert handoff_request(asked).message_id == asked[-1]["message_id"]

    offered = [*miss("a"), user("b", "nlu_fallback"), action("action_fallback"),
               bot("Zal ik je doorzetten?", "utter_overdracht_aanbod_onbegrip"),
               action("action_listen"), user("ja", "affirm")]
    assert handoff_request(offered).reden == "onbegrip"

    sensitive = [*turn("ik ga failliet", "sensitive_situation", "Wat vervelend.",
                       "utter_gevoelig", "action_gevoelige_situatie"),
                 *turn("hoe gaat het", "greet", "Goed!", "utter_greet"),
                 user("ja", "affirm")]
    assert handoff_request(sensitive).reden == "gevoelig"


def test_after_the_consent_question_the_request_is_the_message_before_it():
    events = [*turn("ik wil iemand spreken", "request_adviser", "Is dat goed?", CONSENT,
                    "action_overdracht_start"),
              user("ja", "affirm")]
    assert said_before_latest(events) == [CONSENT]
    request = handoff_request(events, before_question=CONSENT)
    assert events[request.index]["text"] == "ik wil iemand spreken"
    # An old consent question earlier in the conversation does not count.
    later = [*events, *turn("hoi", "greet", "Hoi!", "utter_greet"), user("mens", "request_adviser")]
    assert later[handoff_request(later, before_question=CONSENT).index]["text"] == "mens"


def test_no_message_no_request():
    with pytest.raises(ValueError):
        handoff_request([bot("Hoi", "utter_greet")])


def test_messages_during_takeover_are_those_between_pause_and_resume():
    before = user("voor de overname")
    events = [before, {"event": "pause"}, user("ben je er?"), bot("Anne: ja"),
              user("fijn"), {"event": "resume"}, user("weer de bot")]
    since = datetime.fromtimestamp(before["timestamp"], UTC)
    assert [text for _, text in messages_during_takeover(events, since)] == ["ben je er?", "fijn"]
    assert messages_during_takeover(events, datetime.now(UTC)) == []


@pytest.mark.parametrize("text, expected", [
    ("ik zie het niet meer zitten", True),
    ("ik zie het echt niet meer zitten met de zaak", True),
    ("soms wil ik niet meer leven", True),
    ("ik kan het niet meer aan", True),
    ("ik ga failliet", False),
    ("ik kan mijn rekeningen niet meer betalen", False),
])
def test_signs_of_distress(text, expected):
    assert shows_distress(text) is expected
