"""What the conversation so far tells the intake (Rasa events as plain dicts).

- ``earlier_user_texts``: the ondernemer's earlier messages, most recent first, so
  "dat zei ik al" can take the answer from what they said before. A restart or a
  refused consent ends the look back: what came before is not used.
- ``misses``: how often the open question was answered without a usable answer, to
  offer a way out after two misses.
- ``already_said``: "Priya, dat zei ik al" → "Priya" (None when there is no complaint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from assistant.intake.text import clean

CONSENT = "intake_toestemming"
REQUESTED = "requested_slot"
DISPLAY = "intake_weergave"

Event = Mapping[str, Any]

_ALREADY_SAID = re.compile(
    r"(?i)[\s,.;:!-]*\b(?:(?:dat|die|deze|het|dit)\s+)?(?:(?:ik\s+)?(?:zei|zeg|noemde|gaf|schreef|typte)\s+"
    r"(?:ik\s+)?(?:toch\s+|net\s+|al\s+|hierboven\s+|eerder\s+|daarnet\s+)*(?:al|net|eerder|hierboven|daarnet)|"
    r"(?:ik\s+)?(?:heb|had)\s+(?:ik\s+)?(?:toch\s+|net\s+|al\s+)*(?:al|net|eerder)\s+"
    r"(?:gezegd|verteld|gegeven|genoemd|getypt)|"
    r"staat\s+(?:al\s+)?(?:hierboven|boven)|zie\s+(?:hierboven|boven)|weet\s+je\s+(?:toch\s+)?al)"
    r"\b[\s,.;:!?-]*"
)


def _boundary(event: Event) -> bool:
    kind = event.get("event")
    if kind in ("restart", "session_started"):
        return True
    return kind == "slot" and event.get("name") == CONSENT and event.get("value") is False


def earlier_user_texts(events: Iterable[Event]) -> list[str]:
    """The user's messages before the latest one, most recent first."""
    texts: list[str] = []
    seen_latest = False
    for event in reversed(list(events)):
        if _boundary(event):
            break
        if event.get("event") != "user":
            continue
        if not seen_latest:
            seen_latest = True  # the message being answered now
            continue
        text = event.get("text") or ""
        if text and not text.startswith("/"):
            texts.append(text)
    return texts


def _turns(events: list[Event]) -> list[list[Event]]:
    """The events after each earlier user message, most recent turn first (the turn of
    the latest message is left out: it is being handled now)."""
    turns: list[list[Event]] = []
    current: list[Event] = []
    users = 0
    for event in reversed(events):
        if event.get("event") == "user":
            users += 1
            if users > 1:
                turns.append(list(reversed(current)))
            current = []
            continue
        current.append(event)
    return turns


def misses(events: Iterable[Event], slot: str) -> int:
    """Earlier messages, since ``slot`` was first asked, after which it was still empty."""
    count = 0
    for turn in _turns(list(events)):
        slots = {e.get("name"): e.get("value") for e in turn if e.get("event") == "slot"}
        if slots.get(REQUESTED, slot) != slot or slots.get(slot) is not None:
            break  # before this turn another question was open, or it was answered
        if any(e.get("event") == "active_loop" for e in turn):
            break  # the form (re)started here
        if slot in slots and (slot != "intake_bevestigd" or DISPLAY not in slots):
            count += 1
    return count


def already_said(text: object) -> str | None:
    """The message without its "dat zei ik al", or None when it has no such complaint."""
    message = clean(text)
    if not _ALREADY_SAID.search(message):
        return None
    return clean(_ALREADY_SAID.sub(" ", message)).strip(" ,.;:!?-")
