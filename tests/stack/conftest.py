"""The real stack (Rasa server, action server, API) on free ports for end-to-end tests."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator

import httpx
import pytest

from assistant.settings import Settings
from scripts.services import free_port
from scripts.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[Stack]:
    # A copy of the knowledge base, so that a test can change an entry while the stack
    # runs (it is reloaded within a second) without touching the repository.
    knowledge = tmp_path_factory.mktemp("kennis") / "knowledge"
    shutil.copytree(Settings().knowledge_dir, knowledge)
    settings = Settings(
        knowledge_dir=knowledge,
        data_dir=tmp_path_factory.mktemp("stack"),
        rasa_port=free_port(),
        action_port=free_port(),
        api_port=free_port(),
    )
    if not settings.rasa_model.exists():
        pytest.fail(f"Geen getraind model op {settings.rasa_model}: draai 'make test'.")
    with Stack(settings) as running:
        yield running


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
