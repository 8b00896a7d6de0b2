"""/api/v1/statistieken, its CSV export, /gebeurtenissen and /onbeantwoorde-vragen."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from assistant import db
from assistant.stats.aggregate import TABLE_NAMES
from assistant.stats.models import Gebeurtenis
from tests.conftest import action_server
from tests.stats.seed import seed

URL = "/api/v1/statistieken"


@pytest.fixture
def seeded(settings):
    seed(settings)


@pytest.mark.parametrize("path", [URL, f"{URL}/sector.csv", "/api/v1/onbeantwoorde-vragen",
                                  "/api/v1/feedback-opmerkingen"])
def test_staff_only(client, make_token, path):
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer onzin"}).status_code == 401
    assert client.get(path, headers=make_token("frontdesk")).status_code == 403
    assert client.get(path, headers=make_token("adviseur")).status_code == 200
    assert client.get(path, headers=make_token("beheerder")).status_code == 200


def test_all_tables_with_small_groups_suppressed(client, make_token, seeded):
    response = client.get(URL, headers=make_token("adviseur"))
    body = response.json()
    assert body["min_groep"] == 5
    tables = {t["naam"]: t for t in body["tabellen"]}
    assert list(tables) == list(TABLE_NAMES)
    assert tables["sector"]["rijen"] == [["horeca", 7], ["bouw", 6], ["zorg", "< 5"]]
    assert tables["gemeente"]["rijen"] == [["Almere", 9], ["Lelystad", 5], ["Urk", "< 5"]]
    assert tables["doorverwijzingen"]["rijen"] == [["Ondernemersloket Flevoland", 5],
                                                   ["Kamer van Koophandel", "< 5"]]
    durations = tables["doorlooptijden"]["rijen"]
    assert durations[0] == ["Tot eerste reactie adviseur", 8, 4.5, 8.0]
    assert durations[1] == ["Tot afsluiten", 6, 26.5, 29.0]
    assert tables["scanscores"]["rijen"] == [["financien", 6, 3.8], ["personeel", 6, 3.5]]
    assert ["2026-W45", 5, "< 5", "< 5", 6] in tables["per_week"]["rijen"]
    # No personal data anywhere in the figures.
    assert "Test Persoon" not in response.text and "SCH-TEST" not in response.text


def test_threshold_comes_from_settings(settings, make_token):
    from fastapi.testclient import TestClient

    from api.main import create_app

    seed(settings)
    with TestClient(create_app(settings.model_copy(update={"stats_min_group": 8}))) as client:
        body = client.get(URL, headers=make_token("beheerder")).json()
    tables = {t["naam"]: t for t in body["tabellen"]}
    assert body["min_groep"] == 8
    assert tables["sector"]["rijen"] == [["bouw", "< 8"], ["horeca", "< 8"], ["zorg", "< 8"]]


def test_csv_export_for_dutch_excel(client, make_token, seeded):
    auth = make_token("adviseur")
    for name in TABLE_NAMES:
        response = client.get(f"{URL}/{name}.csv", headers=auth)
        assert response.status_code == 200, name
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert f'filename="statistieken-{name}.csv"' in response.headers["content-disposition"]
        assert response.text.startswith("\ufeff")
    response = client.get(f"{URL}/scanscores.csv", headers=auth)
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Thema", "Aantal scans", "Gemiddelde score"]
    assert rows[1] == ["financien", "6", "3,8"]  # decimal comma
    rows = list(csv.reader(io.StringIO(client.get(f"{URL}/sector.csv", headers=auth)
                                       .text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Sector", "Aantal"], ["horeca", "7"], ["bouw", "6"], ["zorg", "< 5"]]


def test_csv_of_unknown_table_is_404(client, make_token):
    assert client.get(f"{URL}/geheim.csv", headers=make_token("adviseur")).status_code == 404


def test_unanswered_questions_most_frequent_first(client, make_token, seeded):
    body = client.get("/api/v1/onbeantwoorde-vragen", headers=make_token("adviseur")).json()
    assert body[0] == {"tekst": "Hoe vraag ik de energietoeslag aan?", "thema": "financiering",
                       "aantal": 3}
    assert body[1]["aantal"] == 1


def test_typed_feedback_comments_are_listed_with_their_thema(client, make_token, seeded):
    body = client.get("/api/v1/feedback-opmerkingen", headers=make_token("adviseur")).json()
    assert body == [{"tekst": "<b>Niet</b> wat ik zocht over personeel", "thema": "personeel",
                     "aantal": 1}]


def event(client, **options):
    """POST /gebeurtenissen as the action server does (with its credential)."""
    headers = {**options.pop("headers", {}), **action_server(client)}
    return client.post("/api/v1/gebeurtenissen", headers=headers, **options)


def stored(settings) -> list[Gebeurtenis]:
    with db.session_scope(settings.database_url) as session:
        return list(session.scalars(select(Gebeurtenis)))


def test_events_are_stored_without_personal_data(client, settings):
    response = event(client, json={
        "soort": "vraag_niet_beantwoord", "thema": "personeel",
        "tekst": "Mail me op jan@voorbeeld.nl of bel 0612345678"})
    assert response.status_code == 201, response.text
    assert response.json()["week"].startswith("20")
    assert event(client,
                       json={"soort": "feedback", "waarde": 4}).status_code == 201
    assert event(client,
                       json={"soort": "gesprek_gestart"}).status_code == 201
    events = stored(settings)
    assert len(events) == 3
    assert "jan@voorbeeld.nl" not in events[0].tekst and "0612345678" not in events[0].tekst


def test_event_with_the_same_key_is_stored_once(client, settings):
    for expected in (201, 200):
        response = event(client, json={"soort": "gesprek_gestart"},
                               headers={"Idempotency-Key": "een"})
        assert response.status_code == expected
    assert len(stored(settings)) == 1
    for _ in range(2):  # an empty key counts as no key: two events
        response = event(client, json={"soort": "gesprek_gestart"},
                               headers={"Idempotency-Key": ""})
        assert response.status_code == 201
    assert len(stored(settings)) == 3


@pytest.mark.parametrize("body", [
    {},
    {"soort": "iets_anders"},
    {"soort": "gesprek_gestart", "conversation_id": "abc"},
    {"soort": "gesprek_gestart", "email": "a@b.nl"},
    {"soort": "feedback"},
    {"soort": "feedback", "waarde": 6},
    {"soort": "feedback", "waarde": 0},
    {"soort": "feedback", "waarde": "5"},
    {"soort": "gesprek_gestart", "waarde": 3},
    {"soort": "gesprek_gestart", "tekst": "hallo"},
    {"soort": "feedback", "tekst": "zonder score"},
    {"soort": "vraag_niet_beantwoord", "tekst": "x" * 301},
    {"soort": "vraag_niet_beantwoord", "tekst": ""},
    {"soort": "gesprek_gestart", "thema": "Geen Thema!"},
    {"soort": "gesprek_gestart", "thema": "a" * 41},
])
def test_events_are_validated_strictly(client, settings, body):
    response = event(client, json=body)
    assert response.status_code == 422, response.text
    assert stored(settings) == []
