"""The hand-off actions against the real domain and a real API (through the outbox)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from actions import overdracht
from actions.overdracht import (
    ActionGevoeligeSituatie,
    ActionOverdrachtStart,
)
from actions.understand import ActionUnderstand
from assistant import db
from assistant.handoff.models import Overdracht
from assistant.outbox import Outbox, idempotency_key
from scripts.services import free_port
from tests.actions.helpers import make_tracker, run_action
from tests.api.test_intakes import payload as intake_payload
from tests.conftest import service_credential
from tests.handoff.events import miss, turn, user
from tests.handoff.samples import overdracht_payload

CONSENT = "utter_ask_overdracht_toestemming"
OPTIONS = [{"title": "Een adviseur spreken", "payload": "/request_adviser"}]
INTAKE_SLOTS = {"intake_toestemming": True, "contactpersoon": "Sanne",
                "hulpvraag": "Hulp bij een lening", "thema": "financiering",
                "provincie": "flevoland", "contactvoorkeur": "email",
                "email": "sanne@example.nl", "intake_referentie": "SCH-AB12-CD34",
                "toestemming_op": "2026-11-30T09:15:00+00:00"}


@pytest.fixture
def api(settings, live_api, monkeypatch):
    """The actions send to a real API; their outbox lives in the test's folder."""
    test_settings = settings.model_copy(update={"api_url": live_api})
    monkeypatch.setattr(overdracht, "get_settings", lambda: test_settings)
    return test_settings


def stored(settings) -> list[Overdracht]:
    with db.session_scope(settings.database_url) as session:
        rows = session.query(Overdracht).order_by(Overdracht.id).all()
        session.expunge_all()
        return rows


def request_events(text="ik wil iemand spreken") -> list[dict]:
    return [*turn("hoi", "greet", "Hoi!", "utter_greet", buttons=OPTIONS),
            user(text, "request_adviser")]


def responses(messages) -> list[str | None]:
    return [m.get("response") for m in messages]


def test_without_consent_it_asks_first(api):
    tracker = make_tracker(events=request_events(), intent="request_adviser")
    messages, events = run_action(ActionOverdrachtStart(), tracker)
    assert responses(messages) == [CONSENT]
    assert messages[0]["bewaartermijn"] == 12
    assert events == [] and stored(api) == []


def test_with_the_intakes_consent_it_hands_over_at_once(api):
    intake = httpx.post(f"{api.api_url}/api/v1/intakes",
                        json=intake_payload(conversation_id="gesprek-1"),
                        headers={"Idempotency-Key": "intake", **service_credential(api)})
    referentie = intake.json()["referentie"]  # the intake of this same conversation
    tracker = make_tracker({**INTAKE_SLOTS, "intake_referentie": referentie},
                           events=request_events(), intent="request_adviser",
                           sender="gesprek-1")
    messages, events = run_action(ActionOverdrachtStart(), tracker)
    [row] = stored(api)
    assert responses(messages) == ["utter_overdracht_gemaakt", None]
    assert row.referentie in messages[0]["verwachting"]
    assert messages[1]["custom"] == {"overdracht": row.referentie}  # the REST page polls
    assert events == [{"event": "slot", "timestamp": None, "name": "overdracht_referentie",
                       "value": row.referentie}]
    assert (row.kanaal, row.conversation_id, row.reden, row.urgentie) == (
        "rest", "gesprek-1", "verzoek", "normaal")
    assert (row.thema, row.regio, row.contactvoorkeur, row.intake_referentie) == (
        "financiering", "flevoland", "email", referentie)
    assert row.toestemming_op == datetime.fromisoformat(INTAKE_SLOTS["toestemming_op"])
    assert row.intake["contactpersoon"] == "Sanne" and "kvk_nummer" not in row.intake
    assert [(line["van"], line["tekst"]) for line in row.transcript] == [
        ("ondernemer", "hoi"), ("bot", "Hoi!"), ("ondernemer", "ik wil iemand spreken")]


def test_yes_to_the_consent_question_hands_over_once(api):
    events = [*turn("mens aub", "request_adviser", "Is dat goed?", CONSENT,
                    "action_overdracht_start"), user("ja", "affirm")]
    tracker = make_tracker(events=events, text="ja", intent="affirm", sender="gesprek-2")
    messages, slot_events = run_action(ActionUnderstand(), tracker)
    again, _ = run_action(ActionUnderstand(), tracker)  # a retried action
    [row] = stored(api)
    assert responses(messages)[0] == "utter_overdracht_gemaakt"
    assert again[0]["verwachting"] == messages[0]["verwachting"]
    assert slot_events[0]["name"] == "overdracht_toestemming" and slot_events[0]["value"]
    # The consent is kept with the time of the "ja" and the version of the text.
    said_yes = datetime.fromtimestamp(events[-1]["timestamp"], UTC)
    assert slot_events[1] == {"event": "slot", "timestamp": None, "name": "toestemming_op",
                              "value": said_yes.isoformat()}
    assert (row.toestemming_op, row.toestemming_tekstversie) == (
        said_yes, api.consent_text_version)
    assert row.intake is None  # no intake consent: nothing of it is sent
    assert row.transcript[-1]["tekst"] == "mens aub"  # up to the request, not the "ja"


def test_no_to_the_consent_question_sends_nothing(api):
    events = [*turn("mens aub", "request_adviser", "Is dat goed?", CONSENT,
                    "action_overdracht_start"), user("nee", "deny")]
    messages, slot_events = run_action(ActionUnderstand(),
                                       make_tracker(events=events, text="nee", intent="deny"))
    assert responses(messages) == ["utter_overdracht_geen_toestemming"]
    assert slot_events[0]["value"] is False and stored(api) == []


def test_a_yes_without_a_question_is_just_a_yes(api):
    events = [*turn("mens", "request_adviser", "Al doorgegeven", "utter_overdracht_al_aangevraagd",
                    "action_overdracht_start"), user("ja", "affirm")]
    messages, _ = run_action(ActionUnderstand(),
                             make_tracker(events=events, text="ja", intent="affirm"))
    assert responses(messages) == ["utter_anything_else"] and stored(api) == []


def test_an_open_overdracht_is_not_asked_for_twice(api):
    tracker = make_tracker({"overdracht_referentie": "OVD-AAAA-BBBB"}, events=request_events())
    messages, events = run_action(ActionOverdrachtStart(), tracker)
    assert responses(messages) == ["utter_overdracht_al_aangevraagd"]
    assert messages[0]["referentie"] == "OVD-AAAA-BBBB"
    assert events == [] and stored(api) == []


def test_a_sensitive_situation_hands_over_with_high_urgency(api):
    events = [*turn("ik ga failliet", "sensitive_situation", "Wat vervelend.", "utter_gevoelig",
                    "action_gevoelige_situatie"), user("/request_adviser", "request_adviser")]
    tracker = make_tracker({"overdracht_toestemming": True}, events=events,
                           intent="request_adviser")
    run_action(ActionOverdrachtStart(), tracker)
    [row] = stored(api)
    assert (row.reden, row.urgentie, row.thema) == ("gevoelig", "hoog", "stoppen_crisis")


def test_after_misunderstanding_the_reden_is_onbegrip(api):
    events = [*miss("qwerty"), user("asdf", "nlu_fallback"),
              *turn("x", "nlu_fallback", "Zal ik je doorzetten?",
                    "utter_overdracht_aanbod_onbegrip", "action_fallback")[1:],
              user("ja", "affirm")]
    run_action(ActionOverdrachtStart(),
               make_tracker({"intake_toestemming": True}, events=events, intent="affirm"))
    assert stored(api)[0].reden == "onbegrip"


def test_api_down_the_request_is_kept_and_said_honestly(settings, monkeypatch):
    down = settings.model_copy(update={"api_url": f"http://127.0.0.1:{free_port()}",
                                       "http_timeout": 1})
    monkeypatch.setattr(overdracht, "get_settings", lambda: down)
    tracker = make_tracker({"intake_toestemming": True}, events=request_events())
    messages, events = run_action(ActionOverdrachtStart(), tracker)
    assert responses(messages) == ["utter_overdracht_bewaard"] and events == []
    kept = Outbox(down.data_dir / "outbox.db", down.api_url)
    assert kept.undelivered() == 1  # retried in the background until accepted


def test_a_refused_request_is_not_promised(api):
    events = request_events()
    key = idempotency_key("overdracht", "gesprek-3", events[-1]["message_id"])
    httpx.post(f"{api.api_url}/api/v1/overdrachten", json=overdracht_payload(),
               headers={"Idempotency-Key": key, **service_credential(api)})  # key taken
    tracker = make_tracker({"intake_toestemming": True}, events=events, sender="gesprek-3")
    messages, _ = run_action(ActionOverdrachtStart(), tracker)
    assert responses(messages) == ["utter_overdracht_mislukt"]


@pytest.mark.parametrize("text, with_113", [
    ("ik heb schulden en zie het niet meer zitten", True),
    ("mijn bedrijf gaat failliet", False),
])
def test_sensitive_situation_answers_with_care_and_help(text, with_113):
    messages, events = run_action(ActionGevoeligeSituatie(), make_tracker(text=text))
    expected = ["utter_gevoelig", "utter_gevoelig_hulp", "utter_gevoelig_aanbod"]
    if with_113:
        expected.insert(1, "utter_gevoelig_113")
    assert responses(messages) == expected and events == []
