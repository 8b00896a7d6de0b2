"""Answering questions about regelingen from the knowledge base.

One action handles the whole topic, so follow-ups ("hoeveel is het?", "hoe vraag ik dat
aan?") refer to the regeling just discussed (slot ``regeling_id``). Every answer comes
from ``knowledge/`` only, names its source and peildatum, and ends with a next step.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_intent, latest_text
from assistant.knowledge import get_knowledge_base
from assistant.knowledge.answers import (
    answer_fields,
    eligibility,
    is_generic_question,
    pick_from_results,
    profile_from_slots,
)
from assistant.settings import get_settings
from assistant.stats.events import record_event

SHOWN = 3  # results per answer; the rest behind "meer"
FOLLOW_UPS = {"ask_amount", "ask_apply", "ask_conditions", "ask_eligibility"}


class ActionAnswerRegeling(Action):
    def name(self) -> str:
        return "action_answer_regeling"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        knowledge = get_knowledge_base()
        intent, _ = latest_intent(tracker)
        text = latest_text(tracker)
        named = knowledge.find_by_name(text)

        if intent == "more_results":
            return self._show_results(dispatcher, tracker.get_slot("regeling_resultaten") or [])
        if intent == "select_regeling":
            chosen = (
                knowledge.get(tracker.get_slot("regeling_id") or "")
                if text.startswith("/") else None
            ) or named or pick_from_results(text, tracker.get_slot("regeling_getoond") or [])
            if chosen is None:
                dispatcher.utter_message(response="utter_regeling_welke")
                return []
            return self._explain(dispatcher, knowledge.get(chosen) if isinstance(chosen, str)
                                 else chosen)
        if intent in FOLLOW_UPS:
            entry = named or knowledge.get(tracker.get_slot("regeling_id") or "")
            if entry is None:
                dispatcher.utter_message(response="utter_regeling_welke")
                return []
            return self._follow_up(dispatcher, tracker, intent, entry)
        if named is not None:
            return self._explain(dispatcher, named)
        return await self._search(dispatcher, tracker, text)

    def _explain(self, dispatcher: CollectingDispatcher, entry) -> list[EventType]:
        fields = answer_fields(entry)
        dispatcher.utter_message(response="utter_regeling_uitleg", **fields)
        if fields.get("status"):
            dispatcher.utter_message(response="utter_regeling_status", **fields)
        dispatcher.utter_message(response="utter_feedback_vraag")
        return [SlotSet("regeling_id", entry.id)]

    def _follow_up(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: str, entry
    ) -> list[EventType]:
        fields = answer_fields(entry)
        if intent == "ask_amount":
            response = "utter_regeling_bedragen" if fields["bedragen"] else (
                "utter_regeling_bedragen_onbekend")
            dispatcher.utter_message(response=response, **fields)
        elif intent == "ask_apply":
            dispatcher.utter_message(response="utter_regeling_aanvragen", **fields)
        elif intent == "ask_conditions":
            dispatcher.utter_message(response="utter_regeling_voorwaarden", **fields)
        else:
            verdict = eligibility(get_knowledge_base(), entry,
                                  profile_from_slots(tracker.current_slot_values()))
            dispatcher.utter_message(response=f"utter_regeling_geschikt_{verdict.uitkomst}",
                                     naam=entry.naam, redenen=verdict.redenen)
            if verdict.vragen:
                dispatcher.utter_message(response="utter_regeling_geschiktheid_vraag",
                                         vragen=verdict.vragen)
            dispatcher.utter_message(response="utter_regeling_adviseur_aanbod")
        return [SlotSet("regeling_id", entry.id)]

    async def _search(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, text: str
    ) -> list[EventType]:
        if is_generic_question(text):
            dispatcher.utter_message(response="utter_regeling_welke")
            return []
        profile = profile_from_slots(tracker.current_slot_values())
        hits = get_knowledge_base().search(
            text, medewerkers=profile.medewerkers, sector=profile.sector,
            regio=profile.provincie, limit=10,
        )
        if not hits:
            # Counted anonymously so editors see which entries to add next.
            await record_event(get_settings(), "vraag_niet_beantwoord", tekst=text)
            dispatcher.utter_message(response="utter_regeling_niet_gevonden")
            return [SlotSet("regeling_resultaten", [])]
        return self._show_results(dispatcher, [hit.entry.id for hit in hits])

    def _show_results(self, dispatcher: CollectingDispatcher, ids: list[str]) -> list[EventType]:
        knowledge = get_knowledge_base()
        entries = [e for e in (knowledge.get(i) for i in ids) if e is not None]
        if not entries:
            dispatcher.utter_message(response="utter_regeling_geen_meer")
            return [SlotSet("regeling_resultaten", [])]
        shown, rest = entries[:SHOWN], entries[SHOWN:]
        dispatcher.utter_message(response="utter_regeling_resultaten")
        for entry in shown:
            dispatcher.utter_message(response="utter_regeling_resultaat", **answer_fields(entry))
        buttons = [
            {"title": entry.naam, "payload": f'/select_regeling{{"regeling_id":"{entry.id}"}}'}
            for entry in shown
        ]
        if rest:
            buttons.append({"title": "Meer regelingen", "payload": "/more_results"})
        buttons.append({"title": "Een adviseur spreken", "payload": "/request_adviser"})
        dispatcher.utter_message(response="utter_regeling_kies", buttons=buttons)
        return [SlotSet("regeling_getoond", [e.id for e in shown]),
                SlotSet("regeling_resultaten", [e.id for e in rest])]
