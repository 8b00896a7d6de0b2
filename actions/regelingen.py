"""Saying what the knowledge base knows about an entry: an explanation, its amounts, how
to apply, for whom, eligibility, or a list of the best matches to choose from.

Every answer comes from ``knowledge/`` only, names its source and peildatum, and ends
with a next step. ``actions/understand.py`` decides what to say; this module says it and
returns the slots that keep the context: ``regeling_id`` is the entry last answered
(after a list: the first of the list, so "hoeveel is het?" goes there unless the person
names another), ``regeling_getoond`` the entries the list showed.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.knowledge import get_knowledge_base
from assistant.knowledge.answers import answer_fields, eligibility, profile_from_slots
from assistant.knowledge.schema import Entry, Soort
from assistant.knowledge.search import SearchHit
from assistant.understanding.reading import is_dominant
from assistant.understanding.words import Kind

SHOWN = 3  # results per list; the rest behind "meer"
ALSO_SHOWN = 2  # other matches named under a direct answer
ALSO_MIN_SHARE = 0.35  # ... when they score at least this share of the first


def explain(dispatcher: CollectingDispatcher, entry: Entry, *, ask_feedback: bool = True
            ) -> list[EventType]:
    fields = answer_fields(entry)
    if entry.soort is Soort.buiten_veld:
        dispatcher.utter_message(response="utter_buiten_veld", **fields)
        return []
    if entry.soort is Soort.onderwerp or entry.is_loket:
        dispatcher.utter_message(response="utter_onderwerp_uitleg", **fields)
    else:
        dispatcher.utter_message(response="utter_regeling_uitleg", **fields)
    _status_and_freshness(dispatcher, fields)
    if ask_feedback:
        dispatcher.utter_message(response="utter_feedback_vraag")
    return [SlotSet("regeling_id", entry.id)]


def follow_up(dispatcher: CollectingDispatcher, slots: dict[str, Any], entry: Entry, kind: Kind,
              *, ask_feedback: bool = True, said: str = "") -> list[EventType]:
    """``slots``: what the conversation knows, with what this message added."""
    if kind is Kind.explain:
        return explain(dispatcher, entry, ask_feedback=ask_feedback)
    fields = answer_fields(entry)
    if kind is Kind.amount:
        response = "utter_regeling_bedragen" if fields["bedragen"] else (
            "utter_regeling_bedragen_onbekend")
        dispatcher.utter_message(response=response, **fields)
    elif kind is Kind.apply:
        dispatcher.utter_message(response="utter_regeling_aanvragen", **fields)
    elif kind is Kind.conditions:
        dispatcher.utter_message(response="utter_regeling_voorwaarden", **fields)
    else:
        verdict = eligibility(get_knowledge_base(), entry, profile_from_slots(slots), said=said)
        dispatcher.utter_message(response=f"utter_regeling_geschikt_{verdict.uitkomst}",
                                 naam=entry.naam, redenen=verdict.redenen,
                                 voorwaarden=verdict.voorwaarden)
        if verdict.vragen:
            dispatcher.utter_message(response="utter_regeling_geschiktheid_vraag",
                                     vragen=verdict.vragen)
        dispatcher.utter_message(response="utter_regeling_adviseur_aanbod")
    if kind is not Kind.eligibility:  # the offer of an adviser stays the last question
        _status_and_freshness(dispatcher, fields)
    return [SlotSet("regeling_id", entry.id)]


def _status_and_freshness(dispatcher: CollectingDispatcher, fields: dict[str, Any]) -> None:
    """A closed or uncertain entry says so with every answer; so does an entry past its
    review date (when it was last checked, where the current figures are)."""
    if fields.get("status"):
        dispatcher.utter_message(response="utter_regeling_status", **fields)
    if fields.get("controle"):
        dispatcher.utter_message(response="utter_regeling_controle", **fields)


def answer_hits(dispatcher: CollectingDispatcher, hits: list[SearchHit]) -> list[EventType]:
    """A direct answer when one entry clearly fits (with up to two others named), else
    the best three to choose from."""
    if not is_dominant(hits):
        return show_results(dispatcher, [hit.entry.id for hit in hits])
    first = hits[0]
    events = explain(dispatcher, first.entry, ask_feedback=False)
    if first.entry.soort is Soort.buiten_veld:
        return events
    named = also(dispatcher, hits[1:], best=first.score, first=first.entry)
    shown = next((e["value"] for e in named if e["name"] == "regeling_getoond"),
                 [first.entry.id])
    rest = [hit.entry.id for hit in hits if hit.entry.id not in shown]
    return [*events, *named, SlotSet("regeling_resultaten", rest)]


def also(dispatcher: CollectingDispatcher, hits: list[SearchHit], *, best: float | None = None,
         first: Entry | None = None) -> list[EventType]:
    """Up to two other good matches named under a direct answer (as buttons), or else the
    feedback question. ``best``: the score the others are measured against."""
    best = best if best is not None else max((hit.score for hit in hits), default=0.0)
    others = [hit.entry for hit in hits
              if hit.score >= ALSO_MIN_SHARE * best
              and hit.entry.soort is not Soort.buiten_veld][:ALSO_SHOWN]
    if not others:
        dispatcher.utter_message(response="utter_feedback_vraag")
        return []
    dispatcher.utter_message(
        response="utter_regeling_ook",
        namen=", ".join(entry.naam for entry in others),
        buttons=[_choice(entry) for entry in others],
    )
    shown = [*([first.id] if first else []), *(entry.id for entry in others)]
    return [SlotSet("regeling_getoond", shown)]


def show_results(dispatcher: CollectingDispatcher, ids: list[str],
                 intro: str = "utter_regeling_resultaten", *, sure: bool = True
                 ) -> list[EventType]:
    """The best three to choose from. When ``sure``, the first becomes the regeling in
    context; an offer made in doubt ("Gaat het om een van deze?") leaves the context
    empty, so "hoeveel krijg ik?" asks which one instead of guessing."""
    knowledge = get_knowledge_base()
    entries = [e for e in (knowledge.get(i) for i in ids) if e is not None]
    if not entries:
        dispatcher.utter_message(response="utter_regeling_geen_meer")
        return [SlotSet("regeling_resultaten", [])]
    shown, rest = entries[:SHOWN], entries[SHOWN:]
    dispatcher.utter_message(response=intro)
    for entry in shown:
        dispatcher.utter_message(response="utter_regeling_resultaat", **answer_fields(entry))
    buttons = [_choice(entry) for entry in shown]
    if rest:
        buttons.append({"title": "Meer regelingen", "payload": "/more_results"})
    buttons.append({"title": "Een adviseur spreken", "payload": "/request_adviser"})
    dispatcher.utter_message(response="utter_regeling_kies", buttons=buttons)
    return [SlotSet("regeling_id", shown[0].id if sure else None),
            SlotSet("regeling_getoond", [e.id for e in shown]),
            SlotSet("regeling_resultaten", [e.id for e in rest])]


def _choice(entry: Entry) -> dict[str, str]:
    return {"title": entry.naam, "payload": f'/select_regeling{{"regeling_id":"{entry.id}"}}'}
