"""The durable outbox: a request the API could not take is kept and arrives exactly once."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from assistant import db
from assistant.intake.models import Intake
from assistant.outbox import Outbox, idempotency_key
from scripts.services import free_port
from tests.aio import run_async

INTAKE = {
    "contactpersoon": "Sanne", "hulpvraag": "Hulp bij digitaliseren van mijn bakkerij",
    "contactvoorkeur": "chat", "conversation_id": "gesprek-1", "kanaal": "rest",
    "toestemming": True, "toestemming_tekstversie": "test",
}


def token(settings) -> str:
    """The action server's credential (SCHAKEL_SERVICE_TOKEN) for the test's API."""
    return settings.service_token.get_secret_value()


def test_kept_while_the_api_is_down_and_delivered_once_when_it_is_back(settings, live_api,
                                                                       tmp_path, make_token):
    down = Outbox(tmp_path / "outbox.db", f"http://127.0.0.1:{free_port()}", timeout=1)
    key = idempotency_key("intake", "gesprek-1", INTAKE)
    assert run_async(down.send("/api/v1/intakes", INTAKE, key)).response is None
    assert down.undelivered() == 1
    assert down.pending() == []  # not due yet: it backs off

    # The same file, now pointing at a running API (as after a restart).
    up = Outbox(tmp_path / "outbox.db", live_api, service_token=token(settings))
    with up._connect() as connection:  # make the kept request due now
        connection.execute("UPDATE outbox SET next_attempt = 0")
    assert run_async(up.retry_pending()) == 1
    assert up.undelivered() == 0
    referentie = up.delivered_response(key)["referentie"]

    # A second send with the same key does not create a second intake.
    again = run_async(up.send("/api/v1/intakes", INTAKE, key))
    assert again.response["referentie"] == referentie
    staff = make_token("adviseur")
    found = httpx.get(f"{live_api}/api/v1/intakes/{referentie}", headers=staff)
    assert found.status_code == 200


def test_a_refused_request_is_not_retried(settings, live_api, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db", live_api, service_token=token(settings))
    refused = {**INTAKE, "toestemming": False}
    result = run_async(outbox.send("/api/v1/intakes", refused, idempotency_key(refused)))
    assert result.response is None
    assert outbox.undelivered() == 0


def test_keys_are_stable_and_distinct():
    assert idempotency_key("a", {"x": 1}) == idempotency_key("a", {"x": 1})
    assert idempotency_key("a", {"x": 1}) != idempotency_key("a", {"x": 2})


def test_erasure_forgets_the_conversations_queued_and_delivered_requests(tmp_path):
    down = Outbox(tmp_path / "outbox.db", f"http://127.0.0.1:{free_port()}", timeout=1)
    other = {**INTAKE, "conversation_id": "gesprek-2"}
    for body in (INTAKE, other):
        run_async(down.send("/api/v1/intakes", body, idempotency_key(body)))
    run_async(down.send("/api/v1/gesprekken/gesprek-1/verwijderverzoeken", {}, "wis"))
    assert down.forget_conversation("gesprek-1") == 1
    assert down.undelivered() == 2  # the other conversation and the erasure itself


def test_a_request_queued_before_an_erasure_cannot_bring_the_data_back(settings, live_api,
                                                                        tmp_path):
    """Two action-server replicas: the intake waits in one outbox while the erasure goes
    through the other. When it finally arrives, the API refuses it for good (410)."""
    first = Outbox(tmp_path / "replica-1.db", f"http://127.0.0.1:{free_port()}", timeout=1)
    key = idempotency_key("intake", "gesprek-1", INTAKE)
    run_async(first.send("/api/v1/intakes", INTAKE, key))  # the API is away for this one
    second = Outbox(tmp_path / "replica-2.db", live_api, service_token=token(settings))
    erased = run_async(second.send("/api/v1/gesprekken/gesprek-1/verwijderverzoeken", {}, "w"))
    assert erased.response is not None

    late = Outbox(tmp_path / "replica-1.db", live_api,  # the API is back
                  service_token=token(settings))
    with late._connect() as connection:
        connection.execute("UPDATE outbox SET next_attempt = 0")
    assert run_async(late.retry_pending()) == 0
    assert late.undelivered() == 0  # refused for good, not retried
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Intake)) == 0

    # Given again after the erasure, with new consent: stored.
    again = {**INTAKE, "hulpvraag": "Toch graag hulp bij digitaliseren van de bakkerij"}
    stored = run_async(late.send("/api/v1/intakes", again, idempotency_key(again)))
    assert stored.response["referentie"]
