"""Microsoft Teams through the Bot Framework: Rasa's connector, made safe to run.

Configured in ``credentials.prod.yml``::

    channels.teams.TeamsInput:
      app_id: ${SCHAKEL_TEAMS_APP_ID}
      app_password: ${SCHAKEL_TEAMS_APP_PASSWORD}

and ``SCHAKEL_TEAMS_SENDER_KEY`` (a long random secret; or ``sender_key`` there).

Azure Bot's messaging endpoint: ``https://<rasa host>/webhooks/botframework/webhook``
(the channel keeps Rasa's name ``botframework``).

What it changes in Rasa's connector:
- The Teams user id never enters Rasa: the conversation id is ``teams-`` plus the user
  id encrypted with ``SCHAKEL_TEAMS_SENDER_KEY``, like WhatsApp's phone numbers
  (``channels.common.SenderIds``); only this channel turns it back, to reply.
- Buttons become a hero card whose buttons are ``messageBack`` actions: Teams shows the
  button's title in the chat and sends its payload to the bot (Rasa passed its own
  button dicts, which Teams does not understand).
- The incoming token is checked with RS256 only, for audience (the app id), issuer and
  the ``serviceUrl`` claim (a token without it is refused: the reply would otherwise go
  to whatever ``serviceUrl`` the request names); the signing keys are fetched when
  first needed and refreshed daily, not at start-up (Rasa fetched them synchronously
  when the channel was created, so Rasa did not start without Microsoft).
- Outgoing calls (token, activities) use aiohttp with timeouts instead of blocking
  ``requests`` calls; the token is cached until shortly before it expires.
- ``<at>…</at>`` mentions are removed from the text; a ``messageBack`` or card submit
  with a payload in ``value`` is read as that payload.
- When the bot is added to a personal chat, it greets (``/greet``).
- Messages an adviser sends later (``output_channel=latest``) reach the conversation:
  its reference (service URL, conversation id, bot) is kept in the user message's
  metadata in the tracker and in a small in-process cache.

Optional environment variables (all have Microsoft's defaults):
``SCHAKEL_TEAMS_TENANT_ID`` (single-tenant bots: the token comes from that tenant),
``SCHAKEL_TEAMS_TOKEN_URL``, ``SCHAKEL_TEAMS_OPENID_URL`` (tests point these at a local
fake) and ``SCHAKEL_TEAMS_ISSUER``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

import aiohttp
import jwt
from jwt import PyJWTError
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.common import SenderIds, setting, short_id, split_text

logger = logging.getLogger(__name__)

OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
TOKEN_URL = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
TENANT_TOKEN_URL = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token"
ISSUER = "https://api.botframework.com"
SCOPE = "https://api.botframework.com/.default"
REFERENCE_KEY = "teams_reference"
MAX_TEXT = 20_000  # well under Teams' ~28 KB message limit
TIMEOUT = aiohttp.ClientTimeout(total=10)
KEY_REFRESH_SECONDS = 24 * 3600
PREFIX = "teams-"
SENDER_KEY_ENV = "SCHAKEL_TEAMS_SENDER_KEY"
_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


class ConversationReferences:
    """Where to send a conversation's messages: a small cache, the tracker behind it."""

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def remember(self, sender_id: str, reference: dict[str, Any]) -> None:
        self._cache[sender_id] = reference
        self._cache.move_to_end(sender_id)
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)

    async def find(self, sender_id: str) -> dict[str, Any] | None:
        if sender_id in self._cache:
            return self._cache[sender_id]
        try:  # another replica or a restart: the tracker has it
            agent = Sanic.get_app().ctx.agent
            tracker = await agent.tracker_store.retrieve(sender_id)
        except Exception as error:
            logger.warning("Teams: tracker not readable (%s)", type(error).__name__)
            return None
        for event in reversed(tracker.events if tracker else []):
            reference = (getattr(event, "metadata", None) or {}).get(REFERENCE_KEY)
            if getattr(event, "type_name", "") == "user" and reference:
                self.remember(sender_id, reference)
                return reference
        return None


class _Token:
    """The bot's access token for the Bot Connector service, cached until near expiry."""

    def __init__(self) -> None:
        self.value: str | None = None
        self.expires = 0.0
        self.lock = asyncio.Lock()

    async def get(self, url: str, app_id: str, app_password: str) -> str | None:
        async with self.lock:
            if self.value and time.monotonic() < self.expires:
                return self.value
            payload = {"client_id": app_id, "client_secret": app_password,
                       "grant_type": "client_credentials", "scope": SCOPE}
            try:
                async with aiohttp.ClientSession(timeout=TIMEOUT) as session, \
                        session.post(url, data=payload) as answer:
                    if answer.status != 200:
                        logger.error("Teams: no token (HTTP %s)", answer.status)
                        return None
                    data = await answer.json(content_type=None)
            except (TimeoutError, aiohttp.ClientError) as error:
                logger.error("Teams: token request failed (%s)", type(error).__name__)
                return None
            self.value = data["access_token"]
            self.expires = time.monotonic() + max(60, int(data.get("expires_in", 3600)) - 300)
            return self.value


class TeamsOutput(BotFramework):
    """Sends activities to the conversation's Bot Connector service."""

    @classmethod
    def name(cls) -> str:
        return "botframework"

    def __init__(self, app_id: str, app_password: str, token_url: str, token: _Token,
                 references: ConversationReferences, sender_ids: SenderIds) -> None:
        self.sender_ids = sender_ids
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = token_url
        self.token = token
        self.references = references

    def prepare_message(self, recipient_id: str, message_data: dict[str, Any]) -> dict[str, Any]:
        data = {"type": "message", "recipient": {"id": recipient_id}, "text": ""}
        data.update(message_data)
        return data

    async def send(self, message_data: dict[str, Any]) -> None:
        recipient_id = message_data.get("recipient", {}).get("id", "")
        reference = await self.references.find(recipient_id)
        if reference is None:
            logger.error("Teams: no conversation known for %s", short_id(recipient_id))
            return
        message_data.setdefault("from", reference.get("bot"))
        user_id = self.sender_ids.address(recipient_id)
        if user_id:  # Teams gets its own id back, Rasa only ever saw the pseudonym
            message_data["recipient"] = {"id": user_id}
        service_url = reference["serviceUrl"].rstrip("/")
        conversation_id = reference["conversation"]["id"]
        url = f"{service_url}/v3/conversations/{conversation_id}/activities"
        token = await self.token.get(self.token_url, self.app_id, self.app_password)
        if token is None:
            return
        headers = {"Authorization": f"Bearer {token}"}
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session, \
                    session.post(url, json=message_data, headers=headers) as answer:
                if answer.status >= 300:
                    logger.error("Teams: activity not accepted (HTTP %s)", answer.status)
        except (TimeoutError, aiohttp.ClientError) as error:
            logger.error("Teams: sending failed (%s)", type(error).__name__)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(text, MAX_TEXT):
            await self.send(self.prepare_message(recipient_id, {"text": part}))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        card = {
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {"text": text, "buttons": [_action(button) for button in buttons]},
        }
        await self.send(self.prepare_message(recipient_id, {"attachments": [card]}))

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        await self.send(self.prepare_message(recipient_id, dict(json_message)))


def _action(button: dict[str, Any]) -> dict[str, Any]:
    title = str(button.get("title", ""))
    payload = str(button.get("payload", title))
    return {"type": "messageBack", "title": title, "displayText": title, "text": payload,
            "value": {"payload": payload}}


class TeamsInput(BotFrameworkInput):
    """Receives Bot Framework activities from Teams."""

    @classmethod
    def name(cls) -> str:
        return "botframework"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        tenant = setting(credentials, "tenant_id", "SCHAKEL_TEAMS_TENANT_ID")
        default_token_url = TENANT_TOKEN_URL.format(tenant=tenant) if tenant else TOKEN_URL
        return cls(
            credentials.get("app_id"),
            credentials.get("app_password"),
            token_url=setting(credentials, "token_url", "SCHAKEL_TEAMS_TOKEN_URL",
                              default_token_url),
            openid_url=setting(credentials, "openid_url", "SCHAKEL_TEAMS_OPENID_URL",
                               OPENID_URL),
            issuer=setting(credentials, "issuer", "SCHAKEL_TEAMS_ISSUER", ISSUER),
            sender_key=setting(credentials, "sender_key", SENDER_KEY_ENV),
        )

    def __init__(self, app_id: str, app_password: str, *, token_url: str = TOKEN_URL,
                 openid_url: str = OPENID_URL, issuer: str = ISSUER,
                 sender_key: str | None = None) -> None:
        # Deliberately not calling BotFrameworkInput.__init__: it fetches Microsoft's keys
        # synchronously. They are fetched on the first request instead.
        if not app_id or not app_password:
            raise ValueError("Teams: app_id and app_password are required")
        self.app_id = app_id
        self.app_password = app_password
        self.token_url = token_url
        self.openid_url = openid_url
        self.issuer = issuer
        self.jwt_keys: dict[str, Any] = {}
        self.keys_fetched = 0.0
        self.keys_lock = asyncio.Lock()
        self.token = _Token()
        self.references = ConversationReferences()
        self.sender_ids = SenderIds(sender_key or "", PREFIX, SENDER_KEY_ENV)

    def get_output_channel(self) -> OutputChannel:
        return TeamsOutput(self.app_id, self.app_password, self.token_url, self.token,
                           self.references, self.sender_ids)

    async def _refresh_keys(self, force: bool = False) -> None:
        async with self.keys_lock:
            fresh = time.monotonic() - self.keys_fetched < KEY_REFRESH_SECONDS
            if self.jwt_keys and fresh and not force:
                return
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                async with session.get(self.openid_url) as answer:
                    answer.raise_for_status()
                    config = await answer.json(content_type=None)
                async with session.get(config["jwks_uri"]) as answer:
                    answer.raise_for_status()
                    keys = await answer.json(content_type=None)
            self.jwt_keys = {key["kid"]: key for key in keys.get("keys", [])}
            self.keys_fetched = time.monotonic()

    async def _check_token(self, auth_header: str | None, service_url: str) -> str | None:
        """None when the request is authentic, else the reason it is not."""
        match = re.match(r"Bearer\s+(\S+)$", auth_header or "")
        if not match:
            return "no bearer token"
        token = match.group(1)
        try:
            key_id = jwt.get_unverified_header(token).get("kid")
            try:
                await self._refresh_keys()
            except (TimeoutError, aiohttp.ClientError, KeyError) as error:
                if not self.jwt_keys:
                    return f"signing keys unavailable ({type(error).__name__})"
            if key_id not in self.jwt_keys:  # Microsoft rolled its keys
                await self._refresh_keys(force=True)
            if key_id not in self.jwt_keys:
                return "unknown signing key"
            claims = jwt.decode(
                token, key=RSAAlgorithm.from_jwk(self.jwt_keys[key_id]), algorithms=["RS256"],
                audience=self.app_id, issuer=self.issuer, leeway=300,
                options={"require": ["exp", "aud", "iss"]},
            )
        except (TimeoutError, PyJWTError, ValueError, aiohttp.ClientError) as error:
            return type(error).__name__
        claimed_url = claims.get("serviceUrl") or claims.get("serviceurl")
        if not claimed_url:
            return "no serviceUrl in the token"
        if str(claimed_url).rstrip("/") != service_url.rstrip("/"):
            return "serviceUrl does not match the token"
        return None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("botframework_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def activity(request: Request) -> HTTPResponse:
            try:
                postdata = request.json
            except Exception:
                postdata = None
            if not isinstance(postdata, dict):
                return response.text("Bad request", status=HTTPStatus.BAD_REQUEST)
            service_url = str(postdata.get("serviceUrl") or "")
            problem = await self._check_token(request.headers.get("Authorization"), service_url)
            if problem:
                logger.warning("Teams: request refused (%s)", problem)
                return response.text("Unauthorized", status=HTTPStatus.UNAUTHORIZED)
            try:
                await self._handle(postdata, on_new_message)
            except Exception as error:
                logger.error("Teams: handling an activity failed (%s)", type(error).__name__)
                logger.debug("Teams: details", exc_info=True)
            return response.text("", status=HTTPStatus.OK)

        return webhook

    async def _handle(self, postdata: dict[str, Any],
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        kind = postdata.get("type")
        reference = {"serviceUrl": postdata["serviceUrl"],
                     "conversation": {"id": postdata["conversation"]["id"]},
                     "bot": postdata.get("recipient")}
        if kind == "message":
            sender_id = self.sender_ids.pseudonym(postdata["from"]["id"])
            text = _MENTION.sub("", postdata.get("text") or "").strip()
            value = postdata.get("value")
            if isinstance(value, dict) and isinstance(value.get("payload"), str):
                text = value["payload"]
            metadata: dict[str, Any] = {REFERENCE_KEY: reference}
            if postdata.get("attachments"):
                metadata["attachments"] = postdata["attachments"]
        elif kind == "conversationUpdate":
            bot_id = (postdata.get("recipient") or {}).get("id")
            added = [m for m in postdata.get("membersAdded") or [] if m.get("id") != bot_id]
            if not added or (postdata["conversation"].get("conversationType")
                             not in (None, "personal")):
                return
            sender_id = self.sender_ids.pseudonym(added[0]["id"])
            text = "/greet"
            metadata = {REFERENCE_KEY: reference}
        else:
            return
        self.references.remember(sender_id, reference)
        await on_new_message(UserMessage(
            text=text, output_channel=self.get_output_channel(), sender_id=sender_id,
            input_channel=self.name(), metadata=metadata, message_id=postdata.get("id"),
        ))
