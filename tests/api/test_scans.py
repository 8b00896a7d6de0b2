"""/api/v1/scans: consent, storing, reading (staff or own conversation), report, vervolgscan."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from assistant import db
from assistant.chat_session import report_key
from assistant.scan.definition import load_definition
from assistant.scan.models import Scan
from tests.api.test_intakes import payload as intake_payload
from tests.conftest import SESSION_SECRET, action_server
from tests.scan.samples import LATER, WORRIED, filled

URL = "/api/v1/scans"


# ``client`` and ``make_token`` (tests/conftest.py) share one throw-away database:
# ``create_app(Settings(data_dir=tmp_path / "var"))``.


@pytest.fixture
def adviseur(make_token) -> dict[str, str]:
    return make_token("adviseur")


def body(answers=WORRIED, **extra) -> dict:
    definition = load_definition()
    return {"toestemming": True, "sessie": filled(definition, answers).to_slot(), **extra}


def send(client, payload: dict):
    """POST a scan as the action server does (with its credential)."""
    return client.post(URL, json=payload, headers=action_server(client))


def post(client, **extra) -> dict:
    response = send(client, body(**extra))
    assert response.status_code == 201, response.text
    return response.json()


def key(scan_id: str) -> str:
    """The report key the chat's link carries (the test settings' secret)."""
    return report_key(SESSION_SECRET, scan_id)


def assert_problem(response, status: int, title: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["title"] == title
    return problem


# ------------------------------------------------------------------------------ POST


@pytest.mark.parametrize("consent", [{}, {"toestemming": False}, {"toestemming": None}])
def test_without_consent_nothing_is_stored(client, consent):
    payload = body(conversation_id="gesprek-1")
    payload.pop("toestemming")
    response = send(client, {**payload, **consent})
    problem = assert_problem(response, 422, "Gegevens niet geldig")
    assert "toestemming" in problem["detail"].lower()


def test_consent_must_be_the_boolean_true(client):
    response = send(client, body(toestemming="ja"))
    assert response.status_code == 422


def test_unfinished_scan_is_refused(client):
    payload = body()
    payload["sessie"]["antwoorden"].pop("fin_buffer")
    problem = assert_problem(send(client, payload), 422, "Gegevens niet geldig")
    assert problem["detail"] == "De scan is nog niet af: er staan nog vragen open."


@pytest.mark.parametrize("payload", [
    {"toestemming": True},
    {"toestemming": True, "sessie": "kapot"},
    {"toestemming": True, "sessie": {"versie": "x", "volgorde": []}, "onbekend": 1},
    {"toestemming": True, "sessie": {"versie": "x", "volgorde": ["a" * 65]}},
])
def test_malformed_bodies_are_dutch_problems(client, payload):
    problem = assert_problem(send(client, payload), 422, "Gegevens niet geldig")
    assert problem["fouten"]


def test_store_a_scan(client, adviseur):
    referentie = own_intake(client, "gesprek-1")
    response = send(client, body(conversation_id="gesprek-1", intake_referentie=referentie))
    assert response.status_code == 201
    created = response.json()
    assert re.fullmatch(r"[0-9a-f]{32}", created["id"])
    assert response.headers["location"] == f"{URL}/{created['id']}"
    assert created["rapport"] == f"{URL}/{created['id']}/rapport"
    assert datetime.fromisoformat(created["aangemaakt_op"]).tzinfo is not None
    assert created["resultaat"]["richting"]["id"] == "hervormen"  # computed by the API
    assert created["vorige_scan"] is None and created["vergelijking"] is None
    stored = client.get(created["rapport"].removesuffix("/rapport"), headers=adviseur).json()
    assert stored["sessie"] == body()["sessie"]
    assert stored["intake_referentie"] == referentie


def test_the_moment_of_consent_is_kept(client, settings):
    given = "2026-11-30T10:15:00+01:00"
    created = post(client, toestemming_op=given)
    with db.session_scope(settings.database_url) as session:
        scan = session.get(Scan, created["id"])
        assert scan.toestemming_op == datetime.fromisoformat(given)
        assert scan.toestemming_versie == settings.consent_text_version
    naive = send(client, body(toestemming_op="2026-11-30T10:15:00"))
    assert naive.status_code == 422  # a moment without a time zone is ambiguous


def test_ids_are_random(client):
    assert post(client)["id"] != post(client)["id"]


def test_the_chat_chooses_the_id_so_the_link_is_known_up_front(client):
    scan_id = "ab" * 16
    first = send(client, body(id=scan_id, conversation_id="gesprek-9"))
    assert first.status_code == 201 and first.json()["id"] == scan_id
    report = client.get(f"{URL}/{scan_id}/rapport", params={"sleutel": key(scan_id)})
    assert report.status_code == 200


def test_a_retry_with_the_same_id_stores_nothing_new(client, adviseur):
    scan_id = "cd" * 16
    first = send(client, body(id=scan_id, conversation_id="gesprek-9")).json()
    again = send(client, body(id=scan_id, conversation_id="gesprek-9"))
    assert again.status_code == 200
    assert again.json()["aangemaakt_op"] == first["aangemaakt_op"]
    later = post(client, answers=LATER, conversation_id="gesprek-9")
    assert later["vorige_scan"] == scan_id  # one earlier scan, not two


def test_a_parallel_retry_that_stored_it_first(client, monkeypatch):
    from api.routes import scans as route

    scan_id = "0f" * 16
    send(client, body(id=scan_id, conversation_id="gesprek-p"))
    real = route.get_scan
    calls = []

    def not_yet(db, wanted):  # as if the other request committed just after our check
        calls.append(wanted)
        return None if len(calls) == 1 else real(db, wanted)

    monkeypatch.setattr(route, "get_scan", not_yet)
    again = send(client, body(id=scan_id, conversation_id="gesprek-p"))
    assert again.status_code == 200 and again.json()["id"] == scan_id


def test_an_id_of_another_scan_is_refused(client):
    scan_id = "ef" * 16
    send(client, body(id=scan_id, conversation_id="gesprek-a"))
    response = send(client, body(id=scan_id, conversation_id="gesprek-b"))
    assert_problem(response, 409, "Botst met bestaande gegevens")


@pytest.mark.parametrize("scan_id", ["kort", "AB" * 16, "g" * 32, "a" * 33])
def test_a_chosen_id_must_be_32_hex_characters(client, scan_id):
    assert send(client, body(id=scan_id)).status_code == 422


def own_intake(client, conversation_id: str) -> str:
    """An intake stored for this conversation; returns its dossiernummer."""
    response = client.post("/api/v1/intakes", json=intake_payload(conversation_id=conversation_id),
                           headers={"Idempotency-Key": conversation_id, **action_server(client)})
    assert response.status_code == 201, response.text
    return response.json()["referentie"]


def test_the_regelingen_come_from_the_knowledge_base(client, adviseur):
    """The API computes the result (tests/security/test_scan_report_script.py)."""
    created = post(client, profiel={"medewerkers": 6, "sector": "bakkerij"})
    regelingen = [r for p in created["resultaat"]["aandachtspunten"] for r in p["regelingen"]]
    assert regelingen and all(r["naam"] for r in regelingen)
    report = client.get(created["rapport"], headers=adviseur)
    assert regelingen[0]["naam"] in report.text


# ------------------------------------------------------------------------------- GET


def test_staff_need_the_adviseur_role(client, make_token):
    scan_id = post(client)["id"]
    for path in (f"{URL}/{scan_id}", f"{URL}/{scan_id}/rapport"):
        assert_problem(client.get(path), 401, "Niet ingelogd")
        assert_problem(client.get(path, headers=make_token("frontdesk")), 403, "Geen toegang")
        assert client.get(path, headers=make_token("adviseur")).status_code == 200
        assert client.get(path, headers=make_token("beheerder")).status_code == 200


def test_the_ondernemer_reads_with_the_key_from_the_chat(client):
    scan_id = post(client, conversation_id="gesprek-xyz")["id"]
    assert client.get(f"{URL}/{scan_id}", params={"sleutel": key(scan_id)}).status_code == 200
    report = client.get(f"{URL}/{scan_id}/rapport", params={"sleutel": key(scan_id)})
    assert report.status_code == 200
    other = post(client, conversation_id="gesprek-xyz")["id"]
    # The conversation id is no key any more; nor is another scan's key.
    for wrong in ("gesprek-xyz", key(other), key(scan_id).upper(), key(scan_id)[:-1], "é"):
        assert_problem(client.get(f"{URL}/{scan_id}", params={"sleutel": wrong}), 404,
                       "Niet gevonden")


def test_a_scan_without_conversation_is_staff_only(client):
    scan_id = post(client, intake_referentie="SCH-2")["id"]
    assert_problem(client.get(f"{URL}/{scan_id}", params={"sleutel": ""}), 404, "Niet gevonden")


def test_unknown_scan(client, adviseur):
    problem = assert_problem(client.get(f"{URL}/{'0' * 32}", headers=adviseur), 404,
                             "Niet gevonden")
    assert "bestaat niet" in problem["detail"]


def test_report_is_html_that_is_not_cached_or_leaked(client, adviseur):
    referentie = own_intake(client, "gesprek-77")
    created = post(client, conversation_id="gesprek-77", intake_referentie=referentie)
    report = client.get(created["rapport"], headers=adviseur)
    assert report.headers["content-type"].startswith("text/html")
    assert report.headers["cache-control"] == "no-store"
    assert report.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in report.headers["content-security-policy"]
    assert "Uitslag van je bedrijfsscan" in report.text
    assert f"Referentie <strong>{referentie}</strong>" in report.text
    assert created["resultaat"]["richting"]["naam"] in report.text


# ------------------------------------------------------------------------- vervolgscan


def test_vervolgscan_of_the_same_conversation(client, adviseur):
    first = post(client, conversation_id="gesprek-1")
    post(client, conversation_id="iemand-anders")
    second = post(client, answers=LATER, conversation_id="gesprek-1")
    assert second["vorige_scan"] == first["id"]
    rows = {row["thema"]: row for row in second["vergelijking"]["themas"]}
    assert rows["financien"]["trend"] == "beter"
    again = client.get(f"{URL}/{second['id']}", headers=adviseur).json()
    assert again["vorige_scan"] == first["id"]
    assert client.get(f"{URL}/{first['id']}", headers=adviseur).json()["vorige_scan"] is None
    report = client.get(second["rapport"], headers=adviseur).text
    assert "Wat is er veranderd sinds je vorige scan?" in report
    assert "Beter dan vorige keer" in report


def test_a_vervolgscan_stays_in_its_conversation(client):
    """A dossiernummer never reaches another conversation's scans (issue 20, finding 4)."""
    referentie = own_intake(client, "oud-gesprek")
    first = post(client, conversation_id="oud-gesprek", intake_referentie=referentie)
    other = post(client, answers=LATER, conversation_id="nieuw-gesprek",
                 intake_referentie=referentie)
    assert other["vorige_scan"] is None and other["intake_referentie"] is None
    second = post(client, answers=LATER, conversation_id="oud-gesprek")
    third = post(client, answers=LATER, conversation_id="oud-gesprek")
    assert second["vorige_scan"] == first["id"]
    assert third["vorige_scan"] == second["id"]  # the latest earlier one


def test_no_owner_no_comparison(client):
    post(client)
    assert post(client, answers=LATER)["vorige_scan"] is None


def test_openapi_lists_the_scan_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {URL, f"{URL}/{{scan_id}}", f"{URL}/{{scan_id}}/rapport"} <= set(paths)
