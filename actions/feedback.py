"""'Had je hier iets aan?': the ondernemer's score is stored anonymously with the thema.

Asked after an answer about a regeling and after an adviser closed an overdracht (the
API then sets the slot ``thema`` to the overdracht's). A typed answer is turned into a
score and kept, masked, as a comment for the dashboard.
"""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import EventType, SlotSet

from actions.conversation import latest_text
from assistant.settings import get_settings
from assistant.stats.events import is_worth_collecting, record_event

POSITIVE = ("help", "nuttig", "top", "goed", "prima", "duidelijk", "precies", "geholpen")
NEGATIVE = ("niet", "niks", "niets", "slecht", "waardeloos", "onduidelijk", "matig")
YES = ("ja", "jazeker", "zeker", "jawel", "yes")
NO = ("nee", "neen", "nope", "no")


def score_from_text(text: str) -> int:
    """A short text answer as a score 1–5 (buttons send the score directly)."""
    lowered = text.lower()
    first_word = next(iter(lowered.replace(",", " ").replace("!", " ").split()), "")
    if first_word in NO or any(word in lowered for word in NEGATIVE):
        return 1
    if first_word in YES or any(word in lowered for word in POSITIVE):
        return 5
    return 3


class ActionRecordFeedback(Action):
    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        score = tracker.get_slot("feedback_score")
        comment = None
        if not (isinstance(score, int | float) and 1 <= score <= 5):  # typed, not a button
            comment = latest_text(tracker)
            score = score_from_text(comment)
        thema = tracker.get_slot("thema") or _regeling_thema(tracker.get_slot("regeling_id"))
        await record_event(get_settings(), "feedback", thema=thema, waarde=int(score),
                           tekst=comment if is_worth_collecting(comment) else None,
                           conversation_id=tracker.sender_id)
        dispatcher.utter_message(
            response="utter_feedback_jammer" if score <= 2 else "utter_feedback_bedankt")
        return [SlotSet("feedback_score", None)]


def _regeling_thema(regeling_id: str | None) -> str | None:
    from assistant.knowledge import get_knowledge_base

    entry = get_knowledge_base().get(regeling_id or "")
    return entry.themas[0] if entry and entry.themas else None
