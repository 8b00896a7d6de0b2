"""Finding 1: the action server's write endpoints were public.

Anyone could fill the advisers' queue, store made-up intakes or skew the statistics.
Now each of them needs the service credential (``SCHAKEL_SERVICE_TOKEN``) that only the
action server has; without it: 401 problem+json in Dutch, and nothing is stored."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from api.main import create_app
from assistant import db
from assistant.handoff.models import Overdracht
from assistant.intake.models import Intake
from assistant.scan.definition import load_definition
from assistant.scan.models import Scan
from assistant.settings import Settings
from assistant.stats.models import Gebeurtenis
from tests.api.test_intakes import payload as intake_payload
from tests.handoff.samples import overdracht_payload
from tests.scan.samples import WORRIED, filled

WRITES = {
    "/api/v1/intakes": lambda: intake_payload(),
    "/api/v1/overdrachten": lambda: overdracht_payload(),
    "/api/v1/scans": lambda: {"toestemming": True, "conversation_id": "gesprek-x",
                              "sessie": filled(load_definition(), WORRIED).to_slot()},
    "/api/v1/gebeurtenissen": lambda: {"soort": "gesprek_gestart"},
    "/api/v1/gesprekken/gesprek-x/verwijderverzoeken": lambda: {},
    "/api/v1/dossiers/SCH-AAAA-BBBB/verwijderverzoeken": lambda: {},
}
WRONG = [
    {},
    {"Authorization": "Bearer geraden"},
    {"Authorization": "Basic c2NoYWtlbDpzY2hha2Vs"},
]


def stored(settings: Settings) -> int:
    with db.session_scope(settings.database_url) as session:
        return sum(session.scalar(select(func.count()).select_from(model))
                   for model in (Intake, Overdracht, Scan, Gebeurtenis))


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize("credential", WRONG, ids=["geen", "fout", "basic"])
def test_writes_without_the_service_credential_are_refused(live_api, settings, path,
                                                           credential):
    response = httpx.post(live_api + path, json=WRITES[path](), timeout=10,
                          headers={"Idempotency-Key": "aanval-1", **credential})
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Niet ingelogd"
    assert "actieserver" in response.json()["detail"]
    assert stored(settings) == 0


@pytest.mark.parametrize("path", WRITES)
def test_the_action_server_credential_is_accepted(live_api, service_headers, path):
    response = httpx.post(live_api + path, json=WRITES[path](), timeout=10,
                          headers={"Idempotency-Key": "echt-1", **service_headers})
    assert response.status_code in (200, 201, 202), response.text


def test_production_refuses_to_start_without_a_service_credential(tmp_path):
    settings = Settings(data_dir=tmp_path, environment="production")
    assert settings.service_token is None  # never made up in production
    with pytest.raises(RuntimeError, match="SCHAKEL_SERVICE_TOKEN"):
        create_app(settings)


def test_locally_every_start_gets_its_own_random_credential(tmp_path):
    first, second = Settings(data_dir=tmp_path), Settings(data_dir=tmp_path)
    assert len(first.service_token.get_secret_value()) >= 32
    assert first.service_token != second.service_token
