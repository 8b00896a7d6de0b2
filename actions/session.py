"""The start of a conversation: Rasa's default session start, plus one anonymous count.

Sessions never expire (``session_expiration_time: 0`` in domain.yml), so this runs once
per conversation: the "gesprekken per week" figure of the dashboard is built from it.
The count carries nothing about the ondernemer, not even the conversation id.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.settings import get_settings
from assistant.stats.events import record_event


def is_new_conversation(tracker: Tracker) -> bool:
    return not any(event.get("event") == "session_started" for event in tracker.events)


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if is_new_conversation(tracker):
            await record_event(get_settings(), "gesprek_gestart")
        events: list[EventType] = [SessionStarted()]
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            events += [SlotSet(name, value) for name, value in tracker.slots.items()
                       if value is not None]
        return [*events, ActionExecuted("action_listen")]
