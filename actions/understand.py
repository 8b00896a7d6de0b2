"""``action_understand``: every free-text message outside a form comes here.

What the message means is decided in ``assistant.understanding.reading`` (retrieval
first, acting intents only on evidence, yes/no read against the bot's last question);
this action carries it out. Yes and no are heard after every question the bot asks:
``YES_NO`` maps each question (the response that asked it) to what yes and no do.
Details the ondernemer gives on the way ("bakker in Almere met 3 man") fill the profile
slots that intake, eligibility and scan share, so they are not asked again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import regelingen
from actions.conversation import latest_intent, latest_text
from actions.fallback import ActionFallback
from actions.feedback import ActionRecordFeedback
from actions.intake import ActionResumeIntake
from actions.overdracht import (
    CONSENT_QUESTION,
    ActionOverdrachtStart,
    answer_consent,
    respond_to_sensitive,
    while_waiting,
)
from actions.privacy import ActionEraseData, request_dossier_erasure
from actions.scan import ActionScanKnop, ActionScanStart
from assistant.handoff.conversation import MISUNDERSTANDING_OFFER, said_before_latest
from assistant.intake.extract import extract_fields
from assistant.intake.referentie import find_referentie
from assistant.intake.result import Valid
from assistant.intake.sector import parse_sector
from assistant.knowledge import get_knowledge_base
from assistant.knowledge.answers import profile_from_slots
from assistant.knowledge.profile import rechtsvorm_in
from assistant.settings import get_settings
from assistant.stats.events import record_event
from assistant.understanding.reading import Context, Meaning, Reading, read_message
from assistant.understanding.thresholds import FEEDBACK_QUESTION
from assistant.understanding.words import (
    Kind,
    asks_about_contact,
    asks_for_a_person,
    asks_for_the_scan,
)

Handler = Callable[[CollectingDispatcher, Tracker, dict[str, Any]], Awaitable[list[EventType]]]
PROFILE_SLOTS = ("medewerkers", "sector", "gemeente", "provincie", "rechtsvorm")
# The bot asked for the facts that decide eligibility ("Hoeveel mensen werken er...?").
DETAILS_QUESTION = "utter_regeling_geschiktheid_vraag"
MAX_SECTOR_ANSWER_WORDS = 6


def _say(response: str) -> Handler:
    async def handler(dispatcher, tracker, domain) -> list[EventType]:
        dispatcher.utter_message(response=response)
        return []

    return handler


def _run(action: Action) -> Handler:
    return action.run


async def _consent_yes(dispatcher, tracker, domain) -> list[EventType]:
    return await answer_consent(dispatcher, tracker, given=True)


async def _consent_no(dispatcher, tracker, domain) -> list[EventType]:
    return await answer_consent(dispatcher, tracker, given=False)


_ADVISER = _run(ActionOverdrachtStart())
_FEEDBACK = _run(ActionRecordFeedback())
# The bot's yes/no questions: (what yes does, what no does).
YES_NO: dict[str, tuple[Handler, Handler]] = {
    "utter_regeling_adviseur_aanbod": (_ADVISER, _say("utter_anything_else")),
    "utter_gevoelig_aanbod": (_ADVISER, _say("utter_gevoelig_nee")),
    "utter_persoon_aanbod": (_ADVISER, _say("utter_anything_else")),
    MISUNDERSTANDING_OFFER: (_ADVISER, _say("utter_anything_else")),
    CONSENT_QUESTION: (_consent_yes, _consent_no),
    "utter_erase_data_bevestigen": (_run(ActionEraseData()),
                                    _say("utter_erase_data_geannuleerd")),
    FEEDBACK_QUESTION: (_FEEDBACK, _FEEDBACK),
    "utter_overdracht_gesloten": (_FEEDBACK, _FEEDBACK),
}


# Intents the classifier also gives to real questions: the knowledge base is asked
# first, and only when it has no answer does the intent's own action answer. A clear
# answer (a named entry, a good match) always wins; a weaker offer ("Gaat het om een van
# deze?") wins only over the intents that are themselves a guess.
OWN_ACTION: dict[str, Handler] = {
    "scan_antwoord": _run(ActionScanKnop()),  # a scan answer while no scan is open
    "out_of_scope": _say("utter_out_of_scope"),
    "capabilities": _say("utter_capabilities"),
    "bot_challenge": _say("utter_bot_challenge"),
    "request_adviser": _ADVISER,  # "hoe kom ik in contact met investeerders?" is a question
    "correct": _run(ActionResumeIntake()),  # a correction while no intake is open
    # "een bedrijf starten" is often taken for the scan; the rule runs scan_form next
    "start_scan": _run(ActionScanStart()),
}
WEAK_OWN_ACTION = frozenset({"capabilities", "bot_challenge", "request_adviser", "correct",
                             "start_scan"})
# Intents whose own words show they are meant, whatever the knowledge base has.
MEANT = {"request_adviser": asks_for_a_person, "start_scan": asks_for_the_scan}
# Intents whose rule runs a form after this action: when the message was a question
# after all, the form must not start.
OPENS_A_FORM = frozenset({"start_scan"})
KNOWLEDGE_ANSWERS = frozenset({Meaning.search, Meaning.follow_up, Meaning.unsure,
                               Meaning.person})
# While an overdracht waits for an adviser, the answer says where the ondernemer stands;
# only these meanings get an answer of their own besides (not a greeting, not "Sorry,
# dat begreep ik niet goed", not another offer of an adviser).
ANSWERED_WHILE_WAITING = frozenset({Meaning.search, Meaning.follow_up, Meaning.sensitive,
                                    Meaning.erase, Meaning.more, Meaning.thank,
                                    Meaning.goodbye, Meaning.yes, Meaning.no,
                                    Meaning.feedback})


def _no_form(intent: str | None) -> list[EventType]:
    """Keeps the form of ``intent``'s rule from starting after a message that was answered
    as a question."""
    return [FollowupAction("action_listen")] if intent in OPENS_A_FORM else []


def open_question(said: list[str]) -> str | None:
    """The bot's last yes/no question among the responses ``said`` right before this
    message (``said_before_latest``)."""
    asked = [name for name in said if name in YES_NO]
    return asked[-1] if asked else None


def profile_details(text: str, tracker: Tracker, *, answering: bool = False) -> dict[str, Any]:
    """Company details in the message. New ones only, unless the message answers the
    bot's question for them (``answering``): then they may correct what was known, and a
    short answer may be just the sector ("bouw")."""
    found = {**extract_fields(text), "rechtsvorm": rechtsvorm_in(text)}
    if answering and not found.get("sector") and len(text.split()) <= MAX_SECTOR_ANSWER_WORDS:
        sector = parse_sector(text, fuzzy=False)
        if isinstance(sector, Valid):
            found["sector"] = sector.value
    return {slot: found[slot] for slot in PROFILE_SLOTS if found.get(slot) is not None
            and (answering or tracker.get_slot(slot) is None)}


class ActionUnderstand(Action):
    def name(self) -> str:
        return "action_understand"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = latest_text(tracker)
        intent, _ = latest_intent(tracker)
        knowledge = get_knowledge_base()
        if text.startswith("/select_regeling"):  # a button: the slot holds the choice
            chosen = knowledge.get(tracker.get_slot("regeling_id") or "")
            if chosen is not None:
                return regelingen.explain(dispatcher, chosen)
        said = said_before_latest(tracker.events)
        answering = DETAILS_QUESTION in said
        details = (profile_details(text, tracker, answering=answering)
                   if not text.startswith("/") else {})
        slots = {**tracker.current_slot_values(), **details}
        current = knowledge.get(slots.get("regeling_id") or "")
        known = [SlotSet(slot, value) for slot, value in details.items()]
        if answering and details and current is not None:  # the facts the bot asked for
            return [*known, *regelingen.follow_up(dispatcher, slots, current,
                                                  Kind.eligibility, said=text),
                    *_no_form(intent)]
        profile = profile_from_slots(slots)
        context = Context(
            open_question=open_question(said),
            shown=tuple(slots.get("regeling_getoond") or ()),
            current=slots.get("regeling_id"),
            medewerkers=profile.medewerkers,
            sector=profile.sector,
            provincie=profile.provincie,
            gemeente=slots.get("gemeente"),
        )
        if await while_waiting(dispatcher, tracker, text):
            reading = read_message(text, intent, knowledge, context)
            if reading.meaning not in ANSWERED_WHILE_WAITING:
                return known
            return [*known, *await self._carry_out(reading, context.open_question, dispatcher,
                                                   tracker, domain, text, slots)]
        if intent in OWN_ACTION and (text.startswith("/") or (
                intent in MEANT and MEANT[intent](text))):  # clearly meant
            return [*known, *await OWN_ACTION[intent](dispatcher, tracker, domain)]
        reading = read_message(text, intent, knowledge, context)
        answered = KNOWLEDGE_ANSWERS - ({Meaning.unsure} if intent in WEAK_OWN_ACTION else set())
        if intent in OWN_ACTION and reading.meaning not in answered:
            return [*known, *await OWN_ACTION[intent](dispatcher, tracker, domain)]
        events = await self._carry_out(reading, context.open_question, dispatcher, tracker,
                                       domain, text, slots)
        return [*known, *events, *_no_form(intent)]

    async def _carry_out(self, reading: Reading, asked: str | None,
                         dispatcher: CollectingDispatcher,
                         tracker: Tracker, domain: dict[str, Any], text: str,
                         slots: dict[str, Any]) -> list[EventType]:
        meaning = reading.meaning
        if reading.greeting:
            dispatcher.utter_message(response="utter_greet_kort")
        if meaning in (Meaning.yes, Meaning.no):
            yes, no = YES_NO[reading.question or ""]
            return await (yes if meaning is Meaning.yes else no)(dispatcher, tracker, domain)
        if asked == CONSENT_QUESTION and asks_about_contact(text):
            # "hoe nemen jullie contact op?" while the consent question is open: say how,
            # and keep the hand-off waiting for the answer instead of dropping it.
            dispatcher.utter_message(response="utter_overdracht_hoe")
            dispatcher.utter_message(response=CONSENT_QUESTION,
                                     bewaartermijn=get_settings().retention_months)
            return []
        simple = {
            Meaning.greet: "utter_greet",
            Meaning.thank: "utter_thank",
            Meaning.nothing_asked: "utter_anything_else",
            Meaning.goodbye: "utter_goodbye",
            Meaning.vague: "utter_regeling_welke",
        }
        if meaning in simple:
            dispatcher.utter_message(response=simple[meaning])
            return []
        if meaning is Meaning.erase:
            dossier = find_referentie(text)
            own = {tracker.get_slot("intake_referentie"), tracker.get_slot("overdracht_referentie")}
            if dossier is not None and dossier not in own:
                return await request_dossier_erasure(dispatcher, tracker, dossier)
            dispatcher.utter_message(response="utter_erase_data_bevestigen")
            return []
        if meaning is Meaning.person:
            events = regelingen.answer_hits(dispatcher, reading.hits) if reading.hits else []
            dispatcher.utter_message(response="utter_persoon_aanbod")
            return events
        if meaning is Meaning.feedback:
            return await _FEEDBACK(dispatcher, tracker, domain)
        if meaning is Meaning.sensitive:
            respond_to_sensitive(dispatcher, text,
                                 reading.answers[0][0] if reading.answers else None)
            return []
        if meaning is Meaning.more:
            return regelingen.show_results(dispatcher, tracker.get_slot("regeling_resultaten")
                                           or [])
        if meaning is Meaning.follow_up:
            events: list[EventType] = []
            last = len(reading.answers) - 1
            single = len(reading.answers) == 1 and reading.answers[0][1] is Kind.explain
            for index, (entry, kind) in enumerate(reading.answers):
                events += regelingen.follow_up(dispatcher, slots, entry, kind, said=text,
                                               ask_feedback=index == last and not (
                                                   single and reading.hits))
            if single and reading.hits:
                events += regelingen.also(dispatcher, reading.hits)
            return events
        if meaning is Meaning.search:
            return regelingen.answer_hits(dispatcher, reading.hits)
        if meaning is Meaning.unsure:
            return regelingen.show_results(dispatcher, [hit.entry.id for hit in reading.hits],
                                           intro="utter_regeling_misschien", sure=False)
        # Counted anonymously so editors see which entries to add next.
        if meaning is Meaning.not_found:
            await record_event(get_settings(), "vraag_niet_beantwoord", tekst=text,
                               conversation_id=tracker.sender_id)
            dispatcher.utter_message(response="utter_regeling_niet_gevonden")
            return [SlotSet("regeling_resultaten", [])]
        return await ActionFallback().run(dispatcher, tracker, domain)

