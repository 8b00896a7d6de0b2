"""The scan actions against the real domain: starting, the form's interpretation, asking,
finishing (stored through the outbox, with the link known up front) and stepping aside."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import scan as scan_actions
from actions.scan import (
    ActionAskScanStap,
    ActionScanAdviseurAanbod,
    ActionScanAfronden,
    ActionScanKnop,
    ActionScanPauzeer,
    ActionScanStart,
    ValidateScanForm,
)
from assistant.chat_session import report_key
from assistant.outbox import Delivery
from assistant.scan import chat
from assistant.scan.definition import load_definition
from assistant.settings import Settings
from tests.actions.helpers import DOMAIN, make_tracker, run_action
from tests.aio import run_async
from tests.conftest import SESSION_SECRET
from tests.scan.samples import WORRIED, filled

SCAN_ACTIONS = [ActionScanStart, ValidateScanForm, ActionAskScanStap, ActionScanAfronden,
                ActionScanAdviseurAanbod, ActionScanPauzeer, ActionScanKnop]


def slots_of(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def steps(events: list[dict]) -> list[tuple[str, str | None]]:
    """The loop and follow-up events as (kind, name)."""
    kinds = ("active_loop", "followup")
    return [(e["event"], e.get("name")) for e in events if e["event"] in kinds]


def responses(messages: list[dict]) -> list[str]:
    return [m["response"] for m in messages]


def quick_state(**changes) -> dict[str, Any]:
    definition = load_definition()
    state = chat.ChatState(urgentie="financien", modus="kort",
                           sessie=filled(definition, {}, modus="kort", eerst="financien"))
    session = state.sessie.model_copy(update={"antwoorden": {}})
    sessie, chat_slot = chat.ChatState(**{**state.__dict__, "sessie": session,
                                          **changes}).to_slots()
    return {"scan_sessie": sessie, "scan_chat": chat_slot}


def finished_state(toestemming: bool | None) -> dict[str, Any]:
    definition = load_definition()
    state = chat.ChatState(urgentie="geen", modus="volledig", toestemming=toestemming,
                           sessie=filled(definition, WORRIED))
    sessie, chat_slot = state.to_slots()
    return {"scan_sessie": sessie, "scan_chat": chat_slot}


def validate(slots: dict, text: str, intent: str = "", confidence: float = 0.0,
             latest_action: str = "action_listen"):
    """Run the validation as the form does: Rasa's tracker ends with the form's own
    action; before it, the message (fresh) or the action that handled it."""
    before = (
        [{"event": "action", "name": "action_listen"}, {"event": "user", "text": text}]
        if latest_action == "action_listen"
        else [{"event": "user", "text": text}, {"event": "action", "name": latest_action}]
    )
    events = [*before, {"event": "action", "name": "scan_form"}]
    tracker = make_tracker(slots, text=text, intent=intent, active_loop="scan_form",
                           events=events)
    tracker.latest_message["intent"]["confidence"] = confidence
    return run_action(ValidateScanForm(), tracker)


def test_every_scan_action_and_response_is_in_the_domain():
    for action in SCAN_ACTIONS:
        assert action().name() in DOMAIN["actions"]
    source = "\n".join(Path(path).read_text() for path in (chat.__file__, scan_actions.__file__))
    for name in set(re.findall(r'"(utter_[a-z_]+)"', source)):
        assert name in DOMAIN["responses"], name
    assert {"scan_stap", "scan_sessie", "scan_chat", "scan_uitslag",
            "scan_samenvatting"} <= set(DOMAIN["slots"])
    assert DOMAIN["forms"]["scan_form"]["required_slots"] == ["scan_stap"]


def test_scan_texts_use_je_not_u():
    for name, variants in DOMAIN["responses"].items():
        if name.startswith(("utter_scan_", "utter_ask_scan_")):
            for variant in variants:
                assert not re.search(r"\b(u|uw|U|Uw)\b", variant["text"]), name


def test_start_introduces_the_scan():
    messages, events = run_action(ActionScanStart(), make_tracker())
    assert responses(messages) == ["utter_scan_intro"]
    assert slots_of(events)["requested_slot"] is None
    assert slots_of(events)["scan_chat"]["urgentie"] is None


def test_start_with_an_urgent_theme_in_the_message():
    tracker = make_tracker(text="ik wil de bedrijfsscan doen, vooral geld is een probleem",
                           intent="start_scan")
    messages, events = run_action(ActionScanStart(), tracker)
    assert responses(messages) == ["utter_scan_intro", "utter_scan_begin_met"]
    assert slots_of(events)["scan_chat"]["urgentie"] == "financien"


def test_an_unclear_answer_is_checked_with_buttons():
    messages, events = validate(quick_state(), "we weten wel wat, maar niet alles")
    assert messages == []
    chat_slot = slots_of(events)["scan_chat"]
    assert chat_slot["bevestig"] == ["fin_inzicht", "deels"]
    asked, _ = run_action(ActionAskScanStap(), make_tracker(
        {"scan_sessie": slots_of(events)["scan_sessie"], "scan_chat": chat_slot}))
    assert responses(asked) == ["utter_scan_tekst"]
    assert asked[0]["tekst"] == "Bedoel je: Een beetje?"
    assert [b["title"] for b in asked[0]["buttons"]][:2] == ["Ja, dat klopt", "Nee, iets anders"]


def test_start_during_the_intake_pauses_the_intake():
    tracker = make_tracker(active_loop="intake_form")
    messages, events = run_action(ActionScanStart(), tracker)
    assert responses(messages)[0] == "utter_scan_intake_gepauzeerd"
    assert ("active_loop", None) in steps(events)


def test_start_again_resumes():
    messages, _ = run_action(ActionScanStart(), make_tracker(quick_state()))
    assert responses(messages) == ["utter_scan_welkom_terug"]


def test_an_answer_moves_on_and_asks_the_next_step():
    messages, events = validate(quick_state(), "ja")
    assert messages == []
    values = slots_of(events)
    assert values["scan_sessie"]["antwoorden"] == {"fin_inzicht": "ja"}
    assert values["requested_slot"] == "scan_stap"


def test_a_question_in_between_is_rejected_for_the_rules():
    assert validate(quick_state(), "ik wil iemand spreken", "request_adviser", 0.97) == ([], [])


def test_back_after_a_question_in_between_nothing_is_interpreted_again():
    messages, events = validate(quick_state(), "ik wil iemand spreken", "request_adviser", 0.97,
                                latest_action="utter_bot_challenge")
    assert messages == []
    assert slots_of(events)["requested_slot"] == "scan_stap"


def test_stop_ends_the_form():
    messages, events = validate(quick_state(), "/stop", "stop", 1.0)
    assert responses(messages) == ["utter_scan_gestopt"]
    assert slots_of(events)["requested_slot"] is None


def test_the_last_answer_shows_the_result_and_sets_the_summary():
    definition = load_definition()
    state = chat.ChatState(urgentie="geen", modus="kort",
                           sessie=filled(definition, {}, modus="kort"))
    last = state.sessie.volgorde[-1]
    question = definition.theme(last).kernvraag
    answers = {k: v for k, v in state.sessie.antwoorden.items() if k != question.id}
    sessie, chat_slot = chat.ChatState(
        urgentie="geen", modus="kort",
        sessie=state.sessie.model_copy(update={"antwoorden": answers})).to_slots()
    messages, events = validate({"scan_sessie": sessie, "scan_chat": chat_slot,
                                 "intake_toestemming": True}, "ja")
    assert responses(messages)[0] == "utter_scan_klaar"
    values = slots_of(events)
    assert values["scan_samenvatting"]["soort"] == "korte scan"
    assert values["requested_slot"] is None  # the intake's consent: nothing to ask


def test_ask_shows_progress_and_buttons():
    messages, events = run_action(ActionAskScanStap(), make_tracker(quick_state()))
    assert responses(messages) == ["utter_scan_thema_intro", "utter_scan_vraag"]
    question = messages[1]
    assert question["voortgang"] == "Vraag 1 van 9 · Financiën"
    assert [b["title"] for b in question["buttons"]] == ["Ja", "Een beetje", "Nee",
                                                          "Weet ik niet"]
    assert slots_of(events)["scan_chat"]["gevraagd"] == "vraag:fin_inzicht"


def test_ask_is_silent_while_paused():
    messages, _ = run_action(ActionAskScanStap(), make_tracker(quick_state(pauze=True)))
    assert messages == []


class FakeOutbox:
    """``response``: the API's answer to this attempt (True: the stored scan); ``later``:
    what the outbox has recorded afterwards (a refusal, or a retry that delivered it)."""

    def __init__(self, response: bool, later: str | None = None) -> None:
        self.response = response
        self.later = later
        self.sent: list[tuple[str, dict, str]] = []

    async def send(self, path, payload, key):
        self.sent.append((path, payload, key))
        return Delivery({"id": payload["id"]} if self.response else None)

    def delivered_response(self, key):
        if self.later == "refused":
            return {"detail": "nee"}
        if self.later == "delivered":
            return {"id": self.sent[-1][1]["id"]}
        return None


@pytest.fixture
def outbox(monkeypatch):
    def install(response, later=None):
        fake = FakeOutbox(response, later)
        monkeypatch.setattr(scan_actions, "get_outbox", lambda settings: fake)
        return fake
    return install


def finish(slots: dict, sender: str = "gesprek 1"):
    tracker = make_tracker(slots, sender=sender)
    return run_action(ActionScanAfronden(), tracker)


def test_the_report_link_uses_the_public_address(outbox, monkeypatch):
    outbox(True)
    public = Settings(public_url="https://schakel.example.nl", api_url="http://intern:8081")
    monkeypatch.setattr(scan_actions, "get_settings", lambda: public)
    messages, _ = finish(finished_state(True))
    assert messages[0]["link"].startswith("https://schakel.example.nl/api/v1/scans/")


def test_finishing_with_consent_stores_and_links_the_report(outbox, monkeypatch):
    fake = outbox(True)
    signing = Settings(session_secret=SESSION_SECRET)
    monkeypatch.setattr(scan_actions, "get_settings", lambda: signing)
    messages, events = finish(finished_state(True))
    path, payload, key = fake.sent[0]
    assert path == "/api/v1/scans" and payload["toestemming"] is True
    assert re.fullmatch(r"[0-9a-f]{32}", payload["id"])
    assert payload["conversation_id"] == "gesprek 1"
    link = messages[0]["link"]
    assert messages[0]["response"] == "utter_scan_bewaard"
    key = report_key(SESSION_SECRET, payload["id"])
    assert link.endswith(f"/api/v1/scans/{payload['id']}/rapport?sleutel={key}")
    assert "gesprek" not in link  # the conversation id never travels in a URL
    values = slots_of(events)
    assert values["scan_sessie"] is None and values["scan_chat"] is None
    assert values["scan_uitslag"]["id"] == payload["id"]
    assert values["scan_samenvatting"]["scan_id"] == payload["id"]
    assert steps(events) == [("followup", "action_scan_adviseur_aanbod")]


def test_delivered_by_the_background_retry_meanwhile(outbox):
    outbox(False, later="delivered")
    messages, _ = finish(finished_state(True))
    assert messages[0]["response"] == "utter_scan_bewaard"


def test_when_the_api_is_down_the_link_is_given_anyway(outbox, monkeypatch):
    outbox(False)
    signing = Settings(session_secret=SESSION_SECRET)
    monkeypatch.setattr(scan_actions, "get_settings", lambda: signing)
    messages, events = finish(finished_state(True))
    assert messages[0]["response"] == "utter_scan_bewaard_later"
    assert "/rapport?sleutel=" in messages[0]["link"]
    assert slots_of(events)["scan_uitslag"]["id"]


def test_refused_for_good_says_so(outbox):
    outbox(False, later="refused")
    messages, events = finish(finished_state(True))
    assert messages[0]["response"] == "utter_scan_bewaren_mislukt"
    assert slots_of(events)["scan_uitslag"]["id"] is None


def test_without_consent_nothing_is_sent(outbox):
    fake = outbox(True)
    messages, events = finish(finished_state(False))
    assert fake.sent == []
    assert responses(messages) == ["utter_scan_niet_bewaard"]
    assert slots_of(events)["scan_uitslag"]["resultaat"]["themas"]


def test_after_a_stop_there_is_nothing_to_finish(outbox):
    fake = outbox(True)
    assert finish(quick_state()) == ([], [])
    assert fake.sent == []


def test_the_adviser_offer_is_warmer_when_there_are_worries():
    tracker = make_tracker({"scan_samenvatting": {"adviseur_aanbevolen": True}})
    messages, _ = run_action(ActionScanAdviseurAanbod(), tracker)
    assert responses(messages) == ["utter_scan_adviseur_aanbevolen"]
    messages, _ = run_action(ActionScanAdviseurAanbod(), make_tracker())
    assert responses(messages) == ["utter_scan_adviseur_aanbod"]


def test_pause_steps_aside():
    messages, events = run_action(ActionScanPauzeer(), make_tracker(active_loop="scan_form"))
    assert responses(messages) == ["utter_scan_gepauzeerd"]
    assert ("active_loop", None) in steps(events)


def test_an_old_button_resumes_an_open_scan_or_says_it_is_finished():
    definition = load_definition()
    payload = definition.payload(definition.question("fin_inzicht"), "nee")
    messages, events = run_action(ActionScanKnop(),
                                  make_tracker(quick_state(), text=payload, intent="scan_antwoord"))
    assert responses(messages) == ["utter_scan_welkom_terug"]
    assert slots_of(events)["scan_sessie"]["antwoorden"] == {"fin_inzicht": "nee"}
    assert steps(events) == [("followup", "scan_form")]
    messages, events = run_action(ActionScanKnop(),
                                  make_tracker(text=payload, intent="scan_antwoord"))
    assert responses(messages) == ["utter_scan_knop_oud"]
    messages, _ = run_action(ActionScanKnop(), make_tracker(text="een beetje",
                                                            intent="scan_antwoord"))
    assert responses(messages) == ["utter_fallback"]


def test_the_form_validation_runs_like_the_action_server_does():
    dispatcher = CollectingDispatcher()
    events = [{"event": "user", "text": "weet ik niet"}, {"event": "slot", "name": "x"},
              {"event": "action", "name": "scan_form"}]
    tracker = make_tracker(quick_state(), text="weet ik niet", active_loop="scan_form",
                           events=events)
    found = run_async(ValidateScanForm().run(dispatcher, tracker, DOMAIN))
    assert slots_of(found)["scan_sessie"]["antwoorden"] == {"fin_inzicht": "weet_niet"}


def test_starting_the_form_does_not_read_the_message_as_an_answer():
    events = [{"event": "user", "text": "bedrijfsscan"},
              {"event": "action", "name": "action_scan_start"},
              {"event": "action", "name": "scan_form"}]
    tracker = make_tracker(quick_state(), text="bedrijfsscan", active_loop="scan_form",
                           events=events)
    messages, found = run_action(ValidateScanForm(), tracker)
    assert messages == [] and slots_of(found)["requested_slot"] == "scan_stap"
