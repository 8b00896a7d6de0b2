"""/api/v1/overdrachten: roles, the full lifecycle, idempotent creation, 409s, and the
takeover in the ondernemer's conversation (against an in-memory Rasa)."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from assistant import chat_session
from tests.conftest import action_server
from tests.handoff.fake_rasa import FakeRasa
from tests.handoff.samples import CONVERSATION_ID, overdracht_payload

BASE = "/api/v1/overdrachten"
LISTEN = {"event": "action", "name": "action_listen"}
SESSION_SECRET = "sessie-geheim"
SESSION = {chat_session.TOKEN_HEADER: chat_session.sign(SESSION_SECRET, CONVERSATION_ID)}


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"session_secret": SecretStr(SESSION_SECRET)})


def create(client, key="k1", **overrides):
    return client.post(BASE, json=overdracht_payload(**overrides),
                       headers={"Idempotency-Key": key, **action_server(client)})


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


@pytest.fixture(autouse=True)
def rasa(client) -> FakeRasa:
    """Every test talks to an in-memory Rasa instead of the one in the settings."""
    fake = FakeRasa(token="geheim")
    client.app.state.channel = fake.channel()
    return fake


def test_queue_needs_the_adviseur_role(client, make_token):
    create(client)
    assert problem(client.get(BASE), 401)["title"] == "Niet ingelogd"
    assert problem(client.get(BASE, headers=make_token("frontdesk")), 403)["title"] == (
        "Geen toegang"
    )
    assert client.get(BASE, headers=make_token("adviseur")).status_code == 200
    assert client.get(BASE, headers=make_token("beheerder")).status_code == 200
    for path in ("/1", "/1/claim", "/1/vrijgeven", "/1/berichten", "/1/sluiten"):
        method = client.get if path == "/1" else client.post
        assert method(BASE + path, headers=make_token("frontdesk")).status_code == 403
        assert method(BASE + path).status_code == 401


def test_create_requires_an_idempotency_key(client):
    body = problem(client.post(BASE, json=overdracht_payload(),
                               headers=action_server(client)), 400)
    assert body["title"] == "Ongeldig verzoek"
    assert "Idempotency-Key" in body["detail"]


def test_create_replay_and_conflict(client):
    first = create(client)
    assert first.status_code == 201
    assert first.headers["location"] == f"{BASE}/{first.json()['id']}"
    body = first.json()
    assert set(body) == {"id", "referentie", "status", "verwachting", "aangemaakt_op"}
    assert body["status"] == "nieuw"
    assert body["verwachting"]["code"] in {"live_overname", "contact_binnen_werkdagen"}
    assert body["referentie"] in body["verwachting"]["tekst"]

    replay = create(client)
    assert replay.status_code == 200
    assert replay.json() == body

    conflict = problem(create(client, thema="personeel"), 409)
    assert conflict["detail"] == "Deze Idempotency-Key is al gebruikt voor een andere overdracht."


def test_invalid_input_is_a_dutch_422(client):
    body = problem(create(client, kanaal="fax", reden="zomaar"), 422)
    assert {fout["veld"] for fout in body["fouten"]} >= {"body.kanaal", "body.reden"}


def test_full_lifecycle(client, make_token, rasa):
    anne = make_token("adviseur", naam="Anne de Vries")
    bram = make_token("adviseur", naam="Bram")
    overdracht_id = create(client).json()["id"]
    url = f"{BASE}/{overdracht_id}"
    berichten = f"/api/v1/gesprekken/{CONVERSATION_ID}/berichten"

    queue = client.get(BASE, headers=anne).json()
    assert [item["id"] for item in queue] == [overdracht_id]
    assert client.get(berichten, headers=SESSION).json() == {
        "open": True, "overgenomen": False, "adviseur": None, "berichten": []}

    claimed = client.post(f"{url}/claim", headers=anne)
    assert claimed.status_code == 200
    assert claimed.json()["geclaimd_door"]["naam"] == "Anne de Vries"
    assert rasa.sent() == [("tracker/events", [{"event": "pause"}])]
    assert problem(client.post(f"{url}/claim", headers=bram), 409)["detail"] == (
        "Deze overdracht is al geclaimd door een andere adviseur."
    )

    reply = client.post(f"{url}/berichten", headers=anne, json={"tekst": "Hoi, ik ben Anne."})
    assert reply.status_code == 201
    assert reply.json()["van"] == "adviseur" and reply.json()["afgeleverd"] is True
    problem(client.post(f"{url}/berichten", headers=bram, json={"tekst": "Ik ook"}), 409)
    rasa.user_says(CONVERSATION_ID, "Top, dank je")
    polled = client.get(berichten, headers=SESSION).json()
    assert (polled["overgenomen"], polled["adviseur"]) == (True, "Anne")
    assert [b["tekst"] for b in polled["berichten"]] == ["Hoi, ik ben Anne."]
    later = client.get(f"{berichten}?na={polled['berichten'][0]['id']}", headers=SESSION)
    assert later.json()["berichten"] == []

    released = client.post(f"{url}/vrijgeven", headers=anne)
    assert released.json()["status"] == "vrijgegeven"
    assert [b["tekst"] for b in released.json()["berichten"] if b["van"] == "ondernemer"] == [
        "Top, dank je"]
    assert rasa.sent()[-3:] == [("tracker/events", [{"event": "resume"}]),
                                ("execute", {"name": "utter_overdracht_vrijgegeven"}),
                                ("tracker/events", [LISTEN])]
    assert client.get(berichten, headers=SESSION).json()["overgenomen"] is False
    rasa.user_says(CONVERSATION_ID, "Schakel antwoordt weer")  # not for the thread

    assert client.post(f"{url}/claim", headers=bram).json()["geclaimd_door"]["naam"] == "Bram"
    closed = client.post(f"{url}/sluiten", headers=bram, json={
        "uitkomst": "doorverwezen", "doorverwezen_naar": "Ondernemersklankbord",
        "notitie": "Gesprek ingepland."})
    assert closed.status_code == 200
    assert rasa.sent()[-3:] == [
        ("tracker/events", [{"event": "resume"},
                            {"event": "slot", "name": "overdracht_referentie", "value": None},
                            {"event": "slot", "name": "thema", "value": "financiering"}]),
        ("execute", {"name": "utter_overdracht_gesloten"}),
        ("tracker/events", [LISTEN])]
    detail = client.get(url, headers=anne).json()
    assert detail["status"] == "gesloten"
    assert (detail["uitkomst"], detail["doorverwezen_naar"]) == (
        "doorverwezen", "Ondernemersklankbord")
    assert detail["eerste_reactie_op"] is not None and detail["gesloten_op"] is not None
    assert detail["intake"]["contactnaam"] == "Jan Jansen"
    assert detail["scan"]["richting"] == "vernieuwen"
    assert len(detail["transcript"]) == 3
    assert [(b["van"], b["tekst"]) for b in detail["berichten"]][1:3] == [
        ("adviseur", "Hoi, ik ben Anne."), ("ondernemer", "Top, dank je")]
    assert [b["van"] for b in detail["berichten"]] == [
        "systeem", "adviseur", "ondernemer", "systeem", "systeem", "systeem"]
    assert client.get(berichten, headers=SESSION).json()["open"] is False

    assert problem(client.post(f"{url}/claim", headers=anne), 409)["detail"] == (
        "Deze overdracht is al gesloten.")
    assert client.get(BASE, headers=anne).json() == []
    assert [i["id"] for i in client.get(f"{BASE}?status=gesloten", headers=anne).json()] == [
        overdracht_id]


def test_the_thread_follows_the_conversation_while_taken_over(client, make_token, rasa):
    auth = make_token("adviseur")
    url = f"{BASE}/{create(client).json()['id']}"
    rasa.user_says(CONVERSATION_ID, "Voor de overname: de bot antwoordt nog")
    client.post(f"{url}/claim", headers=auth)
    rasa.user_says(CONVERSATION_ID, "Hallo? Is daar iemand?")
    rasa.user_says(CONVERSATION_ID, "Ik heb een vraag over mijn lening")

    def ondernemer_lines():
        detail = client.get(url, headers=auth).json()
        return [b["tekst"] for b in detail["berichten"] if b["van"] == "ondernemer"]

    expected = ["Hallo? Is daar iemand?", "Ik heb een vraag over mijn lening"]
    assert ondernemer_lines() == expected
    assert ondernemer_lines() == expected  # each message once, however often it is read
    assert [call[:3] for call in rasa.calls if call[0] == "GET"][0] == (
        "GET", "tracker", {"include_events": "ALL"})


def test_closing_an_unclaimed_overdracht_tells_the_ondernemer_nothing(client, make_token, rasa):
    overdracht_id = create(client).json()["id"]
    client.post(f"{BASE}/{overdracht_id}/sluiten", headers=make_token("adviseur"),
                json={"uitkomst": "geen_contact"})
    assert rasa.sent() == [("tracker/events", [
        {"event": "resume"}, {"event": "slot", "name": "overdracht_referentie", "value": None},
        {"event": "slot", "name": "thema", "value": "financiering"}, LISTEN])]


def test_rest_conversations_are_not_pushed_but_polled(client, make_token, rasa):
    auth = make_token("adviseur", naam="Anne")
    overdracht_id = create(client, kanaal="rest").json()["id"]
    client.post(f"{BASE}/{overdracht_id}/claim", headers=auth)
    reply = client.post(f"{BASE}/{overdracht_id}/berichten", headers=auth,
                        json={"tekst": "Ik bel je zo."})
    assert reply.json()["afgeleverd"] is False  # in the conversation, not pushed
    assert rasa.sent()[-1] == ("tracker/events", [
        {"event": "bot", "text": "Anne: Ik bel je zo.", "metadata": {"van": "adviseur"}}])
    url = f"/api/v1/gesprekken/{CONVERSATION_ID}/berichten"
    polled = client.get(url, headers=SESSION).json()
    assert [b["tekst"] for b in polled["berichten"]] == ["Ik bel je zo."]
    thread = client.get(f"{BASE}/{overdracht_id}", headers=auth).json()["berichten"]
    assert thread[-1]["afgeleverd"] is False  # reading changes nothing
    last = polled["berichten"][-1]["id"]
    assert client.post(f"{url}/ontvangen", json={"tot": last}).status_code == 404
    assert client.post(f"{url}/ontvangen", headers=SESSION, json={"tot": last}).status_code == 204
    thread = client.get(f"{BASE}/{overdracht_id}", headers=auth).json()["berichten"]
    assert thread[-1]["afgeleverd"] is True  # the chat page said it showed it


def test_a_rasa_that_is_down_does_not_fail_the_adviser(client, make_token, rasa, caplog):
    rasa.fail = True
    auth = make_token("adviseur")
    overdracht_id = create(client).json()["id"]
    with caplog.at_level(logging.WARNING):
        assert client.post(f"{BASE}/{overdracht_id}/claim", headers=auth).status_code == 200
        reply = client.post(f"{BASE}/{overdracht_id}/berichten", headers=auth,
                            json={"tekst": "Hallo Jan"})
        assert client.get(f"{BASE}/{overdracht_id}", headers=auth).status_code == 200
        assert client.post(f"{BASE}/{overdracht_id}/vrijgeven", headers=auth).status_code == 200
    assert reply.status_code == 201 and reply.json()["afgeleverd"] is False
    assert "ConnectError" in caplog.text
    assert "Hallo Jan" not in caplog.text and CONVERSATION_ID not in caplog.text


def test_queue_filters(client, make_token):
    auth = make_token("adviseur")
    create(client, key="a", thema="personeel", regio="utrecht")
    create(client, key="b", reden="gevoelig")
    create(client, key="c", urgentie="laag")

    def referenties(query):
        return len(client.get(f"{BASE}?{query}", headers=auth).json())

    assert referenties("thema=personeel") == 1
    assert referenties("regio=flevoland") == 2
    assert referenties("urgentie=hoog") == 1
    assert referenties("status=nieuw&urgentie=laag") == 1
    assert problem(client.get(f"{BASE}?urgentie=heel-erg", headers=auth), 422)


def test_unknown_overdracht_is_404(client, make_token):
    auth = make_token("adviseur")
    assert problem(client.get(f"{BASE}/999", headers=auth), 404)["detail"] == (
        "Deze overdracht bestaat niet.")
    problem(client.post(f"{BASE}/999/claim", headers=auth), 404)
    problem(client.post(f"{BASE}/999/vrijgeven", headers=auth), 404)
    guessed = {chat_session.TOKEN_HEADER: chat_session.sign(SESSION_SECRET, "raden")}
    problem(client.get("/api/v1/gesprekken/raden/berichten"), 404)  # no token
    assert client.get("/api/v1/gesprekken/raden/berichten", headers=guessed).json() == {
        "open": False, "overgenomen": False, "adviseur": None, "berichten": []}


def test_empty_messages_and_unknown_outcomes_are_refused(client, make_token):
    auth = make_token("adviseur")
    overdracht_id = create(client).json()["id"]
    client.post(f"{BASE}/{overdracht_id}/claim", headers=auth)
    problem(client.post(f"{BASE}/{overdracht_id}/berichten", headers=auth,
                        json={"tekst": "   "}), 422)
    problem(client.post(f"{BASE}/{overdracht_id}/sluiten", headers=auth,
                        json={"uitkomst": "weet niet"}), 422)


def test_openapi_documents_the_resource(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/overdrachten", "/api/v1/overdrachten/{overdracht_id}/claim",
            "/api/v1/gesprekken/{conversation_id}/berichten"} <= set(paths)
    assert "/adviseur" not in paths
