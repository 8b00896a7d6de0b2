"""AVG in the conversation: "verwijder mijn gegevens".

It says exactly what was erased (the API's counts). A dossiernummer from another
conversation is never erased on the number alone: the API mails a confirmation link to
the e-mail address on that dossier (``request_dossier_erasure``).

The rules ask for confirmation first (``utter_erase_data_bevestigen``). After "ja",
``action_erase_data`` asks the API to erase everything of this conversation (intakes,
overdrachten with transcript, scans) through the durable outbox: when the API is away
the request is kept and retried until it is done, exactly once. Then every slot of the
conversation is reset, so nothing personal stays in the conversation state either.

Before that, this action server's outbox forgets every request of the conversation
(``Outbox.forget_conversation``): an intake still waiting for the API would otherwise
arrive after the erasure. With several action-server replicas each has its own outbox;
a request still queued on another replica is refused by the API when it arrives, as it
was queued before the erasure (``api/erasure.py``).

What remains, and for how long: Rasa's tracker store keeps the conversation's events
(the messages) until the retention job (run by the API, hourly) deletes
them; the conversation id stays in the erasure log until then.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher

from assistant.outbox import get_outbox, idempotency_key
from assistant.settings import get_settings


def erasure_path(conversation_id: str) -> str:
    return f"/api/v1/gesprekken/{quote(conversation_id, safe='')}/verwijderverzoeken"


class ActionEraseData(Action):
    """Erase the ondernemer's data in the API and reset the conversation's slots."""

    def name(self) -> str:
        return "action_erase_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message_id = (tracker.latest_message or {}).get("message_id")
        key = idempotency_key("verwijderen", tracker.sender_id, message_id)
        outbox = get_outbox(get_settings())
        outbox.forget_conversation(tracker.sender_id)
        delivery = await outbox.send(erasure_path(tracker.sender_id), {}, key)
        if delivery.response is not None:
            erased = erased_text(delivery.response.get("verwijderd") or {})
            dispatcher.utter_message(response="utter_erase_data_klaar" if erased
                                     else "utter_erase_data_niets", wat=erased)
        else:
            dispatcher.utter_message(response="utter_erase_data_later")
        return [ActiveLoop(None), AllSlotsReset()]


# How the API's counts read in a sentence: (singular, plural).
_ERASED_NAMES = {
    "intakes": ("je hulpvraag (intake)", "{n} hulpvragen (intakes)"),
    "overdrachten": ("je aanvraag voor een adviseur", "{n} aanvragen voor een adviseur"),
    "scans": ("je bedrijfsscan", "{n} bedrijfsscans"),
}


def erased_text(counts: dict[str, int]) -> str:
    """ "je hulpvraag (intake) en je bedrijfsscan"; empty when nothing was stored."""
    parts = [(one if counts[key] == 1 else many.format(n=counts[key]))
             for key, (one, many) in _ERASED_NAMES.items() if counts.get(key)]
    return " en ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


def dossier_erasure_path(referentie: str) -> str:
    return f"/api/v1/dossiers/{quote(referentie, safe='')}/verwijderverzoeken"


async def request_dossier_erasure(dispatcher: CollectingDispatcher, tracker: Tracker,
                                  referentie: str) -> list[EventType]:
    """A dossier from another conversation: the API mails a confirmation link to the
    dossier's own e-mail address; nothing is erased on the number alone."""
    message_id = (tracker.latest_message or {}).get("message_id")
    key = idempotency_key("dossier-verwijderen", tracker.sender_id, message_id)
    await get_outbox(get_settings()).send(dossier_erasure_path(referentie), {}, key)
    dispatcher.utter_message(response="utter_erase_dossier_link", referentie=referentie)
    return []
