"""The bedrijfsscan conversation: a Rasa form whose steps are decided in
``assistant.scan.chat``.

- ``action_scan_start``: start or resume the scan (an open intake is paused first);
- ``validate_scan_form``: every message during the scan goes through ``chat.handle``.
  A question in between (a regeling, "ik wil iemand spreken") is rejected, so the rules
  answer it; the scan asks its question again afterwards;
- ``action_ask_scan_stap``: asks what is next (theme, quick or full, question, consent);
- ``action_scan_afronden``: after the form: stores the scan through the outbox (with
  consent), gives the link to the report, keeps the result for the vervolgscan and offers
  an adviser (``action_scan_adviseur_aanbod``);
- ``action_scan_pauzeer``: the scan steps aside for the intake or a sensitive situation;
- ``action_scan_knop``: an answer button clicked while no scan form is open.

The state lives in the slots ``scan_sessie`` (``ScanSession.to_slot()``) and
``scan_chat``; the previous result in ``scan_uitslag``; the summary for the adviser in
``scan_samenvatting``. Texts: responses ``utter_scan_*`` in ``domain.yml`` and
``knowledge/scan/``.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_intent, latest_text
from assistant.chat_session import report_key
from assistant.outbox import get_outbox, idempotency_key
from assistant.privacy.consent import CONSENT_TIME_SLOT, moment_of_latest_message
from assistant.scan import chat
from assistant.scan.definition import ScanDefinition, load_definition
from assistant.scan.models import new_scan_id
from assistant.scan.regelingen import Profiel, find_regelingen
from assistant.scan.result import ScanResult
from assistant.settings import Settings, get_settings

FORM = "scan_form"
STEP = "scan_stap"
SESSION = "scan_sessie"
CHAT = "scan_chat"
PREVIOUS = "scan_uitslag"
SUMMARY = "scan_samenvatting"
PATH = "/api/v1/scans"
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    return datetime.now(LOCAL_TIME).date()


def _state(tracker: Tracker) -> chat.ChatState:
    return chat.ChatState.from_slots(tracker.get_slot(SESSION), tracker.get_slot(CHAT))


def _previous(value: object) -> chat.PreviousScan | None:
    if not isinstance(value, dict):
        return None
    try:
        return chat.PreviousScan(datum=date.fromisoformat(value["datum"]),
                                 resultaat=ScanResult.model_validate(value["resultaat"]),
                                 id=value.get("id"))
    except (KeyError, TypeError, ValueError):
        return None


def _context(tracker: Tracker) -> chat.Context:
    slots = tracker.current_slot_values()
    thema = slots.get("thema")
    return chat.Context(
        profiel=Profiel.from_slots(slots),
        intake_toestemming=slots.get("intake_toestemming"),
        intake_thema=thema if isinstance(thema, str) else None,
        vorige=_previous(slots.get(PREVIOUS)),
        vandaag=today(),
        bewaartermijn=get_settings().retention_months,
    )


_PASSING = {"slot", "user_featurization", "active_loop", "loop_interrupted"}


def _just_said(tracker: Tracker) -> bool:
    """True when the form runs right after a message of the ondernemer, False when it
    starts or comes back after a question in between (the message was already handled).

    Rasa gives the validation a tracker that ends with the form's own ``action`` event;
    what came before it tells which case this is.
    """
    for event in reversed(tracker.events):
        kind = event.get("event")
        if kind in _PASSING:
            continue
        if kind == "action" and event.get("name") in (FORM, "action_extract_slots"):
            continue
        return kind == "user"
    return False


def _incoming(tracker: Tracker) -> chat.Incoming:
    intent, confidence = latest_intent(tracker)
    return chat.Incoming(latest_text(tracker), intent, confidence)


def _say(dispatcher: CollectingDispatcher, messages: list[chat.Msg]) -> None:
    for message in messages:
        dispatcher.utter_message(response=message.response, buttons=list(message.buttons),
                                 **message.values)


def _slots(state: chat.ChatState) -> list[EventType]:
    sessie, chat_slot = state.to_slots()
    return [SlotSet(SESSION, sessie), SlotSet(CHAT, chat_slot)]


def _regelingen(thema_ids: list[str], profiel: Any, vraag: str = "") -> list[dict[str, Any]]:
    return find_regelingen(thema_ids, profiel, vraag)


def _summary(definition: ScanDefinition, result: ScanResult, **extra: Any) -> EventType:
    return SlotSet(SUMMARY, chat.summary(definition, result, today(), **extra))



def report_query(settings: Settings, scan_id: str) -> str:
    """``?sleutel=…`` that opens this report for the ondernemer (never the conversation
    id); without ``SCHAKEL_SESSION_SECRET`` only staff can open it."""
    if not settings.session_secret:
        return ""
    return "?sleutel=" + report_key(settings.session_secret.get_secret_value(), scan_id)

class ActionScanStart(Action):
    """Starts the scan, or resumes the one that was left; an open intake steps aside."""

    def name(self) -> str:
        return "action_scan_start"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        events: list[EventType] = [SlotSet("requested_slot", None)]
        if tracker.active_loop_name not in (None, FORM):
            dispatcher.utter_message(response="utter_scan_intake_gepauzeerd")
            events.insert(0, ActiveLoop(None))
        # The message that started the scan may already say where it matters most.
        state, messages = chat.begin(load_definition(), _state(tracker), _context(tracker),
                                     latest_text(tracker))
        _say(dispatcher, messages)
        return events + _slots(state)


class ValidateScanForm(FormValidationAction):
    """Interprets each message during the scan (see the module docstring)."""

    def name(self) -> str:
        return "validate_scan_form"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        definition = load_definition()
        state = _state(tracker)
        if not _just_said(tracker):  # starting, or back after a question in between
            return _slots(state) + [self._next(definition, state)]
        turn = chat.handle(definition, state, _incoming(tracker), _context(tracker),
                           _regelingen)
        if turn.reject:
            return []  # not for the scan: the rules answer it, the form resumes after
        _say(dispatcher, turn.messages)
        events = _slots(turn.state)
        if turn.result is not None:
            events.append(_summary(definition, turn.result))
        if turn.end:
            return events + [SlotSet("requested_slot", None)]
        return events + [self._next(definition, turn.state)]

    @staticmethod
    def _next(definition: ScanDefinition, state: chat.ChatState) -> EventType:
        done = state.phase(definition) == "klaar"
        return SlotSet("requested_slot", None if done else STEP)


class ActionAskScanStap(Action):
    """Asks the next step of the scan (nothing while it is paused)."""

    def name(self) -> str:
        return "action_ask_scan_stap"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        state, messages = chat.ask(load_definition(), _state(tracker), _context(tracker))
        _say(dispatcher, messages)
        return [SlotSet(CHAT, state.to_slots()[1])]


class ActionScanAfronden(Action):
    """A finished scan: store it (with consent), link the report, offer an adviser.
    After a stop or a pause there is nothing to finish."""

    def name(self) -> str:
        return "action_scan_afronden"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        definition = load_definition()
        state = _state(tracker)
        if state.phase(definition) != "klaar":
            return []
        context = _context(tracker)
        result = chat.result_of(definition, state.sessie, context, _regelingen)
        scan_id = rapport = None
        if state.toestemming:
            scan_id, rapport = await _store(dispatcher, tracker, state)
        else:
            dispatcher.utter_message(response="utter_scan_niet_bewaard")
        previous = {"id": scan_id, "datum": context.vandaag.isoformat(),
                    "resultaat": chat.compact_result(result)}
        return [
            SlotSet(PREVIOUS, previous),
            _summary(definition, result, scan_id=scan_id, rapport=rapport),
            SlotSet(SESSION, None),
            SlotSet(CHAT, None),
            FollowupAction("action_scan_adviseur_aanbod"),
        ]


async def _store(dispatcher: CollectingDispatcher, tracker: Tracker,
                 state: chat.ChatState) -> tuple[str | None, str | None]:
    """POST the scan through the outbox. The id is made here, so the link to the report
    is known at once, also when the API is down and the outbox delivers it later."""
    settings = get_settings()
    scan_id = new_scan_id()
    payload = {
        "id": scan_id,
        "toestemming": True,
        # The intake's consent, or the "ja" to the scan's own question just now.
        "toestemming_op": (tracker.get_slot(CONSENT_TIME_SLOT)
                           or moment_of_latest_message(tracker.events)),
        "sessie": state.sessie.to_slot(),
        # The API computes the result itself from the answers and this profile.
        "profiel": dataclasses.asdict(Profiel.from_slots(tracker.current_slot_values())),
        "conversation_id": tracker.sender_id,
        "intake_referentie": tracker.get_slot("intake_referentie") or None,
    }
    key = idempotency_key("scan", tracker.sender_id, scan_id)
    outbox = get_outbox(settings)
    delivery = await outbox.send(PATH, payload, key)
    rapport = f"{PATH}/{scan_id}/rapport"
    link = f"{settings.public_url}{rapport}" + report_query(settings, scan_id)
    # The outbox's background retry may have delivered it in the meantime.
    answer = delivery.response or outbox.delivered_response(key)
    if answer is not None and answer.get("id") == scan_id:
        dispatcher.utter_message(response="utter_scan_bewaard", link=link)
    elif answer is not None:  # refused for good: not stored
        dispatcher.utter_message(response="utter_scan_bewaren_mislukt")
        return None, None
    else:
        dispatcher.utter_message(response="utter_scan_bewaard_later", link=link)
    return scan_id, rapport


class ActionScanAdviseurAanbod(Action):
    """After the result: the offer to discuss the scan with an adviser ("ja" → hand-off)."""

    def name(self) -> str:
        return "action_scan_adviseur_aanbod"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        summary = tracker.get_slot(SUMMARY) or {}
        if tracker.get_slot("overdracht_referentie"):
            dispatcher.utter_message(response="utter_anything_else")
        elif summary.get("adviseur_aanbevolen"):
            dispatcher.utter_message(response="utter_scan_adviseur_aanbevolen")
        else:
            dispatcher.utter_message(response="utter_scan_adviseur_aanbod")
        return []


class ActionScanPauzeer(Action):
    """The scan steps aside (for the intake, or a sensitive situation); its answers stay."""

    def name(self) -> str:
        return "action_scan_pauzeer"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        dispatcher.utter_message(response="utter_scan_gepauzeerd")
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionScanKnop(Action):
    """An answer button of the scan, clicked while the scan is not open: resume the scan
    with that answer, or say the scan is already finished."""

    def name(self) -> str:
        return "action_scan_knop"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        definition = load_definition()
        state = _state(tracker)
        if state.phase(definition) not in ("vragen", "toestemming"):
            button = latest_text(tracker).startswith(f"/{definition.knop_intent}")
            dispatcher.utter_message(response="utter_scan_knop_oud" if button else "utter_fallback")
            return []
        state, messages = chat.begin(definition, state, _context(tracker))
        turn = chat.handle(definition, state, _incoming(tracker), _context(tracker),
                           _regelingen)
        _say(dispatcher, messages + ([] if turn.reject else turn.messages))
        if not turn.reject:
            state = turn.state
        events = [SlotSet("requested_slot", None), *_slots(state)]
        if turn.result is not None:
            events.append(_summary(definition, turn.result))
        if state.phase(definition) == "klaar":
            return events + [FollowupAction("action_scan_afronden")]
        return events if turn.end else events + [FollowupAction(FORM)]
