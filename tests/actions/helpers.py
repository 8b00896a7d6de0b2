"""Running an action the way the action server does, against a tracker built in the test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.outbox import settle_all
from assistant.settings import REPO_ROOT
from tests.aio import run_async

DOMAIN = yaml.safe_load(Path(REPO_ROOT / "domain.yml").read_text())


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "",
    sender: str = "test-gebruiker",
    events: list[dict] | None = None,
    active_loop: str | None = None,
) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message=latest,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run_action(action: Action, tracker: Tracker) -> tuple[list[dict], list[dict]]:
    """Returns (messages sent, events returned), once what the action sent in the
    background (statistics through the outbox) has been tried."""
    dispatcher = CollectingDispatcher()

    async def run_and_settle() -> list[dict]:
        events = await action.run(dispatcher, tracker, DOMAIN)
        await settle_all()
        return events

    return dispatcher.messages, run_async(run_and_settle())
