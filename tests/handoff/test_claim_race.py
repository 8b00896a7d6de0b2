"""Several advisers claim one overdracht at the same moment: exactly one wins.

Once with direct service calls in separate sessions (SQLite, and PostgreSQL when it
can be started), once through a real uvicorn server with concurrent HTTP requests.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx

from assistant import db
from assistant.handoff import service
from assistant.handoff.models import Overdracht
from assistant.handoff.schemas import OverdrachtIn
from assistant.staff_tokens import create_token
from tests.handoff.samples import overdracht_payload

CLAIMERS = 6


def _race(db_url: str, config) -> None:
    """Create an overdracht, let CLAIMERS advisers claim it at once, check one won."""
    db.create_schema(db_url)
    with db.session_scope(db_url) as session:
        staff = [create_token(session, naam=f"Adviseur {n}", rol="adviseur")[0]
                 for n in range(CLAIMERS)]
        overdracht, _ = service.create(
            session, OverdrachtIn.model_validate(overdracht_payload()),
            idempotency_key=f"race-{staff[0].id}", config=config,
        )
    barrier = threading.Barrier(CLAIMERS)

    def claim(adviser):
        with db.session_scope(db_url) as session:
            barrier.wait()
            try:
                service.claim(session, overdracht.id, adviser)
                return adviser.id
            except service.TransitionRefused as exc:
                return exc.reason

    with ThreadPoolExecutor(CLAIMERS) as pool:
        outcomes = list(pool.map(claim, staff))
    winners = [o for o in outcomes if isinstance(o, int)]
    assert len(winners) == 1, outcomes
    assert outcomes.count(service.Refusal.AL_GECLAIMD) == CLAIMERS - 1
    with db.session_scope(db_url) as session:
        stored = session.get(Overdracht, overdracht.id)
        assert (stored.status, stored.geclaimd_door_id) == ("geclaimd", winners[0])
        assert sum(b.van == "systeem" for b in stored.berichten) == 1


def test_claim_race_on_sqlite(db_url, config):
    _race(db_url, config)


def test_claim_race_on_postgresql(postgres_url, config):
    _race(postgres_url, config)


def test_claim_race_over_http(live_api, make_token, service_headers):
    created = httpx.post(
        f"{live_api}/api/v1/overdrachten", json=overdracht_payload(),
        headers={"Idempotency-Key": "http-race", **service_headers},
    )
    assert created.status_code == 201
    url = f"{live_api}/api/v1/overdrachten/{created.json()['id']}/claim"
    headers = [make_token("adviseur", naam=f"Adviseur {n}") for n in range(CLAIMERS)]
    barrier = threading.Barrier(CLAIMERS)

    def claim(auth):
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            return client.post(url, headers=auth)

    with ThreadPoolExecutor(CLAIMERS) as pool:
        responses = list(pool.map(claim, headers))
    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * (CLAIMERS - 1), [r.text for r in responses]
    for response in responses:
        if response.status_code == 409:
            assert response.json()["detail"] == (
                "Deze overdracht is al geclaimd door een andere adviseur."
            )
    winner = next(r for r in responses if r.status_code == 200).json()
    assert winner["status"] == "geclaimd"

