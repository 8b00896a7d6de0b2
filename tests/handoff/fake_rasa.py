"""Rasa's conversation API in memory, behind ``httpx.MockTransport``: it records what
the API asks and keeps each conversation's events like Rasa does."""

from __future__ import annotations

import json
import time
from urllib.parse import unquote

import httpx

from assistant.handoff.rasa_channel import RasaChannel

URL = "http://rasa.test"


class FakeRasa:
    def __init__(self, token: str | None = None) -> None:
        self.token = token
        self.fail = False
        self.calls: list[tuple[str, str, dict, object]] = []  # method, what, query, body
        self.events: dict[str, list[dict]] = {}

    def channel(self) -> RasaChannel:
        return RasaChannel(URL, token=self.token, transport=httpx.MockTransport(self.handle))

    def user_says(self, conversation_id: str, text: str) -> None:
        self._add(conversation_id, {"event": "user", "text": text})

    def _add(self, conversation_id: str, event: dict) -> None:
        self.events.setdefault(conversation_id, []).append({"timestamp": time.time(), **event})

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.fail:
            raise httpx.ConnectError("Rasa is down")
        if self.token and request.url.params.get("token") != self.token:
            return httpx.Response(401)
        _, _, rest = request.url.raw_path.decode().partition("/conversations/")
        conversation, _, what = rest.split("?")[0].partition("/")
        conversation = unquote(conversation)
        body = json.loads(request.content) if request.content else None
        query = {k: v for k, v in request.url.params.items() if k != "token"}
        self.calls.append((request.method, what, query, body))
        if what == "tracker/events":
            for event in body:
                self._add(conversation, event)
        elif what == "execute":
            self._add(conversation, {"event": "bot", "text": body["name"],
                                     "metadata": {"utter_action": body["name"]}})
        return httpx.Response(200, json={"sender_id": conversation,
                                         "events": self.events.get(conversation, [])})

    def sent(self) -> list[tuple[str, object]]:
        """What was written into conversations: (what, body)."""
        return [(what, body) for method, what, _, body in self.calls if method == "POST"]
