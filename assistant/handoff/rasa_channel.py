"""The ondernemer's conversation in Rasa, driven through Rasa's HTTP API.

Rasa runs with ``--enable-api`` (and, in production, ``--auth-token``: set
``SCHAKEL_RASA_TOKEN``). Everything goes to ``/conversations/{id}/…``:

- pause / resume: the events ``pause`` and ``resume``. While paused Rasa still records
  the ondernemer's messages but predicts nothing, so the bot is silent.
- deliver: a ``bot`` event appended with ``execute_side_effects`` and
  ``output_channel=latest``: Rasa stores it in the conversation and sends it on the
  channel the ondernemer last wrote from. Socket.IO, WhatsApp and Teams push it at
  once; the REST channel cannot push (the chat page polls the API instead).
- resume with a message: after the ``resume`` event, Rasa utters a response from
  ``domain.yml`` on the same channel (``/execute``); then ``action_listen``, so the
  next message is predicted as after any answer of the bot.
- ondernemer_messages: the user messages between ``pause`` and ``resume`` in the
  tracker (``assistant.handoff.conversation.messages_during_takeover``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from assistant.handoff.conversation import (
    ADVISER_METADATA,
    latest_message_time,
    messages_during_takeover,
)
from assistant.handoff.models import Kanaal, Overdracht
from assistant.handoff.texts import text
from assistant.http_clients import async_client

REFERENTIE_SLOT = "overdracht_referentie"
THEMA_SLOT = "thema"
RESPONSE_RELEASED = "utter_overdracht_vrijgegeven"
RESPONSE_CLOSED = "utter_overdracht_gesloten"
LATEST = {"output_channel": "latest"}
PATH_SAFE = "/:@+!$&'()*,;="
LISTEN = {"event": "action", "name": "action_listen"}


class RasaChannel:
    def __init__(
        self,
        rasa_url: str,
        *,
        token: str | None = None,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.rasa_url = rasa_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.transport = transport

    @classmethod
    def from_settings(cls, settings: Any) -> RasaChannel:
        token = settings.rasa_token.get_secret_value() if settings.rasa_token else None
        return cls(settings.rasa_url, token=token, timeout=settings.http_timeout)

    async def _call(
        self, method: str, conversation_id: str, tail: str, *,
        params: dict[str, str] | None = None, body: Any = None,
    ) -> httpx.Response:
        # Rasa (Sanic) does not decode path parameters: keep every character a path may
        # hold as it is ("whatsapp:+316…"), encode only what a URL cannot carry.
        path = f"/conversations/{quote(conversation_id, safe=PATH_SAFE)}/{tail}"
        query = dict(params or {}) | ({"token": self.token} if self.token else {})
        async with async_client(
            base_url=self.rasa_url, timeout=self.timeout, transport=self.transport
        ) as client:
            response = await client.request(method, path, params=query, json=body)
        response.raise_for_status()
        return response

    async def _append(
        self, conversation_id: str, events: list[dict[str, Any]], *, send: bool = False
    ) -> None:
        params = {"execute_side_effects": "true", **LATEST} if send else None
        await self._call("POST", conversation_id, "tracker/events", params=params, body=events)

    async def pause(self, overdracht: Overdracht) -> None:
        await self._append(overdracht.conversation_id, [{"event": "pause"}])

    async def resume(self, overdracht: Overdracht, *, gesloten: bool, tell: bool) -> None:
        events: list[dict[str, Any]] = [{"event": "resume"}]
        if gesloten:  # a new overdracht may be asked for in this conversation
            events.append({"event": "slot", "name": REFERENTIE_SLOT, "value": None})
            if overdracht.thema:  # the ondernemer's feedback is counted with it
                events.append({"event": "slot", "name": THEMA_SLOT, "value": overdracht.thema})
        if tell:
            await self._append(overdracht.conversation_id, events)
            response = RESPONSE_CLOSED if gesloten else RESPONSE_RELEASED
            await self._call("POST", overdracht.conversation_id, "execute", params=LATEST,
                             body={"name": response})
            events = []
        # The bot now waits for the ondernemer, as after any answer of its own: without
        # this the next message follows the takeover's loose ends and no rule applies.
        await self._append(overdracht.conversation_id, [*events, LISTEN])

    async def deliver(self, overdracht: Overdracht, tekst: str) -> bool:
        naam = overdracht.adviseur_voornaam
        line = text("kanaal", "adviseur_bericht", naam=naam, tekst=tekst) if naam else tekst
        return await self._send(overdracht, line, dict(ADVISER_METADATA))

    async def tell(self, overdracht: Overdracht, tekst: str) -> bool:
        return await self._send(overdracht, tekst, {})

    async def _send(self, overdracht: Overdracht, line: str, metadata: dict[str, Any]) -> bool:
        bot = {"event": "bot", "text": line, "metadata": metadata}
        await self._append(overdracht.conversation_id, [bot], send=True)
        return overdracht.kanaal != Kanaal.REST  # REST has no push: the page polls

    async def _events(self, overdracht: Overdracht) -> list[dict[str, Any]]:
        response = await self._call("GET", overdracht.conversation_id, "tracker",
                                    params={"include_events": "ALL"})
        return response.json().get("events") or []

    async def ondernemer_messages(self, overdracht: Overdracht) -> list[tuple[datetime, str]]:
        events = await self._events(overdracht)
        return messages_during_takeover(events, since=overdracht.aangemaakt_op)

    async def last_message_at(self, overdracht: Overdracht) -> datetime | None:
        return latest_message_time(await self._events(overdracht))
