"""A calm Dutch message when the action server cannot run an action.

Rasa 3.6 raises a ``RasaException`` from ``RemoteAction.run`` when the action server is
unreachable or answers with an error; the message processor logs it, drops the action's
events and carries on, so the ondernemer hears nothing. This wraps ``RemoteAction.run``:
on such a failure it tells the ondernemer once per message (several actions may fail in
one turn) and re-raises, so Rasa's own handling is unchanged. The conversation state
(form, slots) stays as it was; after the restart the ondernemer's next message
continues where the conversation was.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

TEXT = (
    "Sorry, er gaat bij mij even iets mis. Je antwoorden ben ik niet kwijt. "
    "Stuur je bericht over een paar minuten nog een keer, dan gaan we verder waar we waren."
)
_REMEMBER = 10_000
logger = logging.getLogger(__name__)
_told: OrderedDict[str, str] = OrderedDict()


def _first_time(sender_id: str, message_id: str | None) -> bool:
    """True once per (conversation, user message)."""
    if message_id is not None and _told.get(sender_id) == message_id:
        return False
    _told[sender_id] = message_id
    _told.move_to_end(sender_id)
    while len(_told) > _REMEMBER:
        _told.popitem(last=False)
    return True


def install() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    if getattr(RemoteAction.run, "_schakel", False):
        return
    original = RemoteAction.run

    async def run(self, output_channel, nlg, tracker, domain):
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except ActionExecutionRejection:
            raise
        except Exception:
            message_id = (tracker.latest_message.message_id
                          if tracker.latest_message else None)
            if _first_time(tracker.sender_id, message_id):
                logger.warning("Actieserver niet bereikbaar bij '%s': melding gestuurd",
                               self.name())
                try:
                    await output_channel.send_text_message(tracker.sender_id, TEXT)
                except Exception:
                    logger.exception("Melding over de storing niet verstuurd")
            raise

    run._schakel = True
    RemoteAction.run = run
