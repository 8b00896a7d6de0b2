"""Notifications to the team: a webhook to a local HTTP receiver and an e-mail to a
local SMTP server; neither carries personal data, and failures never break creation."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from api.routes.overdrachten import get_handoff_config
from assistant.handoff.config import HandoffSettings, get_handoff_settings
from assistant.handoff.models import Overdracht
from assistant.settings import Settings
from scripts.services import free_port
from tests.conftest import action_server
from tests.handoff.samples import PERSONAL, overdracht_payload
from tests.smtp import local_smtp


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(self.server.delay)
        self.server.received.append((self.headers.get("Content-Type"), body))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received, server.delay, server.status = [], 0.0, 204
    server.url = f"http://127.0.0.1:{server.server_port}/schakel-hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp():
    with local_smtp() as inbox:
        yield inbox


def _config(**values) -> HandoffSettings:
    return HandoffSettings(public_base_url="https://schakel.example.nl/", **values)


def _create(client, config, key="n1"):
    client.app.dependency_overrides[get_handoff_config] = lambda: config
    return client.post("/api/v1/overdrachten", json=overdracht_payload(),
                       headers={"Idempotency-Key": key, **action_server(client)})


def _assert_no_personal_data(text: str) -> None:
    for value in PERSONAL:
        assert value not in text


def test_new_overdracht_notifies_by_webhook_and_email_without_personal_data(
    client, webhook, smtp
):
    config = _config(webhook_url=webhook.url, smtp_host="127.0.0.1", smtp_port=smtp.port,
                     smtp_from="schakel@example.nl", smtp_to=["team@example.nl"])
    created = _create(client, config).json()

    assert len(webhook.received) == 1
    content_type, raw = webhook.received[0]
    assert content_type == "application/json"
    _assert_no_personal_data(raw.decode())
    assert json.loads(raw) == {
        "gebeurtenis": "overdracht_aangemaakt",
        "referentie": created["referentie"],
        "thema": "financiering",
        "urgentie": "normaal",
        "link": f"https://schakel.example.nl/adviseur#overdracht-{created['id']}",
    }

    assert len(smtp.messages) == 1
    mail_from, rcpt_tos, raw_mail = smtp.messages[0]
    assert (mail_from, rcpt_tos) == ("schakel@example.nl", ["team@example.nl"])
    _assert_no_personal_data(raw_mail.decode())
    message = email.message_from_bytes(raw_mail, policy=email.policy.default)
    assert message["Subject"] == f"Nieuwe overdracht {created['referentie']} (financiering)"
    body = message.get_content()
    assert "Er staat een nieuwe overdracht klaar in de wachtrij." in body
    assert f"Referentie: {created['referentie']}" in body
    assert f"https://schakel.example.nl/adviseur#overdracht-{created['id']}" in body


def test_a_replay_does_not_notify_again(client, webhook):
    config = _config(webhook_url=webhook.url)
    assert _create(client, config).status_code == 201
    assert _create(client, config).status_code == 200
    assert len(webhook.received) == 1


def test_failures_are_logged_without_personal_data_and_never_break_creation(
    client, webhook, caplog
):
    webhook.status = 500
    closed_port = free_port()
    config = _config(webhook_url=webhook.url, smtp_host="127.0.0.1", smtp_port=closed_port,
                     smtp_to=["team@example.nl"], notify_timeout=2)
    with caplog.at_level(logging.WARNING, logger="assistant.handoff.notify"):
        response = _create(client, config)
    assert response.status_code == 201
    referentie = response.json()["referentie"]
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2, messages
    assert "webhook" in messages[0] and "HTTPStatusError" in messages[0]
    assert "e-mail" in messages[1] and "ConnectionRefusedError" in messages[1]
    for message in messages:
        assert referentie in message
        assert webhook.url not in message and "team@example.nl" not in message
        _assert_no_personal_data(message)


def test_without_configuration_nothing_is_sent(client, webhook, smtp):
    assert _create(client, _config()).status_code == 201
    assert webhook.received == [] and smtp.messages == []


@pytest.fixture
def slow_webhook_env(webhook, monkeypatch):
    """A webhook that takes 3 s, configured through the environment for a live server."""
    webhook.delay = 3.0
    monkeypatch.setenv("SCHAKEL_OVERDRACHT_WEBHOOK_URL", webhook.url)
    get_handoff_settings.cache_clear()
    yield webhook
    get_handoff_settings.cache_clear()


def test_notification_does_not_delay_the_response(slow_webhook_env, live_api,
                                                  service_headers):
    started = time.monotonic()
    response = httpx.post(f"{live_api}/api/v1/overdrachten", json=overdracht_payload(),
                          headers={"Idempotency-Key": "slow", **service_headers}, timeout=30)
    elapsed = time.monotonic() - started
    assert response.status_code == 201
    assert elapsed < 2.0, elapsed
    deadline = time.monotonic() + 10
    while not slow_webhook_env.received and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(slow_webhook_env.received) == 1


def test_without_its_own_address_the_link_uses_the_public_url(monkeypatch):
    from assistant.handoff import notify

    monkeypatch.setattr(notify, "get_settings",
                        lambda: Settings(public_url="https://schakel.example.nl/"))
    overdracht = Overdracht(id=7, referentie="SCH-1", thema=None, urgentie="normaal")
    link = notify.notification(overdracht, HandoffSettings())["link"]
    assert link == "https://schakel.example.nl/adviseur#overdracht-7"
