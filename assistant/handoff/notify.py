"""Tell the team about a new overdracht: a webhook and/or an e-mail.

The message holds only the referentie, thema, urgentie and a link to the adviser page:
never personal data. Failures are logged by type only (an exception's text may carry a
URL with a secret or an address) and never reach the caller. Run it as a background
task: it may wait on the network.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any

from assistant import http_clients
from assistant.handoff.config import HandoffSettings
from assistant.handoff.models import Overdracht
from assistant.handoff.texts import text
from assistant.settings import get_settings

logger = logging.getLogger(__name__)


def _base_url(config: HandoffSettings) -> str:
    return config.public_base_url or get_settings().public_url.rstrip("/")


def notification(overdracht: Overdracht, config: HandoffSettings) -> dict[str, Any]:
    """The payload of a notification; built inside the request, sent afterwards."""
    return {
        "gebeurtenis": "overdracht_aangemaakt",
        "referentie": overdracht.referentie,
        "thema": overdracht.thema,
        "urgentie": overdracht.urgentie,
        "link": f"{_base_url(config)}/adviseur#overdracht-{overdracht.id}",
    }


def send_webhook(payload: dict[str, Any], config: HandoffSettings) -> None:
    response = http_clients.post(config.webhook_url, json=payload, timeout=config.notify_timeout)
    response.raise_for_status()


def email_message(payload: dict[str, Any], config: HandoffSettings) -> EmailMessage:
    fields = payload | {"thema": payload["thema"] or text("melding_email", "geen_thema")}
    message = EmailMessage()
    message["Subject"] = text("melding_email", "onderwerp", **fields)
    message["From"] = config.smtp_from
    message["To"] = ", ".join(config.smtp_to)
    message.set_content(text("melding_email", "tekst", **fields))
    return message


def send_message(message: EmailMessage, config: HandoffSettings) -> None:
    """Send one e-mail through the configured SMTP server (also used for the
    confirmation links of erasure requests, ``assistant/privacy/confirmation.py``)."""
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.notify_timeout) as smtp:
        if config.smtp_starttls:
            smtp.starttls()
        if config.smtp_user and config.smtp_password:
            smtp.login(config.smtp_user, config.smtp_password.get_secret_value())
        smtp.send_message(message)


def send_email(payload: dict[str, Any], config: HandoffSettings) -> None:
    send_message(email_message(payload, config), config)


def notify_new_overdracht(payload: dict[str, Any], config: HandoffSettings) -> None:
    """Send every configured notification; log failures, never raise."""
    senders = (
        ("webhook", bool(config.webhook_url), send_webhook),
        ("e-mail", config.email_enabled, send_email),
    )
    for channel, enabled, send in senders:
        if not enabled:
            continue
        try:
            send(payload, config)
        except Exception as exc:
            logger.warning(
                "Notification by %s for overdracht %s failed: %s",
                channel, payload["referentie"], type(exc).__name__,
            )
