"""Issue 20, findings 7 and 9: personal data does not linger.

- Retention runs by itself inside the API (no cron entry), one replica per turn.
- "Verwijder mijn gegevens" also removes the conversation's free texts (unanswered
  questions, feedback comments); the action server's outbox keeps no payload once it
  is delivered.
- Teams user ids reach Rasa (and so the tracker, the API and the logs) only as a
  pseudonym.
- Free text for editors does not identify people (names, places and sizes masked), and
  retention removes it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.main import create_app
from assistant import db
from assistant.intake.models import Intake
from assistant.outbox import Outbox
from assistant.privacy import retention
from assistant.stats.models import Gebeurtenis
from tests.aio import run_async
from tests.conftest import action_server
from tests.security.records import store_intake, store_text_event
from tests.stack.test_channels import probe

LONG_AGO = datetime.now(UTC) - timedelta(days=800)
PRIYA = "ik ben Priya, ik heb een schoonmaakbedrijf in Almere met 12 mensen"


def texts(settings) -> list[str | None]:
    with db.session_scope(settings.database_url) as session:
        return list(session.scalars(select(Gebeurtenis.tekst).order_by(Gebeurtenis.id)))


def intake_numbers(settings) -> list[str]:
    with db.session_scope(settings.database_url) as session:
        return list(session.scalars(select(Intake.referentie)))


# ------------------------------------------------------------- retention by itself


def test_retention_runs_by_itself_inside_the_api(settings):
    """Attack: personal data older than the retention period stays, because nobody
    added a cron entry. Now the API deletes it on its own."""
    old = store_intake(settings, "oud-gesprek", created_at=LONG_AGO)
    recent = store_intake(settings, "nieuw-gesprek")
    store_text_event(settings, "een oude vraag over subsidie", aangemaakt_op=LONG_AGO)
    fast = settings.model_copy(update={"retention_interval_seconds": 1})
    with TestClient(create_app(fast)):
        deadline = time.monotonic() + 30
        while old in intake_numbers(settings) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert intake_numbers(settings) == [recent]
        assert texts(settings) == [None]  # the text is gone, the anonymous count stays


def test_only_one_replica_runs_each_turn(settings):
    from api import scheduler
    from assistant import scheduling

    db.create_schema(settings.database_url)
    hour = timedelta(hours=1)
    now = datetime.now(UTC)
    with db.session_scope(settings.database_url) as session:
        assert not scheduling.claim(session, "taak", hour, now)  # planned, one hour on
        assert not scheduling.claim(session, "taak", hour, now + hour / 2)
        later = now + hour + timedelta(seconds=1)
        assert scheduling.claim(session, "taak", hour, later)  # one replica gets it
        assert not scheduling.claim(session, "taak", hour, later)  # the other does not
    assert scheduler.tick(settings.model_copy(update={"retention_interval_seconds": 60})) \
        is None  # the retention job itself: planned, not run at once


# ---------------------------------------------------------------- complete erasure


def test_erasure_also_removes_the_conversations_free_texts(client, settings, make_token):
    """Attack: after "verwijder mijn gegevens" the typed feedback and the unanswered
    question of that conversation stayed readable for editors."""
    for body in ({"soort": "feedback", "waarde": 2, "tekst": "Sanne hier, snap het niet",
                  "conversation_id": "gesprek-weg"},
                 {"soort": "vraag_niet_beantwoord", "tekst": "subsidie voor mijn bakfiets",
                  "conversation_id": "gesprek-weg"},
                 {"soort": "vraag_niet_beantwoord", "tekst": "subsidie voor een oven",
                  "conversation_id": "gesprek-blijft"}):
        assert client.post("/api/v1/gebeurtenissen", json=body,
                           headers=action_server(client)).status_code == 201
    erased = client.post("/api/v1/gesprekken/gesprek-weg/verwijderverzoeken",
                         headers=action_server(client))
    assert erased.status_code == 201
    assert texts(settings) == [None, None, "subsidie voor een oven"]
    adviseur = make_token("adviseur")
    shown = client.get("/api/v1/onbeantwoorde-vragen", headers=adviseur).json()
    assert [v["tekst"] for v in shown] == ["subsidie voor een oven"]
    assert client.get("/api/v1/feedback-opmerkingen", headers=adviseur).json() == []


def test_a_delivered_outbox_request_keeps_no_payload(live_api, settings, tmp_path):
    """Attack: the action server's outbox kept every delivered payload (names, e-mail
    addresses, typed text) for a day, also after an erasure."""
    outbox = Outbox(tmp_path / "outbox.db", live_api,
                    service_token=settings.service_token.get_secret_value())
    body = {"soort": "feedback", "waarde": 4, "tekst": "Top geholpen door Sanne Jansen",
            "conversation_id": "gesprek-outbox"}
    delivery = run_async(outbox.send("/api/v1/gebeurtenissen", body, "sleutel-outbox-1"))
    assert delivery.response is not None
    with sqlite3.connect(tmp_path / "outbox.db") as connection:
        (payload,) = connection.execute("SELECT payload FROM outbox").fetchone()
    assert json.loads(payload) == {"conversation_id": "gesprek-outbox"}
    assert outbox.forget_conversation("gesprek-outbox") == 1  # an erasure still finds it


def test_teams_user_ids_reach_rasa_only_as_a_pseudonym():
    """Attack: the Teams user id (an Azure AD identity) was the conversation id in the
    tracker, the API, the adviser page and the logs."""
    user = "29:1Abc-echte-teams-gebruiker"
    found = probe({"do": "teams_sender", "key": "sleutel-voor-de-test-teams", "user": user})
    assert found["sender_id"].startswith("teams-")
    assert "echte-teams-gebruiker" not in found["sender_id"]
    assert found["address"] == user  # only the channel can turn it back, to reply


# ------------------------------------------------------- free text for editors


@pytest.mark.parametrize("leak", ["Priya", "Almere", "12"])
def test_unanswered_questions_do_not_identify_people(client, settings, make_token, leak):
    """Attack: the editors' list showed "ik ben Priya, … in Almere met 12 mensen"."""
    assert client.post("/api/v1/gebeurtenissen", json={
        "soort": "vraag_niet_beantwoord", "tekst": PRIYA},
        headers=action_server(client)).status_code == 201
    store_text_event(settings, PRIYA)  # stored before the masking improved
    shown = client.get("/api/v1/onbeantwoorde-vragen", headers=make_token("adviseur")).json()
    assert len(shown) == 1 and shown[0]["aantal"] == 2
    assert leak not in shown[0]["tekst"]
    assert "schoonmaakbedrijf" in shown[0]["tekst"]  # the question's topic stays


def test_retention_removes_old_free_text(settings):
    store_text_event(settings, PRIYA, aangemaakt_op=LONG_AGO)
    store_text_event(settings, "hoe werkt de wbso", soort="feedback")
    counts = retention.run(settings)
    assert counts["vrije_teksten"] == 1
    assert texts(settings) == [None, "hoe werkt de wbso"]
