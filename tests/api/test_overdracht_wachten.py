"""/api/v1/wachtberichten and /api/v1/beschikbaarheid, and the watch that tells the
ondernemer about a time-out (against an in-memory Rasa at the HTTP boundary)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from api.handoff_watch import my_turn, run_once
from assistant import chat_session, db
from assistant.handoff.config import HandoffSettings
from tests.conftest import SESSION_SECRET, action_server
from tests.handoff.fake_rasa import FakeRasa
from tests.handoff.samples import CONVERSATION_ID, EMAIL, KVK, NAAM, overdracht_payload

BASE = "/api/v1/overdrachten"


@pytest.fixture(autouse=True)
def rasa(client) -> FakeRasa:
    fake = FakeRasa()
    client.app.state.channel = fake.channel()
    return fake


def create(client, **overrides):
    response = client.post(BASE, json=overdracht_payload(**overrides),
                           headers={"Idempotency-Key": "k1", **action_server(client)})
    assert response.status_code == 201, response.text
    return response.json()


def test_messages_while_waiting_reach_the_adviser(client, make_token):
    made = create(client)
    body = {"conversation_id": CONVERSATION_ID, "tekst": "Ik heb ook een vraag over btw",
            "tijd": datetime.now(UTC).isoformat()}
    answer = client.post("/api/v1/wachtberichten", json=body, headers=action_server(client)).json()
    assert answer["opgeslagen"] and answer["referentie"] == made["referentie"]
    assert answer["antwoord"].startswith("Je bericht staat bij je vraag voor de adviseur.")
    replay = client.post("/api/v1/wachtberichten", json=body, headers=action_server(client))
    assert replay.json()["opgeslagen"]
    detail = client.get(f"{BASE}/{made['id']}", headers=make_token("adviseur")).json()
    assert [b["tekst"] for b in detail["berichten"] if b["van"] == "ondernemer"] == [
        "Ik heb ook een vraag over btw"]
    other = {**body, "conversation_id": "web-onbekend"}
    elsewhere = client.post("/api/v1/wachtberichten", json=other, headers=action_server(client))
    assert elsewhere.json()["opgeslagen"] is False


def test_availability_needs_an_adviser_and_counts(client, make_token):
    anne = make_token("adviseur")
    assert client.put("/api/v1/beschikbaarheid", json={"beschikbaar": True}).status_code == 401
    assert client.put("/api/v1/beschikbaarheid", json={"beschikbaar": True},
                      headers=anne).json() == {"beschikbaar_aantal": 1}
    assert client.get("/api/v1/beschikbaarheid", headers=anne).json() == {
        "beschikbaar_aantal": 1}
    assert client.put("/api/v1/beschikbaarheid", json={"beschikbaar": False},
                      headers=anne).json() == {"beschikbaar_aantal": 0}


def test_the_watch_tells_the_ondernemer_and_resumes_the_bot(client, make_token, settings,
                                                           rasa):
    made = create(client)
    anne = make_token("adviseur", naam="Anne de Vries")
    client.post(f"{BASE}/{made['id']}/claim", headers=anne)
    config = HandoffSettings(silence_minutes=15)
    channel = client.app.state.channel
    now = datetime.now(UTC)
    assert asyncio.run(run_once(settings.database_url, config, channel, now=now)) == 0
    later = now + timedelta(minutes=16)
    assert asyncio.run(run_once(settings.database_url, config, channel, now=later)) == 1
    events = rasa.events[CONVERSATION_ID]
    assert any(e.get("event") == "resume" for e in events)
    told = [e for e in events if e.get("event") == "bot"][-1]
    assert told["text"].startswith("De adviseur reageert al een tijdje niet.")
    detail = client.get(f"{BASE}/{made['id']}", headers=anne).json()
    assert detail["status"] == "vrijgegeven"
    assert "stuurde 15 minuten geen bericht" in detail["berichten"][-1]["tekst"]


def test_whatsapp_after_24_hours_the_adviser_is_told_to_mail_or_call(client, make_token,
                                                                     rasa):
    conversation = "wa-pseudoniem"
    made = create(client, kanaal="twilio", conversation_id=conversation)
    anne = make_token("adviseur", naam="Anne")
    client.post(f"{BASE}/{made['id']}/claim", headers=anne)
    old = (datetime.now(UTC) - timedelta(hours=25)).timestamp()
    rasa.events[conversation] = [{"event": "user", "text": "hoi", "timestamp": old}]
    refused = client.post(f"{BASE}/{made['id']}/berichten", headers=anne,
                          json={"tekst": "Hoi, ik ben Anne."})
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("application/problem+json")
    detail = refused.json()["detail"]
    assert "meer dan 24 uur geleden" in detail and "e-mail of telefoon" in detail
    assert EMAIL in detail  # the intake's address, to mail instead
    thread = client.get(f"{BASE}/{made['id']}", headers=anne).json()["berichten"]
    assert not [b for b in thread if b["van"] == "adviseur"]  # nothing stored

    rasa.events[conversation] = [{"event": "user", "text": "hoi",
                                  "timestamp": datetime.now(UTC).timestamp()}]
    sent = client.post(f"{BASE}/{made['id']}/berichten", headers=anne,
                       json={"tekst": "Hoi, ik ben Anne."})
    assert sent.status_code == 201 and sent.json()["afgeleverd"] is True


def test_internal_notes_stay_inside_and_canned_replies_come_from_the_file(client,
                                                                         make_token):
    made = create(client)
    anne = make_token("adviseur", naam="Anne")
    assert client.get("/api/v1/antwoordsjablonen").status_code == 401
    replies = client.get("/api/v1/antwoordsjablonen", headers=anne).json()
    assert replies and all(r["titel"] and r["tekst"] for r in replies)
    assert client.post(f"{BASE}/999/notities", headers=anne,
                       json={"tekst": "x"}).status_code == 404
    note = client.post(f"{BASE}/{made['id']}/notities", headers=anne,
                       json={"tekst": "Klant belt liever na vijven."})
    assert note.status_code == 201
    assert (note.json()["van"], note.json()["tekst"]) == ("notitie",
                                                          "Anne: Klant belt liever na vijven.")
    polled = client.get(f"/api/v1/gesprekken/{CONVERSATION_ID}/berichten",
                        headers={chat_session.TOKEN_HEADER: chat_session.sign(
                            SESSION_SECRET, CONVERSATION_ID)}).json()
    assert polled["berichten"] == []  # the ondernemer never sees it


def test_search_finds_earlier_overdrachten_by_number_name_company_or_kvk(client,
                                                                        make_token):
    made = create(client)
    anne = make_token("adviseur")
    client.post(f"{BASE}/{made['id']}/sluiten", headers=anne, json={"uitkomst": "opgelost"})
    assert client.get(BASE, headers=anne).json() == []  # not in the open queue
    for term in (made["referentie"].lower(), NAAM.lower(), "Bakkerij Jansen", KVK):
        found = client.get(BASE, headers=anne, params={"zoek": term}).json()
        assert [row["referentie"] for row in found] == [made["referentie"]], term
    assert client.get(BASE, headers=anne, params={"zoek": "Slagerij"}).json() == []


def test_of_several_replicas_one_sweeps_per_turn(settings):
    """Two API replicas each run the watch: only one of them tells the ondernemer."""
    db.create_schema(settings.database_url)
    now = datetime.now(UTC)
    assert not my_turn(settings.database_url, 30, now)  # planned, one turn on
    later = now + timedelta(seconds=28)
    assert my_turn(settings.database_url, 30, later)  # the first replica to wake
    assert not my_turn(settings.database_url, 30, later)  # the other skips this turn
    assert my_turn(settings.database_url, 30, later + timedelta(seconds=30))
