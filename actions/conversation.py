"""Small readers of the tracker that several actions share."""

from __future__ import annotations

from rasa_sdk import Tracker


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> tuple[str, float]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") or "", float(intent.get("confidence") or 0.0)


def said_since_user(tracker: Tracker) -> list[str]:
    """Names of the responses the bot uttered since the ondernemer's last message."""
    names = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "bot":
            names.append((event.get("metadata") or {}).get("utter_action", ""))
    return names
