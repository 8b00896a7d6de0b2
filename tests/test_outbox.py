"""The durable outbox: a request the API could not take is kept and arrives exactly once."""

from __future__ import annotations

import httpx

from assistant.outbox import Outbox, idempotency_key
from tests.aio import run_async
from tests.conftest import free_port

INTAKE = {
    "contactpersoon": "Sanne", "hulpvraag": "Hulp bij digitaliseren van mijn bakkerij",
    "contactvoorkeur": "chat", "conversation_id": "gesprek-1", "kanaal": "rest",
    "toestemming": True, "toestemming_tekstversie": "test",
}


def test_kept_while_the_api_is_down_and_delivered_once_when_it_is_back(settings, live_api,
                                                                       tmp_path, make_token):
    down = Outbox(tmp_path / "outbox.db", f"http://127.0.0.1:{free_port()}", timeout=1)
    key = idempotency_key("intake", "gesprek-1", INTAKE)
    assert run_async(down.send("/api/v1/intakes", INTAKE, key)).response is None
    assert down.undelivered() == 1
    assert down.pending() == []  # not due yet: it backs off

    # The same file, now pointing at a running API (as after a restart).
    up = Outbox(tmp_path / "outbox.db", live_api)
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


def test_a_refused_request_is_not_retried(live_api, tmp_path):
    outbox = Outbox(tmp_path / "outbox.db", live_api)
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
