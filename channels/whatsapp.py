"""WhatsApp through Twilio: Rasa's Twilio connector, made fit for WhatsApp.

Configured in ``credentials.prod.yml``::

    channels.whatsapp.WhatsAppInput:
      account_sid: ${SCHAKEL_TWILIO_ACCOUNT_SID}
      auth_token: ${SCHAKEL_TWILIO_AUTH_TOKEN}
      twilio_number: ${SCHAKEL_TWILIO_WHATSAPP_NUMBER}     # whatsapp:+31...
      sender_key: ${SCHAKEL_WHATSAPP_SENDER_KEY}          # long random secret

Twilio posts to ``/webhooks/twilio/webhook`` (the channel keeps Rasa's name ``twilio``).

What it adds to Rasa's connector:
- The phone number never enters Rasa: the conversation id is ``wa-`` plus the number
  encrypted deterministically (AES-SIV) with ``sender_key``, so trackers, logs, the API
  and the adviser page see a pseudonym; only this channel turns it back into a number
  to reply.
- Buttons become numbered options ("Typ 1, 2 of 3"); a reply that is just a number is
  read as that button (looked up in the tracker: the buttons of the last bot message).
- Long answers are split at WhatsApp's limit of 1600 characters per Twilio message, on
  paragraph, line or sentence boundaries; short paragraphs stay in one message.
- Photos, voice messages, files and locations get "Ik kan alleen tekst lezen."
- A repeated delivery of the same ``MessageSid`` (Twilio retries) is handled once.
- ``X-Twilio-Signature`` is checked when an auth token is configured; a request with a
  wrong or missing signature gets 403.
- Sending is asynchronous (aiohttp) with a timeout, so a slow Twilio never blocks Rasa.

Optional environment variables: ``SCHAKEL_WHATSAPP_WEBHOOK_URL`` (the exact public URL
configured in Twilio, when Rasa sits behind a proxy that changes scheme or host; the
signature is computed over it) and ``SCHAKEL_TWILIO_API_URL`` (tests point it at a
local fake of Twilio's REST API).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.base.exceptions import TwilioRestException
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.request_validator import RequestValidator

from channels.common import (
    SenderIds,
    TtlSet,
    chosen_number,
    numbered_options,
    offered_buttons,
    setting,
    short_id,
    split_text,
)

logger = logging.getLogger(__name__)

TWILIO_API = "https://api.twilio.com"
MAX_BODY = 1600  # characters per Twilio message
ONLY_TEXT = "Ik kan alleen tekst lezen. Typ je vraag maar."
PREFIX = "wa-"


class _ApiClient(AsyncTwilioHttpClient):
    """Twilio's aiohttp client, optionally pointed at another base URL (tests)."""

    def __init__(self, api_url: str) -> None:
        super().__init__(pool_connections=False, timeout=10)
        self.api_url = api_url.rstrip("/")

    async def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if self.api_url != TWILIO_API and url.startswith(TWILIO_API):
            url = self.api_url + url[len(TWILIO_API):]
        return await super().request(method, url, *args, **kwargs)


class WhatsAppOutput(TwilioOutput):
    """Sends to WhatsApp; ``recipient_id`` is the pseudonymous conversation id."""

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        sender_ids: SenderIds,
        api_url: str = TWILIO_API,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = _ApiClient(api_url)
        self.sender_ids = sender_ids

    def _to(self, recipient_id: str) -> str | None:
        address = self.sender_ids.address(recipient_id)
        if address is None:
            logger.error("WhatsApp: no phone number for conversation %s", short_id(recipient_id))
        return address

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        try:
            return await self.messages.create_async(**message_data)
        except TwilioRestException as error:
            logger.error("WhatsApp: Twilio refused a message (HTTP %s, code %s)",
                         error.status, error.code)
        except Exception as error:  # network errors, timeouts: never crash the turn
            logger.error("WhatsApp: sending failed (%s)", type(error).__name__)
        return None

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        to = self._to(recipient_id)
        if to is None:
            return
        for part in split_text(text, MAX_BODY):
            await self._send_message({"to": to, "from_": self.twilio_number, "body": part})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, buttons))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, quick_replies))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        to = self._to(recipient_id)
        if to is not None:
            await self._send_message({"to": to, "from_": self.twilio_number,
                                      "media_url": [image]})

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        to = self._to(recipient_id)
        if to is None:
            return
        message = {"body": "", **json_message, "to": to}
        if not message.get("messaging_service_sid"):
            message.setdefault("from_", self.twilio_number)
        await self._send_message(message)


class WhatsAppInput(TwilioInput):
    """Receives Twilio's WhatsApp webhooks."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            credentials.get("account_sid"),
            credentials.get("auth_token"),
            credentials.get("twilio_number"),
            sender_key=setting(credentials, "sender_key", "SCHAKEL_WHATSAPP_SENDER_KEY"),
            webhook_url=setting(credentials, "webhook_url", "SCHAKEL_WHATSAPP_WEBHOOK_URL"),
            api_url=setting(credentials, "api_url", "SCHAKEL_TWILIO_API_URL", TWILIO_API),
        )

    def __init__(
        self,
        account_sid: str | None,
        auth_token: str | None,
        twilio_number: str | None,
        *,
        sender_key: str | None = None,
        webhook_url: str | None = None,
        api_url: str = TWILIO_API,
    ) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.sender_ids = SenderIds(sender_key or "", PREFIX, "SCHAKEL_WHATSAPP_SENDER_KEY")
        self.webhook_url = webhook_url
        self.api_url = api_url
        self.validator = RequestValidator(auth_token) if auth_token else None
        self.seen = TtlSet(ttl=24 * 3600)

    def get_output_channel(self) -> OutputChannel:
        return WhatsAppOutput(self.account_sid, self.auth_token, self.twilio_number,
                              self.sender_ids, self.api_url)

    def _signature_ok(self, request: Request, form: dict[str, str]) -> bool:
        if self.validator is None:
            return True
        signature = request.headers.get("X-Twilio-Signature", "")
        url = self.webhook_url or request.url
        return bool(signature) and self.validator.validate(url, form, signature)

    @staticmethod
    async def _already_handled(request: Request, sender_id: str, message_sid: str) -> bool:
        """True when the tracker already holds this message (a retry after a restart or
        on another replica)."""
        tracker = await _tracker(request, sender_id)
        if tracker is None:
            return False
        return any(getattr(event, "message_id", None) == message_sid for event in tracker.events)

    @staticmethod
    async def _with_choice(request: Request, sender_id: str, text: str) -> str:
        """A bare number becomes the payload of the button with that number."""
        number = chosen_number(text)
        if number is None:
            return text
        tracker = await _tracker(request, sender_id)
        buttons = offered_buttons(tracker.events) if tracker is not None else []
        if 1 <= number <= len(buttons):
            return str(buttons[number - 1]["payload"])
        return text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("twilio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            # Twilio signs every parameter, empty ones included (Sanic's form drops those).
            form = dict(parse_qsl(request.body.decode("utf-8", "replace"),
                                  keep_blank_values=True))
            if not self._signature_ok(request, form):
                logger.warning("WhatsApp: request with a missing or wrong Twilio signature")
                return response.text("", status=403)
            sender = form.get("From")
            message_sid = form.get("MessageSid") or form.get("SmsMessageSid") or ""
            if not sender:
                return response.text("", status=204)
            sender_id = self.sender_ids.pseudonym(sender)
            if message_sid and not self.seen.add(message_sid):
                logger.info("WhatsApp: repeated delivery ignored (%s)", short_id(sender_id))
                return response.text("", status=204)
            try:
                if message_sid and await self._already_handled(request, sender_id, message_sid):
                    logger.info("WhatsApp: repeated delivery ignored (%s)", short_id(sender_id))
                    return response.text("", status=204)
                output = self.get_output_channel()
                text = (form.get("Body") or "").replace("¡", "@")
                has_media = _int(form.get("NumMedia")) > 0
                if has_media or (form.get("Latitude") and form.get("Longitude")):
                    await output.send_text_message(sender_id, ONLY_TEXT)
                    return response.text("", status=204)
                text = await self._with_choice(request, sender_id, text)
                await on_new_message(UserMessage(
                    text, output, sender_id, input_channel=self.name(),
                    message_id=message_sid or None,
                ))
            except Exception as error:
                if message_sid:
                    self.seen.discard(message_sid)  # let Twilio's retry try again
                logger.error("WhatsApp: handling a message failed (%s) for %s",
                             type(error).__name__, short_id(sender_id))
                logger.debug("WhatsApp: details", exc_info=True)
                return response.text("", status=500)
            return response.text("", status=204)

        return webhook


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


async def _tracker(request: Request, sender_id: str) -> Any:
    agent = getattr(request.app.ctx, "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    try:
        return await store.retrieve(sender_id)
    except Exception as error:
        logger.warning("WhatsApp: tracker not readable (%s)", type(error).__name__)
        return None
