"""AVG in the conversation: "verwijder mijn gegevens".

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
(the messages) until the retention job (``python -m api.retention``, daily) deletes
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
            dispatcher.utter_message(response="utter_erase_data_klaar")
        else:
            dispatcher.utter_message(response="utter_erase_data_later")
        return [ActiveLoop(None), AllSlotsReset()]
