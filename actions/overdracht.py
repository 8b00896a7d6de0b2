"""The hand-off to a schakelteam adviseur, in the conversation.

- ``action_overdracht_start``: the ondernemer asked for a person (or said yes to the
  offer after misunderstanding or a sensitive situation). Asks consent first, unless
  the intake already has it; then creates the overdracht.
- ``answer_consent``: the answer to that consent question (yes and no are read by
  ``action_understand``, which calls it).
- ``while_waiting``: a message typed while the overdracht waits for an adviser goes
  into its thread, and the ondernemer hears where they stand (``action_understand``
  calls it first).
- ``action_gevoelige_situatie``: schulden, faillissement, stoppen, distress: a warm
  answer, the public help lines, and the offer of an adviser (urgentie hoog).

The overdracht goes to the API through the durable outbox: when the API is down the
request is kept on disk and retried until it is accepted, exactly once. Why the
hand-off happens, the transcript and the payload come from ``assistant.handoff``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_text
from assistant.handoff.conversation import (
    handoff_request,
    latest_message_time,
    said_before_latest,
    shows_distress,
)
from assistant.handoff.models import Kanaal
from assistant.handoff.payload import channel_of, overdracht_payload
from assistant.handoff.texts import text as handoff_text
from assistant.knowledge.answers import answer_fields
from assistant.outbox import get_outbox, idempotency_key
from assistant.privacy.consent import CONSENT_TIME_SLOT, moment_of_latest_message
from assistant.settings import get_settings

CONSENT_QUESTION = "utter_ask_overdracht_toestemming"
REFERENTIE = "overdracht_referentie"
CONSENT = "overdracht_toestemming"
PATH = "/api/v1/overdrachten"
WAITING_PATH = "/api/v1/wachtberichten"
MAX_WAITING_TEXT = 4000


def _has_consent(tracker: Tracker) -> bool:
    return tracker.get_slot(CONSENT) is True or tracker.get_slot("intake_toestemming") is True


class ActionOverdrachtStart(Action):
    """Asks consent for the hand-off, or makes it when consent is already there."""

    def name(self) -> str:
        return "action_overdracht_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        referentie = tracker.get_slot(REFERENTIE)
        if referentie:
            dispatcher.utter_message(response="utter_overdracht_al_aangevraagd",
                                     referentie=referentie)
            return []
        if not _has_consent(tracker):
            dispatcher.utter_message(
                response=CONSENT_QUESTION, bewaartermijn=get_settings().retention_months
            )
            return []
        return await create_overdracht(dispatcher, tracker)


async def answer_consent(dispatcher: CollectingDispatcher, tracker: Tracker, *, given: bool
                         ) -> list[EventType]:
    """The ondernemer said yes (``given``) or no to the consent question."""
    if CONSENT_QUESTION not in said_before_latest(tracker.events):
        dispatcher.utter_message(response="utter_anything_else")  # nothing was asked
        return []
    if not given:
        dispatcher.utter_message(response="utter_overdracht_geen_toestemming")
        return [SlotSet(CONSENT, False)]
    events = [SlotSet(CONSENT, True),
              SlotSet(CONSENT_TIME_SLOT, moment_of_latest_message(tracker.events))]
    slots = {**tracker.current_slot_values(), **{e["name"]: e["value"] for e in events}}
    return [*events, *await create_overdracht(dispatcher, tracker, slots)]


async def create_overdracht(dispatcher: CollectingDispatcher, tracker: Tracker,
                            slots: dict[str, Any] | None = None) -> list[EventType]:
    """POST the overdracht through the outbox and tell the ondernemer what happens next.

    ``slots``: the conversation's slots when the caller has just changed some."""
    events = tracker.events
    settings = get_settings()
    request = handoff_request(events, before_question=CONSENT_QUESTION)
    payload = overdracht_payload(
        conversation_id=tracker.sender_id,
        input_channel=tracker.get_latest_input_channel(),
        events=events,
        slots=slots if slots is not None else tracker.current_slot_values(),
        request=request,
        consent_version=settings.consent_text_version,
    )
    key = idempotency_key("overdracht", tracker.sender_id, request.message_id)
    outbox = get_outbox(settings)
    stored = (await outbox.send(PATH, payload, key)).response
    if stored is not None:
        dispatcher.utter_message(
            response="utter_overdracht_gemaakt", verwachting=stored["verwachting"]["tekst"]
        )
        if channel_of(tracker.get_latest_input_channel()) == Kanaal.REST:
            # The REST chat page has no push: this tells it to ask for adviser messages.
            dispatcher.utter_message(json_message={"overdracht": stored["referentie"]})
        return [SlotSet(REFERENTIE, stored["referentie"])]
    if outbox.delivered_response(key) is not None:  # refused for good: not kept
        dispatcher.utter_message(response="utter_overdracht_mislukt")
    else:
        dispatcher.utter_message(response="utter_overdracht_bewaard")
    return []


async def while_waiting(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> bool:
    """Put the ondernemer's message in the thread of their overdracht, if one is open.

    Returns True when the overdracht waits for an adviser: then the ondernemer was told
    where they stand (place in the queue, or the call-back and how) and the bot says
    no more than a real answer. The request goes through the outbox: when the API is
    down the message is kept and delivered later, and the ondernemer hears it is kept.
    """
    if not tracker.get_slot(REFERENTIE) or not text.strip() or text.startswith("/"):
        return False
    moment = latest_message_time(tracker.events)
    if moment is None:
        return False
    latest = tracker.latest_message or {}
    message_id = latest.get("message_id") or moment.timestamp()
    payload = {"conversation_id": tracker.sender_id, "tekst": text[:MAX_WAITING_TEXT],
               "tijd": moment.isoformat()}
    key = idempotency_key("wachtbericht", tracker.sender_id, message_id)
    answer = (await get_outbox(get_settings()).send(WAITING_PATH, payload, key)).response
    if answer is None:  # kept in the outbox: it reaches the thread once the API is back
        dispatcher.utter_message(text=handoff_text("wachten", "ontvangen"))
        return True
    if not answer.get("wachtend"):
        return False
    dispatcher.utter_message(text=answer["antwoord"])
    return True


class ActionGevoeligeSituatie(Action):
    """Schulden, faillissement, stoppen, zorgen: care, help lines, a person."""

    def name(self) -> str:
        return "action_gevoelige_situatie"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        respond_to_sensitive(dispatcher, latest_text(tracker))
        return []


def respond_to_sensitive(dispatcher: CollectingDispatcher, text: str, entry=None) -> None:
    """Care first, then what the knowledge base says about the situation (``entry``,
    for example faillissement), the help lines and the offer of an adviser."""
    dispatcher.utter_message(response="utter_gevoelig")
    if shows_distress(text):
        dispatcher.utter_message(response="utter_gevoelig_113")
    if entry is not None:
        dispatcher.utter_message(response="utter_onderwerp_kort", **answer_fields(entry))
    dispatcher.utter_message(response="utter_gevoelig_hulp")
    dispatcher.utter_message(response="utter_gevoelig_aanbod")
