"""Reading a conversation from its tracker events (plain dicts, as Rasa stores them).

The action server uses it to build the transcript of an overdracht and to tell why the
ondernemer is handed over; the API uses it to find the messages the ondernemer sent
while an adviser held the conversation. Nothing here imports Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from assistant.handoff.models import Reden, Van

Event = dict[str, Any]

# The bot's first answer to a sensitive situation (schulden, faillissement, zorgen).
SENSITIVE_RESPONSE = "utter_gevoelig"
# The bot's offer of an adviser after misunderstanding the ondernemer twice in a row.
MISUNDERSTANDING_OFFER = "utter_overdracht_aanbod_onbegrip"
# The answers that say the bot did not understand a message.
NOT_UNDERSTOOD = frozenset({"utter_fallback", MISUNDERSTANDING_OFFER, "utter_default"})
# Metadata on a bot event that carries an adviser's message into the channel.
ADVISER_METADATA = {"van": Van.ADVISEUR.value}

MAX_LINES = 1000
MAX_TEXT = 4000

# Signs that someone is in distress beyond the business (then 113 is offered too).
_DISTRESS = re.compile(
    r"zie het (\w+ )?niet meer zitten|wil niet meer (leven|verder)|wil dood|dood willen"
    r"|een eind(e)? aan (mijn leven|maken)|zelfmoord|su[iï]cid|niet meer leven"
    r"|trek het niet meer|kan het niet meer aan",
    re.IGNORECASE,
)


def shows_distress(text: str) -> bool:
    """Whether the text shows signs of personal distress ("ik zie het niet meer zitten")."""
    return bool(_DISTRESS.search(text or ""))


def _time(event: Event) -> datetime:
    return datetime.fromtimestamp(float(event.get("timestamp") or 0), UTC)


def _is_user(event: Event) -> bool:
    return event.get("event") == "user"


def _is_bot(event: Event) -> bool:
    return event.get("event") == "bot"


def _utter_action(event: Event) -> str:
    return (event.get("metadata") or {}).get("utter_action") or ""


def transcript(events: Sequence[Event]) -> list[dict[str, str]]:
    """The ondernemer's and the bot's lines, oldest first, without intents.

    A button click shows as the button's title; an adviser's message (sent into the
    channel during an earlier takeover) as ``adviseur``. At most ``MAX_LINES`` lines.
    """
    lines: list[dict[str, str]] = []
    titles: dict[str, str] = {}  # payload → title of the buttons shown since the last message
    for event in events:
        text = (event.get("text") or "").strip()
        if _is_bot(event):
            for button in (event.get("data") or {}).get("buttons") or []:
                titles[str(button.get("payload"))] = str(button.get("title") or "")
            metadata = event.get("metadata") or {}
            van = Van.ADVISEUR if metadata.get("van") == Van.ADVISEUR else Van.BOT
        elif _is_user(event):
            if text.startswith("/"):
                text = titles.get(text, "")  # a payload nobody typed: keep only a title
            titles = {}
            van = Van.ONDERNEMER
        else:
            continue
        if text:
            lines.append({"van": van.value, "tekst": text[:MAX_TEXT],
                          "tijd": _time(event).isoformat()})
    return lines[-MAX_LINES:]


def misunderstood_before_latest(events: Sequence[Event]) -> int:
    """How many messages in a row, right before the latest one, the bot did not
    understand (it answered them by saying so)."""
    missed: list[bool] = []
    for event in events:
        if _is_user(event):
            missed.append(False)
        elif _is_bot(event) and _utter_action(event) in NOT_UNDERSTOOD and missed:
            missed[-1] = True
    count = 0
    for was_missed in reversed(missed[:-1]):
        if not was_missed:
            break
        count += 1
    return count


def _latest_user_index(events: Sequence[Event], before: int | None = None) -> int | None:
    stop = len(events) if before is None else before
    for index in range(stop - 1, -1, -1):
        if _is_user(events[index]):
            return index
    return None


def latest_message_time(events: Sequence[Event]) -> datetime | None:
    """When the ondernemer sent their latest message (None when there is none)."""
    index = _latest_user_index(events)
    return _time(events[index]) if index is not None else None


def said_before_latest(events: Sequence[Event]) -> list[str]:
    """Names of the responses the bot uttered between the ondernemer's previous and
    latest message."""
    latest = _latest_user_index(events)
    if latest is None:
        return []
    previous = _latest_user_index(events, latest)
    start = 0 if previous is None else previous + 1
    return [_utter_action(e) for e in events[start:latest] if _is_bot(e)]


@dataclass(frozen=True)
class Request:
    """The ondernemer's message that asked for the hand-off, and why."""

    index: int
    message_id: str
    reden: Reden


def handoff_request(events: Sequence[Event], *, before_question: str | None = None) -> Request:
    """The message that asked for an adviser.

    That is the latest message, or, when the bot asked ``before_question`` (the consent
    question) right before the latest message, the message before that question.
    The reden: ``gevoelig`` once the ondernemer raised a sensitive situation,
    ``onbegrip`` when the request answers the offer made after misunderstanding,
    otherwise ``verzoek``.
    """
    index = _latest_user_index(events)
    if index is None:
        raise ValueError("no message of the ondernemer in the conversation")
    if before_question is not None and before_question in said_before_latest(events):
        asked = max(i for i in range(index) if _utter_action(events[i]) == before_question)
        before = _latest_user_index(events, asked)
        if before is not None:
            index = before
    upto = events[: index + 1]
    if any(_is_bot(e) and _utter_action(e) == SENSITIVE_RESPONSE for e in events[:index]):
        reden = Reden.GEVOELIG
    elif MISUNDERSTANDING_OFFER in said_before_latest(upto):
        reden = Reden.ONBEGRIP
    else:
        reden = Reden.VERZOEK
    request = events[index]
    message_id = str(request.get("message_id") or request.get("timestamp") or index)
    return Request(index=index, message_id=message_id, reden=reden)


def messages_during_takeover(
    events: Sequence[Event], since: datetime
) -> list[tuple[datetime, str]]:
    """The ondernemer's messages while the conversation was paused for an adviser,
    sent after ``since``: ``(time, text)``, oldest first."""
    paused = False
    found: list[tuple[datetime, str]] = []
    for event in events:
        kind = event.get("event")
        if kind == "pause":
            paused = True
        elif kind in ("resume", "restart"):
            paused = False
        elif paused and _is_user(event):
            text = (event.get("text") or "").strip()
            if text and _time(event) > since:
                found.append((_time(event), text[:MAX_TEXT]))
    return found
