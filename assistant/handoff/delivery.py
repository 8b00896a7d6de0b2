"""The ondernemer's conversation, as the overdracht API sees it: the ``Channel``.

The API stores first and then calls the app's channel (``app.state.channel``):

- ``pause`` when an adviser claims: the bot stays quiet;
- ``deliver`` an adviser's message into the ondernemer's channel;
- ``ondernemer_messages``: what the ondernemer wrote during the takeover, for the thread;
- ``resume`` on vrijgeven or sluiten: the bot answers again;
- ``tell`` the ondernemer something from Schakel (a time-out, see waiting.py).

``assistant.handoff.rasa_channel.RasaChannel`` does this through Rasa's HTTP API.
``StoreOnly`` does nothing: messages stay in the thread (``afgeleverd`` false) and a
chat page that polls can still pick them up.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from assistant.handoff.models import Overdracht


class Channel(Protocol):
    async def pause(self, overdracht: Overdracht) -> None:
        """An adviser took the conversation: the bot stops answering."""
        ...

    async def resume(self, overdracht: Overdracht, *, gesloten: bool, tell: bool) -> None:
        """The bot answers again; ``tell``: say so to the ondernemer (vrijgegeven or
        gesloten). ``gesloten``: the overdracht is finished, a new one may be asked."""
        ...

    async def deliver(self, overdracht: Overdracht, tekst: str) -> bool:
        """Send an adviser's ``tekst`` into the overdracht's conversation.

        Return True when the channel pushed it to the ondernemer. Raising is allowed:
        the API logs the failure type and keeps the message as not delivered.
        """
        ...

    async def last_message_at(self, overdracht: Overdracht) -> datetime | None:
        """When the ondernemer last wrote in the conversation (None: unknown)."""
        ...

    async def tell(self, overdracht: Overdracht, tekst: str) -> bool:
        """Send ``tekst`` as Schakel into the conversation; True when pushed."""
        ...

    async def ondernemer_messages(self, overdracht: Overdracht) -> list[tuple[datetime, str]]:
        """Everything the ondernemer wrote while the conversation was taken over:
        ``(time, text)``, oldest first (the API stores each once)."""
        ...


class StoreOnly:
    """No channel: everything stays in the thread."""

    async def pause(self, overdracht: Overdracht) -> None:
        return None

    async def resume(self, overdracht: Overdracht, *, gesloten: bool, tell: bool) -> None:
        return None

    async def deliver(self, overdracht: Overdracht, tekst: str) -> bool:
        return False

    async def tell(self, overdracht: Overdracht, tekst: str) -> bool:
        return False

    async def last_message_at(self, overdracht: Overdracht) -> datetime | None:
        return None

    async def ondernemer_messages(self, overdracht: Overdracht) -> list[tuple[datetime, str]]:
        return []
