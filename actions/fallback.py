"""What the bot does when it did not understand the ondernemer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import latest_text
from assistant.handoff.conversation import MISUNDERSTANDING_OFFER, misunderstood_before_latest
from assistant.settings import get_settings
from assistant.stats.events import is_worth_collecting, record_event


class ActionFallback(Action):
    """Says it did not understand and offers the main options; the second time in a row
    it offers a person instead.

    "In a row" is read from the conversation itself: every message the bot answered
    with a fallback counts, any understood message resets it. The first miss is
    reverted so it does not confuse the dialogue policies; the offer is kept, so a
    typed "ja" after it is understood as yes to the offer (see data/rules/overdracht.yml).

    Every miss that reads like a question is counted anonymously (masked, no
    conversation id) for the editors' list of unanswered questions.
    """

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_text(tracker)
        if is_worth_collecting(text):
            await record_event(get_settings(), "vraag_niet_beantwoord", tekst=text,
                               conversation_id=tracker.sender_id)
        if misunderstood_before_latest(tracker.events) >= 1:
            dispatcher.utter_message(response=MISUNDERSTANDING_OFFER)
            return []
        dispatcher.utter_message(response="utter_fallback")
        return [UserUtteranceReverted()]
