"""The real stack (Rasa server, action server, API) on free ports for end-to-end tests
(the ``stack`` fixture itself is in tests/conftest.py: tests/security uses it too)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from scripts.stack import Stack


class Chat:
    """One ondernemer talking to Schakel over the REST channel."""

    def __init__(self, stack: Stack) -> None:
        self.url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
        self.sender = f"test-{uuid.uuid4().hex[:12]}"

    def say(self, text: str) -> list[dict]:
        response = httpx.post(self.url, json={"sender": self.sender, "message": text}, timeout=30)
        response.raise_for_status()
        return response.json()

    def texts(self, text: str) -> list[str]:
        return [message.get("text", "") for message in self.say(text)]


@pytest.fixture
def chat(stack: Stack) -> Chat:
    return Chat(stack)
