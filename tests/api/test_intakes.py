"""POST/GET /api/v1/intakes and the action server's client against a real server."""

from __future__ import annotations

from sqlalchemy import func, select

from assistant import db
from assistant.intake.models import Intake
from assistant.staff_tokens import StaffToken, hash_token
from tests.conftest import action_server

URL = "/api/v1/intakes"
CONSENT_REFUSED = "Zonder toestemming slaan we geen persoonsgegevens op."


def payload(**changes):
    body = {
        "contactpersoon": "Sanne",
        "bedrijfsnaam": "Bakkerij De Korenbloem",
        "kvk_nummer": "12345678",
        "sector": "bakkerij",
        "medewerkers": 6,
        "gemeente": "Almere",
        "hulpvraag": "Ik zoek financiering voor een nieuwe oven",
        "contactvoorkeur": "email",
        "email": "sanne@korenbloem.nl",
        "kanaal": "socketio",
        "conversation_id": "gesprek-1",
        "toestemming": True,
        "toestemming_tekstversie": "2025-01",
    }
    return {**body, **changes}


def post(client, body, key="sleutel-1"):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(URL, json=body, headers={**headers, **action_server(client)})


def count_intakes(settings) -> int:
    with db.session_scope(settings.database_url) as session:
        return session.scalar(select(func.count()).select_from(Intake))


def test_create_and_read_back(client, make_token):
    created = post(client, payload())
    assert created.status_code == 201
    body = created.json()
    assert body["referentie"].startswith("SCH-")
    assert created.headers["location"] == f"{URL}/{body['referentie']}"
    assert body["gemeente"] == "Almere" and body["provincie"] == "flevoland"
    assert body["sector"] == "industrie" and body["thema"] == "financiering"
    assert body["grootteklasse"] == "micro"
    assert body["created_at"].endswith(("+00:00", "Z"))

    for rol in ("adviseur", "frontdesk", "beheerder"):
        found = client.get(f"{URL}/{body['referentie']}", headers=make_token(rol))
        assert found.status_code == 200
        assert found.json() == body
    loose = body["referentie"].lower().replace("-", " ")
    assert client.get(f"{URL}/{loose}", headers=make_token("adviseur")).status_code == 200


def test_consent_refused(client, settings):
    response = post(client, payload(toestemming=False))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == CONSENT_REFUSED
    assert response.json()["title"] == "Gegevens niet geldig"
    missing = client.post(URL, json={k: v for k, v in payload().items() if k != "toestemming"},
                          headers={"Idempotency-Key": "k2", **action_server(client)})
    assert missing.json()["detail"] == CONSENT_REFUSED
    assert count_intakes(settings) == 0


def test_validation_errors_are_dutch_per_field(client, settings):
    response = post(client, payload(kvk_nummer="1234567", email="sanne@", gemeente="Xyzzy",
                                    contactpersoon=""))
    assert response.status_code == 422
    problem = response.json()
    assert problem["title"] == "Gegevens niet geldig"
    assert problem["detail"] == "Een of meer velden kloppen niet."
    by_field = {f["veld"]: f for f in problem["fouten"]}
    assert set(by_field) == {"kvk_nummer", "email", "gemeente", "contactpersoon"}
    assert "Ik zie er 7" in by_field["kvk_nummer"]["melding"]
    assert by_field["contactpersoon"]["melding"] == "Dit veld is verplicht."
    assert by_field["email"]["code"] == "email_domein"
    assert count_intakes(settings) == 0


def test_unknown_fields_are_refused(client):
    assert post(client, payload(provincie="limburg")).status_code == 422


def test_idempotency_key_is_required(client):
    response = post(client, payload(), key=None)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["detail"]
    assert post(client, payload(), key="x" * 201).status_code == 400


def test_same_key_twice_stores_once(client, settings):
    first = post(client, payload(), key="dubbel")
    second = post(client, payload(), key="dubbel")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["referentie"] == second.json()["referentie"]
    assert count_intakes(settings) == 1
    third = post(client, payload(), key="ander")
    assert third.status_code == 201 and third.json()["referentie"] != first.json()["referentie"]


def test_same_key_other_body_is_a_conflict(client, settings):
    assert post(client, payload(), key="k").status_code == 201
    conflict = post(client, payload(medewerkers=8), key="k")
    assert conflict.status_code == 409
    assert conflict.json()["title"] == "Botst met bestaande gegevens"
    assert "Idempotency-Key" in conflict.json()["detail"]
    assert count_intakes(settings) == 1


def test_get_requires_a_staff_token(client, settings, make_token):
    referentie = post(client, payload()).json()["referentie"]
    anonymous = client.get(f"{URL}/{referentie}")
    assert anonymous.status_code == 401
    assert anonymous.json()["title"] == "Niet ingelogd"
    # Every existing role may read intakes; a token with another role may not.
    plain = "sch_test-token-met-andere-rol"
    with db.session_scope(settings.database_url) as session:
        session.add(StaffToken(naam="Regio", rol="regiocoordinator", token_hash=hash_token(plain)))
    wrong_role = client.get(f"{URL}/{referentie}", headers={"Authorization": f"Bearer {plain}"})
    assert wrong_role.status_code == 403
    assert client.get(f"{URL}/{referentie}", headers=make_token("adviseur")).status_code == 200


def test_unknown_referentie_is_404(client, make_token):
    for ref in ("SCH-2222-2222", "onzin"):
        response = client.get(f"{URL}/{ref}", headers=make_token("frontdesk"))
        assert response.status_code == 404
        assert response.json()["detail"] == "Er is geen intake met dit dossiernummer."


def test_openapi_documents_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"post"} <= set(paths[URL]) and {"get"} <= set(paths[URL + "/{referentie}"])
