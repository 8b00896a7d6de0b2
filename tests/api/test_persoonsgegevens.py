"""AVG: export and erasure by a beheerder, and the ondernemer's own erasure from the chat."""

from __future__ import annotations

from sqlalchemy import func, select

from assistant import db
from assistant.handoff.models import Overdracht
from assistant.intake.models import Intake
from assistant.privacy.models import Wisverzoek
from assistant.scan.models import Scan
from tests.api.test_intakes import payload
from tests.conftest import action_server, service_credential
from tests.handoff.samples import overdracht_payload

CONVERSATION = "whatsapp:+31687654321"
URL = "/api/v1/persoonsgegevens"


def seed(client, settings, conversation: str = CONVERSATION) -> str:
    """An intake, an overdracht that points at it, and a scan: one ondernemer."""
    intake = client.post("/api/v1/intakes", json=payload(conversation_id=conversation),
                         headers={"Idempotency-Key": f"i-{conversation}",
                                  **action_server(client)}).json()
    created = client.post("/api/v1/overdrachten",
                          json=overdracht_payload(conversation_id=conversation,
                                                  intake_referentie=intake["referentie"]),
                          headers={"Idempotency-Key": f"o-{conversation}", **action_server(client)})
    assert created.status_code == 201, created.text
    with db.session_scope(settings.database_url) as session:
        session.add(Scan(conversation_id=conversation, definitie_versie="t", modus="snel",
                         sessie={}, resultaat={}, toestemming_versie="t"))
    return intake["referentie"]


def count(settings, model) -> int:
    with db.session_scope(settings.database_url) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_export_needs_a_beheerder(client, make_token):
    assert client.get(URL, params={"gesprek": "x"}).status_code == 401
    assert client.get(URL, params={"gesprek": "x"},
                      headers=make_token("adviseur")).status_code == 403


def test_export_by_referentie_returns_everything(client, settings, make_token):
    referentie = seed(client, settings)
    seed(client, settings, conversation="iemand-anders")
    body = client.get(URL, params={"referentie": referentie},
                      headers=make_token("beheerder")).json()
    assert [i["referentie"] for i in body["intakes"]] == [referentie]
    assert len(body["overdrachten"]) == 1 and body["overdrachten"][0]["transcript"]
    assert len(body["scans"]) == 1  # found through the intake's conversation
    assert "idempotency_key" not in body["intakes"][0]
    # Each record shows when the ondernemer consented, and to which text.
    overdracht = body["overdrachten"][0]
    assert overdracht["toestemming_op"].startswith("2026-04-28T08:00:20")  # stored in UTC
    assert overdracht["toestemming_tekstversie"] == "2026-11-v1"
    assert body["intakes"][0]["toestemming_op"] and body["intakes"][0]["toestemming_tekstversie"]


def test_export_of_nothing_is_a_dutch_404(client, make_token):
    response = client.get(URL, params={"gesprek": "onbekend"}, headers=make_token("beheerder"))
    assert response.status_code == 404
    assert response.json()["title"] == "Niet gevonden"
    assert client.get(URL, headers=make_token("beheerder")).status_code == 400


def test_beheerder_erases_by_referentie(client, settings, make_token):
    referentie = seed(client, settings)
    seed(client, settings, conversation="iemand-anders")
    response = client.delete(URL, params={"referentie": referentie},
                             headers=make_token("beheerder"))
    assert response.status_code == 200
    assert response.json()["verwijderd"] == {"intakes": 1, "overdrachten": 1, "berichten": 0,
                                             "scans": 1}
    assert (count(settings, Intake), count(settings, Overdracht), count(settings, Scan)) == (
        1, 1, 1)  # the other ondernemer's data stays
    with db.session_scope(settings.database_url) as session:
        log = session.scalars(select(Wisverzoek)).one()
        assert log.door.startswith("beheerder:") and log.conversation_id == CONVERSATION


def test_the_ondernemer_erases_from_the_chat(client, settings):
    seed(client, settings)
    url = f"/api/v1/gesprekken/{CONVERSATION}/verwijderverzoeken"
    first = client.post(url, headers={"Idempotency-Key": "w1", **service_credential(settings)})
    assert first.status_code == 201
    assert first.json()["verwijderd"]["intakes"] == 1
    assert (count(settings, Intake), count(settings, Overdracht), count(settings, Scan)) == (
        0, 0, 0)
    again = client.post(url, headers={"Idempotency-Key": "w1", **service_credential(settings)})
    assert again.status_code == 201 and set(again.json()["verwijderd"].values()) == {0}
