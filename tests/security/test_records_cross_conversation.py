"""Finding 4: erasure and history could cross to another ondernemer.

A scan or overdracht posted with one's own conversation id and someone else's
dossiernummer linked the two: "verwijder mijn gegevens" then deleted that person's
intake, and ``previous_scan`` showed their earlier scores. Now the API keeps such a link
only when the dossier belongs to the same conversation, and ``subjects.find`` and
``previous_scan`` never leave a conversation, also for links stored before the fix."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from assistant import db
from assistant.intake.models import Intake
from assistant.privacy import subjects
from assistant.scan.definition import load_definition
from assistant.scan.models import Scan
from assistant.scan.store import previous_scan
from tests.api.test_intakes import payload as intake_payload
from tests.handoff.samples import overdracht_payload
from tests.scan.samples import WORRIED, filled

VICTIM, ATTACKER = "gesprek-slachtoffer", "gesprek-aanvaller"


@pytest.fixture
def api(live_api, service_headers):
    def post(path: str, body: dict, key: str) -> httpx.Response:
        return httpx.post(live_api + path, json=body, timeout=10,
                          headers={"Idempotency-Key": key, **service_headers})

    return post


def scan_body(conversation: str, **extra) -> dict:
    return {"toestemming": True, "conversation_id": conversation,
            "sessie": filled(load_definition(), WORRIED).to_slot(), **extra}


@pytest.fixture
def victim(api) -> str:
    """The victim's intake (with e-mail address) and scan; returns the dossiernummer."""
    intake = api("/api/v1/intakes", intake_payload(conversation_id=VICTIM), "intake-1")
    assert intake.status_code == 201, intake.text
    referentie = intake.json()["referentie"]
    scan = api("/api/v1/scans", scan_body(VICTIM, intake_referentie=referentie), "scan-1")
    assert scan.status_code == 201 and scan.json()["intake_referentie"] == referentie
    return referentie


def test_a_scan_cannot_link_another_conversations_dossier(api, victim, settings):
    scan = api("/api/v1/scans", scan_body(ATTACKER, intake_referentie=victim), "scan-2")
    assert scan.status_code == 201, scan.text
    assert scan.json()["intake_referentie"] is None
    assert scan.json()["vorige_scan"] is None and scan.json()["vergelijking"] is None

    erased = api(f"/api/v1/gesprekken/{ATTACKER}/verwijderverzoeken", {}, "wis-1")
    assert erased.json()["verwijderd"] == {"intakes": 0, "overdrachten": 0, "berichten": 0,
                                           "scans": 1}
    with db.session_scope(settings.database_url) as session:
        assert session.query(Intake).filter_by(referentie=victim).count() == 1
        assert session.query(Scan).filter_by(conversation_id=VICTIM).count() == 1


def test_an_overdracht_cannot_link_another_conversations_dossier(api, victim, settings):
    created = api("/api/v1/overdrachten", overdracht_payload(
        conversation_id=ATTACKER, intake_referentie=victim), "overdracht-1")
    assert created.status_code == 201, created.text
    erased = api(f"/api/v1/gesprekken/{ATTACKER}/verwijderverzoeken", {}, "wis-2")
    assert erased.json()["verwijderd"]["intakes"] == 0
    with db.session_scope(settings.database_url) as session:
        assert session.query(Intake).filter_by(referentie=victim).count() == 1


def test_the_own_dossier_stays_linked(api, victim):
    again = api("/api/v1/scans", scan_body(VICTIM, intake_referentie=victim), "scan-3")
    assert again.json()["intake_referentie"] == victim
    assert again.json()["vorige_scan"] is not None  # the vervolgscan still works


def test_links_stored_before_the_fix_are_not_followed(api, victim, settings):
    """A cross link already in the database: erasure and history stay in their conversation."""
    definition = load_definition()
    with db.session_scope(settings.database_url) as session:
        session.add(Scan(id="ab" * 16, conversation_id=ATTACKER, intake_referentie=victim,
                         definitie_versie="1", modus="volledig",
                         sessie=filled(definition, WORRIED).to_slot(),
                         resultaat=session.query(Scan).first().resultaat,
                         toestemming_versie="v1", toestemming_op=datetime.now(UTC),
                         aangemaakt_op=datetime.now(UTC) + timedelta(seconds=5)))
    with db.session_scope(settings.database_url) as session:
        planted = session.get(Scan, "ab" * 16)
        assert previous_scan(session, planted) is None
        found = subjects.find(session, conversation_id=ATTACKER)
        assert found.intakes == [] and [s.id for s in found.scans] == ["ab" * 16]
        assert found.conversation_ids == {ATTACKER}
        # and from the victim's side: the attacker's rows are not the victim's
        mine = subjects.find(session, referentie=victim)
        assert {s.conversation_id for s in mine.scans} == {VICTIM}
