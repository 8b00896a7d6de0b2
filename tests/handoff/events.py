"""Tracker events as Rasa stores them, for tests of the hand-off."""

from __future__ import annotations

import itertools

_clock = itertools.count(1_780_000_000)


def user(text: str, intent: str = "", channel: str = "rest") -> dict:
    at = next(_clock)
    return {"event": "user", "timestamp": float(at), "text": text, "message_id": f"m{at}",
            "input_channel": channel,
            "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": []}}


def bot(text: str, utter: str = "", buttons: list[dict] | None = None) -> dict:
    return {"event": "bot", "timestamp": float(next(_clock)), "text": text,
            "data": {"buttons": buttons} if buttons else {},
            "metadata": {"utter_action": utter} if utter else {}}


def action(name: str) -> dict:
    return {"event": "action", "timestamp": float(next(_clock)), "name": name}


def turn(text: str, intent: str, answer: str, utter: str, act: str | None = None,
         buttons: list[dict] | None = None) -> list[dict]:
    """One message and the bot's answer to it."""
    return [user(text, intent), action(act or utter), bot(answer, utter, buttons),
            action("action_listen")]


def miss(text: str) -> list[dict]:
    """A message the bot did not understand (answered by the fallback, then reverted)."""
    return [user(text, "nlu_fallback"), action("action_fallback"),
            bot("Sorry, dat begreep ik niet goed.", "utter_fallback"), {"event": "rewind"}]
