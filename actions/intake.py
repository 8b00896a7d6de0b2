"""The intake conversation: a Rasa form that feels like a conversation.

``validate_intake_form`` interprets every message during the form:

- several answers in one message are all taken (``assistant.intake.extract``);
- a correction ("nee, het zijn er 8") updates the earlier answer, also at the summary;
- optional fields can be skipped; required ones explain why they are needed;
- a question in between (a regeling, "ben je een robot?") is not taken as an answer:
  the form steps aside, a rule answers it and the form resumes;
- consent comes first: without it nothing personal is kept.

The Dutch texts are responses in ``domain.yml`` and validator messages in
``assistant/intake/meldingen.yml``.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_intent, latest_text, said_since_user
from assistant.intake import fields
from assistant.intake.result import Absent
from assistant.outbox import get_outbox, idempotency_key
from assistant.privacy.consent import CONSENT_TIME_SLOT, consent_fields, moment_of_latest_message
from assistant.settings import get_settings

FORM = "intake_form"
CONSENT = "intake_toestemming"
CONFIRMED = "intake_bevestigd"
SKIPPED = "intake_overgeslagen"
DISPLAY = "intake_weergave"

# Intents that, said with confidence, are a question in between rather than an answer.
INTERRUPTIONS = {
    "ask_regeling", "request_adviser", "bot_challenge", "capabilities", "greet", "thank",
    "erase_data", "sensitive_situation",
    "stop", "goodbye", "out_of_scope", "insult", "other_language", "start_scan",
    "nlu_fallback",
}
# The hulpvraag may itself sound like a regeling question or a wish for help.
INTERRUPTION_EXCEPTIONS = {"hulpvraag": {"ask_regeling", "request_adviser", "start_scan"}}
CONFIDENT = 0.75
# Any text is a valid answer for these, so a confident question in between wins.
FREE_TEXT = {"hulpvraag", "contactpersoon", "bedrijfsnaam"}


class ValidateIntakeForm(FormValidationAction):
    """Interprets each answer during the intake (see the module docstring)."""

    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        if tracker.get_slot(CONSENT) is False:
            return []  # the submit action explains what happens without consent
        skipped = set(tracker.get_slot(SKIPPED) or [])
        wanted = [CONSENT, *fields.ORDER]
        preference = tracker.get_slot("contactvoorkeur")
        wanted += fields.contact_slots(preference)
        wanted.append(CONFIRMED)
        return [slot for slot in wanted if slot not in skipped]

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        events = self._interpret(dispatcher, tracker, requested) if requested else []
        if requested and not events:
            return []  # not an answer: let the rules handle it, the form resumes after
        tracker.add_slots(events)
        next_slot = await self.next_requested_slot(dispatcher, tracker, domain)
        return events + ([next_slot] if next_slot else [])

    def _interpret(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, requested: str
    ) -> list[EventType]:
        text = latest_text(tracker)
        intent, confidence = latest_intent(tracker)
        if requested == CONSENT:
            return self._consent(tracker, intent)
        if requested == CONFIRMED:
            return self._confirmation(dispatcher, tracker, text, intent)
        if intent == "skip":
            return self._skip(dispatcher, tracker, requested)

        found = fields.extract(text, requested)
        answer = found.pop(requested, None)
        interruption = (
            intent in INTERRUPTIONS - INTERRUPTION_EXCEPTIONS.get(requested, set())
            and confidence >= CONFIDENT
        )
        if interruption and (requested in FREE_TEXT or answer is None or not answer.ok):
            return []
        if intent == "deny" and requested in fields.OPTIONAL and (answer is None or not answer.ok):
            return self._skip(dispatcher, tracker, requested)  # "liever niet"
        if answer is not None and not answer.ok:
            dispatcher.utter_message(text=answer.message, buttons=_buttons(answer.options))
            return [*self._slot_events(tracker, found), SlotSet(requested, None)]
        if answer is not None:
            found[requested] = answer
        return self._slot_events(tracker, found)

    def _consent(self, tracker: Tracker, intent: str) -> list[EventType]:
        if intent == "affirm":
            return [SlotSet(CONSENT, True),
                    SlotSet(CONSENT_TIME_SLOT, moment_of_latest_message(tracker.events))]
        if intent in ("deny", "stop"):
            return [SlotSet(CONSENT, False)]
        return []  # a question about the consent: answered by the rules, then asked again

    def _confirmation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str, intent: str
    ) -> list[EventType]:
        changes = self._slot_events(tracker, fields.extract(text, None))
        if changes:
            return [*changes, SlotSet(CONFIRMED, None)]  # show the summary again
        if intent == "affirm":
            return [SlotSet(CONFIRMED, True)]
        if intent in ("deny", "correct", "inform"):
            dispatcher.utter_message(response="utter_intake_wat_aanpassen")
            return [SlotSet(CONFIRMED, None)]
        return []

    def _skip(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, requested: str
    ) -> list[EventType]:
        if requested in fields.OPTIONAL:
            skipped = [*(tracker.get_slot(SKIPPED) or []), requested]
            return [SlotSet(SKIPPED, skipped), SlotSet(requested, None)]
        dispatcher.utter_message(response="utter_intake_verplicht")
        return [SlotSet(requested, None)]

    def _slot_events(self, tracker: Tracker, answers: dict[str, Any]) -> list[EventType]:
        """SlotSets for valid answers, plus how each is shown in the summary."""
        display = dict(tracker.get_slot(DISPLAY) or {})
        skipped = [s for s in (tracker.get_slot(SKIPPED) or []) if s not in answers]
        events: list[EventType] = []
        for slot, result in answers.items():
            if not result.ok:
                continue
            for name, value in fields.slot_values(slot, result).items():
                events.append(SlotSet(name, value))
            display[slot] = result.display
            if isinstance(result, Absent):  # "heb ik nog niet": answered, nothing to store
                skipped.append(slot)
        if events:
            events += [SlotSet(DISPLAY, display), SlotSet(SKIPPED, skipped)]
        return events


class ActionAskIntakeToestemming(Action):
    """Asks for consent, naming the retention period from the settings."""

    def name(self) -> str:
        return "action_ask_intake_toestemming"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        dispatcher.utter_message(
            response="utter_intake_toestemming",
            bewaartermijn=get_settings().retention_months,
        )
        return []


class ActionAskIntakeBevestigd(Action):
    """Shows the summary to confirm or correct (not again right after 'wat moet anders?')."""

    def name(self) -> str:
        return "action_ask_intake_bevestigd"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if "utter_intake_wat_aanpassen" in said_since_user(tracker):
            return []
        dispatcher.utter_message(
            response="utter_intake_samenvatting", samenvatting=summary(tracker)
        )
        return []


def summary(tracker: Tracker) -> str:
    display = tracker.get_slot(DISPLAY) or {}
    skipped = set(tracker.get_slot(SKIPPED) or [])
    labels = fields.labels()
    lines = []
    for slot in fields.summary_slots(tracker.get_slot("contactvoorkeur")):
        if slot in display:
            lines.append(f"- {labels[slot]}: {display[slot]}")
        elif slot in skipped:
            lines.append(f"- {labels[slot]}: {labels['overgeslagen']}")
    return "\n".join(lines)


class ActionSubmitIntake(Action):
    """Stores the finished intake through the API, or explains what happens without consent."""

    def name(self) -> str:
        return "action_submit_intake"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if tracker.get_slot(CONSENT) is False:
            dispatcher.utter_message(response="utter_intake_geen_toestemming")
            return forget_intake()
        if tracker.get_slot(CONFIRMED) is not True:
            return []
        settings = get_settings()
        payload = {
            **fields.record(tracker.current_slot_values()),
            "conversation_id": tracker.sender_id,
            "kanaal": _channel(tracker),
            **consent_fields(tracker.current_slot_values(), settings.consent_text_version),
        }
        key = idempotency_key("intake", tracker.sender_id, payload)
        delivery = await get_outbox(settings).send("/api/v1/intakes", payload, key)
        referentie = (delivery.response or {}).get("referentie")
        if referentie:
            dispatcher.utter_message(response="utter_intake_opgeslagen", referentie=referentie)
            return [SlotSet("intake_referentie", referentie)]
        dispatcher.utter_message(response="utter_intake_niet_opgeslagen")
        return []


class ActionStopIntake(Action):
    """'Laat maar': stop cleanly and say what was kept."""

    def name(self) -> str:
        return "action_stop_intake"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_intake_gestopt")
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionResumeIntake(Action):
    """After a stopped intake, 'ik wil iets veranderen' picks it up again."""

    def name(self) -> str:
        return "action_resume_intake"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if tracker.get_slot("intake_referentie"):
            dispatcher.utter_message(response="utter_intake_al_opgeslagen",
                                     referentie=tracker.get_slot("intake_referentie"))
            return []
        if not tracker.get_slot(CONSENT):
            dispatcher.utter_message(response="utter_anything_else")
            return []
        dispatcher.utter_message(response="utter_intake_verder")
        return [SlotSet(CONFIRMED, None)] + [_followup(FORM)]


def forget_intake() -> list[EventType]:
    """Clear every personal intake slot (no consent, or erasure)."""
    slots = [CONSENT, *fields.ALL_SLOTS, CONFIRMED, SKIPPED, DISPLAY]
    return [SlotSet(slot, None) for slot in slots]


def _followup(action: str) -> EventType:
    from rasa_sdk.events import FollowupAction

    return FollowupAction(action)


def _channel(tracker: Tracker) -> str:
    return (tracker.get_latest_input_channel() or "rest").lower()


def _buttons(options: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"title": option, "payload": option} for option in options]
