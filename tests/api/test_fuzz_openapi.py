"""Fuzzing every API operation from the published OpenAPI spec (schemathesis): whatever
comes in, the API never answers with a 5xx, and every refusal is problem+json."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from api.main import create_app
from assistant import db
from assistant.settings import Settings
from assistant.staff_tokens import create_token

# Built at import: schemathesis needs the schema when pytest collects the tests.
APP_SETTINGS = Settings(data_dir=Path(tempfile.mkdtemp(prefix="schakel-fuzz-")),
                        rate_limit_per_address=0, rate_limit_per_conversation=0)
APP = create_app(APP_SETTINGS)
with db.session_scope(APP_SETTINGS.database_url) as _session:
    _, TOKEN = create_token(_session, naam="Fuzz", rol="beheerder")

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    # Half of the cases as a beheerder, so that the staff endpoints' code runs too.
    headers = {"Authorization": f"Bearer {TOKEN}"} if len(repr(case.query)) % 2 else {}
    response = case.call(headers=headers)
    assert response.status_code < 500, (case.method, case.path, response.text[:500])
    if response.status_code >= 400:
        assert response.headers["content-type"][0].startswith("application/problem+json"), (
            case.method, case.path, response.status_code)
