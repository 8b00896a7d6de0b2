"""Helpers shared by the channels: text splitting, numbered options, settings, and
pseudonymous conversation ids."""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Iterable
from time import monotonic
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV


def setting(credentials: dict[str, Any], key: str, env: str, default: str | None = None) -> Any:
    """A channel setting: from the credentials file, else an environment variable, else the
    default. Optional knobs live in the environment so that the credentials file only
    names the required ones (Rasa refuses unset ``${VAR}``s)."""
    value = credentials.get(key)
    if value in (None, ""):
        value = os.environ.get(env) or default
    return value


class SenderIds:
    """A channel's user id (phone number, Teams user id) ⇄ pseudonymous conversation id:
    ``prefix`` plus the id encrypted deterministically (AES-SIV) with a secret key, so
    trackers, logs, the API and the adviser page never see the real id; only the
    channel turns it back, to reply."""

    def __init__(self, secret: str, prefix: str, env: str) -> None:
        if not secret or len(secret) < 16:
            raise ValueError(f"sender_key ({env}) must be at least 16 characters long")
        self.prefix = prefix
        self._siv = AESSIV(hashlib.sha512(secret.encode("utf-8")).digest())

    def pseudonym(self, address: str) -> str:
        sealed = self._siv.encrypt(address.encode("utf-8"), None)
        return self.prefix + base64.urlsafe_b64encode(sealed).decode("ascii").rstrip("=")

    def address(self, pseudonym: str) -> str | None:
        if not pseudonym.startswith(self.prefix):
            return None
        token = pseudonym[len(self.prefix):]
        try:
            sealed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            return self._siv.decrypt(sealed, None).decode("utf-8")
        except (ValueError, InvalidTag):
            return None


def split_text(text: str, limit: int) -> list[str]:
    """Split ``text`` into parts of at most ``limit`` characters, preferring paragraph,
    line, sentence and word boundaries, in that order."""
    text = text.strip()
    parts: list[str] = []
    while len(text) > limit:
        window = text[:limit + 1]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            position = window.rfind(separator, 0, limit)
            if position > limit // 3:
                cut = position + (1 if separator == ". " else 0)
                break
        if cut <= 0:
            cut = limit
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def or_list(items: list[str]) -> str:
    """'1', '1 of 2', '1, 2 of 3'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " of " + items[-1]


def numbered_options(text: str, buttons: Iterable[dict[str, Any]]) -> str:
    """The text, the buttons as a numbered list and how to choose ("Typ 1, 2 of 3.")."""
    titles = [str(button.get("title", "")).strip() for button in buttons]
    lines = [f"{number}. {title}" for number, title in enumerate(titles, start=1)]
    numbers = [str(number) for number in range(1, len(titles) + 1)]
    chooser = f"Typ {or_list(numbers)}."
    body = text.strip()
    return "\n\n".join(part for part in (body, "\n".join(lines), chooser) if part)


_NUMBER = re.compile(r"^\s*(?:optie\s+|keuze\s+|nummer\s+)?(\d{1,2})\s*[.)]?\s*$", re.IGNORECASE)


def chosen_number(text: str) -> int | None:
    """1-based number when the message is only a number ("2", "2.", "optie 2")."""
    match = _NUMBER.match(text or "")
    return int(match.group(1)) if match else None


def offered_buttons(events: Iterable[Any]) -> list[dict[str, Any]]:
    """The buttons of the last bot message, if the user has not written since.

    ``events`` are Rasa events (objects) or their dicts, oldest first."""
    for event in reversed(list(events)):
        kind = event.get("event") if isinstance(event, dict) else getattr(event, "type_name", "")
        if kind == "user":
            return []
        if kind == "bot":
            data = event.get("data") if isinstance(event, dict) else getattr(event, "data", {})
            data = data or {}
            buttons = data.get("buttons") or data.get("quick_replies") or []
            if buttons:
                return [b for b in buttons if isinstance(b, dict) and b.get("payload")]
    return []


class TtlSet:
    """Remembers keys for ``ttl`` seconds (at most ``size`` of them): repeated deliveries."""

    def __init__(self, ttl: float = 3600, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._seen: OrderedDict[str, float] = OrderedDict()

    def add(self, key: str) -> bool:
        """True when ``key`` is new (and remembers it), False when it was seen."""
        now = monotonic()
        while self._seen and (next(iter(self._seen.values())) < now - self.ttl
                              or len(self._seen) >= self.size):
            self._seen.popitem(last=False)
        if key in self._seen:
            return False
        self._seen[key] = now
        return True

    def discard(self, key: str) -> None:
        self._seen.pop(key, None)


def short_id(identifier: str) -> str:
    """A log-safe hint of a (pseudonymous) conversation id: its first characters."""
    return (identifier or "")[:10] + "…"
