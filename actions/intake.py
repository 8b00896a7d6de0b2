"""The intake conversation: a Rasa form that feels like a conversation.

``validate_intake_form`` interprets every message during the form:

- several answers in one message are all taken (``assistant.intake.extract``); an
  answer that holds the next one counts for both (an e-mail address as the contact
  preference);
- a correction ("nee, het zijn er 8", "de gemeente is Dronten") updates the earlier
  answer, also at the summary;
- optional fields can be skipped; required ones explain why they are needed; after two
  misses on one question the way out is offered: skip it, or a person;
- "dat zei ik al" takes the answer from the earlier messages, never the complaint;
- a question in between (a regeling, "ben je een robot?") is not taken as an answer:
  the form steps aside, a rule answers it and the form resumes; thanks, a goodbye or
  an insult get one line here and the question again (never the main menu);
- consent comes first, read from messy Dutch ("als het moet dan mag het"); an unclear
  answer gets the question again with what yes and no mean. Without consent nothing
  personal is kept; once it is given, what was said before fills the fields.

The validation only lets the form be rejected for a question in between that a rule
inside the intake answers (``INTERRUPTIONS``, see data/rules/intake.yml): a rejected
form without such a rule would be left half-active.

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
from assistant.intake.extract import extract_fields
from assistant.intake.history import already_said, earlier_user_texts, misses
from assistant.intake.meldingen import melding
from assistant.intake.result import Absent
from assistant.outbox import get_outbox, idempotency_key
from assistant.privacy.consent import CONSENT_TIME_SLOT, consent_fields, moment_of_latest_message
from assistant.settings import get_settings
from assistant.understanding.yes_no import is_unsure, read_yes_no

FORM = "intake_form"
CONSENT = "intake_toestemming"
CONFIRMED = "intake_bevestigd"
SKIPPED = "intake_overgeslagen"
DISPLAY = "intake_weergave"

# Intents that, said with confidence, are a question in between rather than an answer:
# a rule inside the intake answers them and the form asks its question again.
INTERRUPTIONS = {
    "ask_regeling", "request_adviser", "bot_challenge", "greet", "erase_data",
    "sensitive_situation", "stop", "start_scan",
}
# Said with confidence instead of an answer: one calm line here, then the question again
# (the general answers to these show the main menu, which does not belong in a form).
ASIDES = {"out_of_scope", "insult", "other_language", "goodbye", "thank", "capabilities"}
# The hulpvraag may itself sound like a regeling question, a wish for help or a worry.
INTERRUPTION_EXCEPTIONS = {"hulpvraag": {"ask_regeling", "request_adviser", "start_scan",
                                         "sensitive_situation", "out_of_scope", "insult"}}
CONFIDENT = 0.75
# Any text is a valid answer for these, so a confident question in between wins.
FREE_TEXT = {"hulpvraag", "contactpersoon", "bedrijfsnaam"}
# After this many answers without a usable one, the way out is offered (skip, a person).
MISSES_BEFORE_WAY_OUT = 1
# Marks (as ``utter_action``) on the form's own explanations, so the summary is not
# shown again right under "what should change?".
EXPLAINED = "intake_uitleg"
WAY_OUT = "intake_uitweg"


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
        button = text.startswith("/")
        confident = button or confidence >= CONFIDENT
        turn = _Turn(dispatcher, tracker, requested)
        if requested == CONSENT:
            return self._consent(turn, text, intent, confident)
        if requested == CONFIRMED:
            return self._confirmation(turn, text, intent, confident)
        if (rest := already_said(text)) is not None and not button:
            return self._already_said(turn, rest)  # read as "skip" by the classifier
        if intent == "skip":
            return self._skip(turn)
        if button and intent not in INTERRUPTIONS:
            return [SlotSet(requested, None)]  # an old button is no answer: ask again

        found = fields.extract(text, requested)
        answer = found.pop(requested, None)
        not_answered = answer is None or not answer.ok or button or (
            requested in FREE_TEXT and requested not in extract_fields(text))
        exception = not button and intent in INTERRUPTION_EXCEPTIONS.get(requested, ())
        if confident and not_answered and not exception:
            if intent in INTERRUPTIONS:
                return []
            if intent in ASIDES and not _name_like(requested, text):
                dispatcher.utter_message(text=melding(f"tussendoor_{intent}"))
                turn.way_out()
                return [SlotSet(requested, None)]
        if intent == "deny" and requested in fields.OPTIONAL and (answer is None or not answer.ok):
            return self._skip(turn)  # "liever niet"
        if answer is not None and not answer.ok:
            turn.explain(answer.message, answer.options)
            return [*self._slot_events(tracker, found), SlotSet(requested, None)]
        if answer is not None:
            found[requested] = answer
        return self._slot_events(tracker, found)

    def _consent(self, turn: _Turn, text: str, intent: str, confident: bool) -> list[EventType]:
        reading = read_yes_no(text)
        if (reading is None and confident and intent in ("affirm", "deny", "stop")
                and not is_unsure(text)):
            reading = intent == "affirm"
        if reading is True:
            return [SlotSet(CONSENT, True),
                    SlotSet(CONSENT_TIME_SLOT, moment_of_latest_message(turn.tracker.events)),
                    *self._remembered(turn.tracker, text)]
        if reading is False:
            return [SlotSet(CONSENT, False)]
        if confident and intent in INTERRUPTIONS:
            return []  # a question in between: answered by the rules, then asked again
        if confident and intent in ASIDES:
            turn.dispatcher.utter_message(text=melding(f"tussendoor_{intent}"))
            return [SlotSet(CONSENT, None)]
        found = extract_fields(text)
        code = ("toestemming_eerst_kvk" if "kvk_nummer" in found
                else "toestemming_eerst" if found else "toestemming_uitleg")
        turn.explain(melding(code))
        return [SlotSet(CONSENT, None)]  # asked again, with the line above

    def _remembered(self, tracker: Tracker, text: str) -> list[EventType]:
        """Once consent is given: what the ondernemer already told (before the intake,
        or while the consent was asked) fills the fields, so it is not asked again."""
        open_slots = [slot for slot in [*fields.ORDER, *fields.CONTACT_DETAIL]
                      if tracker.get_slot(slot) is None]
        texts = [text, *earlier_user_texts(tracker.events)]
        return self._slot_events(tracker, fields.from_history(texts, open_slots))

    def _confirmation(self, turn: _Turn, text: str, intent: str,
                      confident: bool) -> list[EventType]:
        found = fields.corrections(text) if not text.startswith("/") else {}
        wrong = [result for result in found.values() if not result.ok]
        changes = self._slot_events(turn.tracker, found)
        if changes or wrong:
            if wrong:
                turn.explain(wrong[0].message, wrong[0].options)
            return [*changes, SlotSet(CONFIRMED, None)]  # show the summary again
        reading = read_yes_no(text)
        if reading is None and confident and intent in ("affirm", "deny", "correct"):
            reading = intent == "affirm"
        if reading is True:
            return [SlotSet(CONFIRMED, True)]
        if reading is False:
            turn.dispatcher.utter_message(response="utter_intake_wat_aanpassen")
            return [SlotSet(CONFIRMED, None)]
        if confident and intent in INTERRUPTIONS:
            return []
        turn.explain(melding("correctie_onbekend"))
        return [SlotSet(CONFIRMED, None)]

    def _already_said(self, turn: _Turn, rest: str) -> list[EventType]:
        """"Priya, dat zei ik al": the answer from what they said, never the complaint."""
        requested, tracker = turn.requested, turn.tracker
        stated = fields.extract(rest, None).get(requested) if rest else None
        if stated is None or not stated.ok:
            texts = earlier_user_texts(tracker.events)
            stated = fields.from_history(texts, [requested]).get(requested)
        if stated is None and rest:
            stated = fields.extract(rest, requested)[requested]
        if stated is None or not stated.ok:
            turn.explain(melding("al_gezegd_gemist"))
            return [SlotSet(requested, None)]
        return self._slot_events(tracker, {requested: stated})

    def _skip(self, turn: _Turn) -> list[EventType]:
        requested, tracker = turn.requested, turn.tracker
        if requested in fields.OPTIONAL:
            skipped = [*(tracker.get_slot(SKIPPED) or []), requested]
            return [SlotSet(SKIPPED, skipped), SlotSet(requested, None)]
        turn.dispatcher.utter_message(response="utter_intake_verplicht")
        turn.way_out()
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


class _Turn:
    """The open question in this turn, and how to explain a miss (with a way out after
    two misses on the same question: skip it when optional, or a person)."""

    def __init__(self, dispatcher: CollectingDispatcher, tracker: Tracker, requested: str):
        self.dispatcher, self.tracker, self.requested = dispatcher, tracker, requested

    def explain(self, message: str, options: tuple[str, ...] = ()) -> None:
        self.dispatcher.utter_message(text=message, buttons=_buttons(options),
                                      utter_action=EXPLAINED)
        self.way_out()

    def way_out(self) -> None:
        if misses(self.tracker.events, self.requested) < MISSES_BEFORE_WAY_OUT:
            return
        optional = self.requested in fields.OPTIONAL
        buttons = [{"title": melding("knop_adviseur"), "payload": "/request_adviser"}]
        if optional:
            buttons.insert(0, {"title": melding("knop_overslaan"), "payload": "/skip"})
        code = "uitweg_overslaan" if optional else "uitweg_adviseur"
        self.dispatcher.utter_message(text=melding(code), buttons=buttons, utter_action=WAY_OUT)


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
    """Shows the summary to confirm or correct (not again right after 'wat moet anders?'
    or an explanation of what was not understood)."""

    def name(self) -> str:
        return "action_ask_intake_bevestigd"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        if {"utter_intake_wat_aanpassen", EXPLAINED} & set(said_since_user(tracker)):
            return []
        dispatcher.utter_message(
            response="utter_intake_samenvatting", samenvatting=summary(tracker)
        )
        return []


def summary(tracker: Tracker) -> str:
    """The answers; a field filled outside the form (the gemeente from an earlier
    question) is shown from its value."""
    display = tracker.get_slot(DISPLAY) or {}
    skipped = set(tracker.get_slot(SKIPPED) or [])
    labels = fields.labels()
    lines = []
    for slot in fields.summary_slots(tracker.get_slot("contactvoorkeur")):
        if slot in display:
            lines.append(f"- {labels[slot]}: {display[slot]}")
        elif (value := tracker.get_slot(slot)) is not None:
            lines.append(f"- {labels[slot]}: {fields.display_of(slot, value)}")
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


# Short words that are no name, whatever the classifier thinks of them.
_NOT_NAMES = {"bedankt", "dank", "dankje", "dankjewel", "dank je", "dank je wel", "thanks",
              "doei", "dag", "tot ziens", "later", "hoi", "hallo", "ok", "oke"}


def _name_like(requested: str, text: str) -> bool:
    """"Priya", "Garage Zon": a name may sound foreign or odd to the classifier."""
    words = text.strip(" .!").split()
    return (requested in ("contactpersoon", "bedrijfsnaam") and 0 < len(words) <= 4
            and text[:1].isupper() and "?" not in text
            and " ".join(words).lower() not in _NOT_NAMES)


def _buttons(options: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"title": option, "payload": option} for option in options]
