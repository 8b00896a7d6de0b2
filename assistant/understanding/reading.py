"""What a message outside a form means: the classifier's guess, weighed against the
knowledge base and the conversation so far.

A message that is not clearly a control (a yes/no to the bot's last question, a
greeting alone, a goodbye) is a question: the knowledge base is searched with the whole
message, and a good enough match is answered whatever intent the classifier guessed.
Intents that act (feedback, sensitive situation, erase my data, goodbye) need evidence
beyond the classifier's guess. "Not understood" is only for messages where neither the
classifier nor the search has anything.

``read_message`` is pure: it gets the text, the classifier's intent and a ``Context``
(what the bot asked last, what it showed, the regeling in context, the profile) and
returns a ``Reading`` that ``actions/understand.py`` turns into answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from assistant.handoff.conversation import shows_distress
from assistant.knowledge.answers import GENERIC_WORDS, is_generic_question, pick_from_results
from assistant.knowledge.schema import Entry, Soort
from assistant.knowledge.search import SearchHit
from assistant.knowledge.text import content_words, stem, words
from assistant.understanding import thresholds
from assistant.understanding.words import (
    Kind,
    about_a_business,
    asks_erasure,
    clauses,
    is_question,
    question_kind,
    says_goodbye,
    says_thanks,
    sounds_like_crisis,
    sounds_like_feedback,
    wants_a_person,
    without_greeting,
    yes_or_no,
)

FOLLOW_UP_INTENTS = {
    "ask_amount": Kind.amount,
    "ask_apply": Kind.apply,
    "ask_conditions": Kind.conditions,
    "ask_eligibility": Kind.eligibility,
}
QUESTION_INTENTS = {"ask_regeling", *FOLLOW_UP_INTENTS}
CRISIS_THEMA = "stoppen_crisis"
# A follow-up about the regeling in context is short: at most this many content words
# beyond the words that say what is asked ("hoeveel krijg ik dan ongeveer?").
MAX_FOLLOW_UP_WORDS = 4


class Meaning(StrEnum):
    yes = "yes"
    no = "no"
    nothing_asked = "nothing_asked"  # a yes or no while the bot asked nothing
    greet = "greet"
    thank = "thank"
    goodbye = "goodbye"
    feedback = "feedback"
    erase = "erase"
    sensitive = "sensitive"
    more = "more"
    person = "person"  # wants to talk it through with someone: offer an adviser
    follow_up = "follow_up"  # about named or chosen entries
    search = "search"  # ranked hits for a question
    unsure = "unsure"  # weaker hits, offered as "Bedoel je een van deze?"
    vague = "vague"  # "ik heb een vraag over een regeling": which one?
    not_found = "not_found"  # clearly a regeling question, nothing fits
    not_understood = "not_understood"


@dataclass(frozen=True)
class Context:
    """What the conversation knows when the message arrives."""

    open_question: str | None = None  # response name of the bot's last yes/no question
    shown: tuple[str, ...] = ()  # ids of the entries the last list showed
    current: str | None = None  # id of the regeling last answered or chosen
    medewerkers: int | None = None
    sector: str | None = None
    provincie: str | None = None
    gemeente: str | None = None  # where the company is: a filter, not a search word


@dataclass(frozen=True)
class Reading:
    meaning: Meaning
    answers: list[tuple[Entry, Kind]] = field(default_factory=list)  # for follow_up
    hits: list[SearchHit] = field(default_factory=list)  # for search and sensitive
    question: str | None = None  # for yes / no: the question answered
    greeting: bool = False  # the message opened with a greeting: greet back first


# What a button (a payload such as "/greet" or "/affirm") means: its intent, as is.
_BUTTONS = {"greet": Meaning.greet, "goodbye": Meaning.goodbye, "thank": Meaning.thank,
            "feedback": Meaning.feedback, "erase_data": Meaning.erase,
            "more_results": Meaning.more, "ask_regeling": Meaning.vague}


def read_message(text: str, intent: str, knowledge, context: Context) -> Reading:
    """The meaning of a free-text message (see the module docstring)."""
    if text.startswith("/"):
        return _button(intent, knowledge, context)
    answer = _yes_no(text, intent, knowledge, context)
    if answer is not None:
        return answer
    greeting = False
    rest = without_greeting(text)
    if intent == "greet" or rest != " ".join(words(text)):
        if not content_words(rest) and question_kind(rest) is None:
            return Reading(Meaning.greet)
        greeting, text = True, rest
    if intent == "more_results":
        return Reading(Meaning.more)
    acting = _acting(text, intent, context)
    if acting is not None:
        return acting
    reading = _question(text, intent, knowledge, context)
    if wants_a_person(text) and reading.meaning is not Meaning.follow_up:
        return Reading(Meaning.person, hits=reading.hits if _good(reading.hits, text) else [],
                       greeting=greeting)
    if intent == "sensitive_situation":
        about = _crisis_entry(reading)
        if about is not None or shows_distress(text) or (
                sounds_like_crisis(text) and reading.meaning not in (Meaning.follow_up,
                                                                     Meaning.search)):
            return Reading(Meaning.sensitive, answers=[(about, Kind.explain)] if about else [])
    return Reading(reading.meaning, reading.answers, reading.hits, greeting=greeting)


def _crisis_entry(reading: Reading) -> Entry | None:
    """The entry about the crisis the message is about (faillissement, schulden), if any."""
    if reading.meaning is Meaning.follow_up:
        entry = reading.answers[0][0]
    elif reading.meaning is Meaning.search and reading.hits:
        entry = reading.hits[0].entry
    else:
        return None
    return entry if CRISIS_THEMA in entry.themas else None


def _button(intent: str, knowledge, context: Context) -> Reading:
    if intent in ("affirm", "deny"):
        if context.open_question is None:
            return Reading(Meaning.nothing_asked)
        return Reading(Meaning.yes if intent == "affirm" else Meaning.no,
                       question=context.open_question)
    current = knowledge.get(context.current or "")
    if intent in FOLLOW_UP_INTENTS:
        if current is None:
            return Reading(Meaning.vague)
        return Reading(Meaning.follow_up, answers=[(current, FOLLOW_UP_INTENTS[intent])])
    return Reading(_BUTTONS.get(intent, Meaning.not_understood))


def _yes_no(text: str, intent: str, knowledge, context: Context) -> Reading | None:
    said = yes_or_no(text)
    if said is None and intent not in {"affirm", "deny"}:
        return None
    if context.open_question is None:
        # "ja" while nothing was asked; "ik kan mijn boete niet betalen" is no "no".
        yes_no_intent = intent in {"affirm", "deny"}
        bare = said or not content_words(text)
        return Reading(Meaning.nothing_asked) if bare and yes_no_intent else None
    if _asks_more(text, knowledge):
        return None  # "ja, hoe vraag ik het aan?": the question counts
    said = said or ("yes" if intent == "affirm" else "no")
    return Reading(Meaning(said), question=context.open_question)


def _asks_more(text: str, knowledge) -> bool:
    """The message carries a question of its own: what it asks, a name, or enough words
    that the knowledge base answers well."""
    if question_kind(text) is not None or _named(text, knowledge):
        return True
    return (len(content_words(text)) >= thresholds.MIN_WORDS_TO_OFFER
            and _good(knowledge.search(text, limit=3), text))


def _acting(text: str, intent: str, context: Context) -> Reading | None:
    if intent == "erase_data" and asks_erasure(text):
        return Reading(Meaning.erase)
    if intent == "goodbye" and says_goodbye(text):
        return Reading(Meaning.goodbye)
    if intent == "thank" and question_kind(text) is None and says_thanks(text):
        return Reading(Meaning.thank)
    if intent == "feedback" and question_kind(text) is None and (
        context.open_question == thresholds.FEEDBACK_QUESTION or sounds_like_feedback(text)
    ):
        return Reading(Meaning.feedback)
    return None


NOT_BY_NAME = frozenset({Soort.loket, Soort.buiten_veld})
# Onderwerpen are named by everyday words ("webshop", "btw"): in a longer message such a
# word is context ("ik heb een webshop en wil me inschrijven"), so the search decides.
MAX_WORDS_TO_NAME_ONDERWERP = 5


def _named(text: str, knowledge) -> list[Entry]:
    """Entries named in the text, except loketten and questions outside the field: "hoe
    schrijf ik me in bij de KVK" is about registering and "een bedrijf starten met
    behoud van bijstandsuitkering" about starting, which the search finds."""
    long = len(content_words(text)) > MAX_WORDS_TO_NAME_ONDERWERP
    return [m.entry for m in knowledge.find_names(text) if m.entry.soort not in NOT_BY_NAME
            and not (long and m.entry.soort is Soort.onderwerp)]


def _question(text: str, intent: str, knowledge, context: Context) -> Reading:
    named = _named(text, knowledge)
    kind = FOLLOW_UP_INTENTS.get(intent) or question_kind(text)
    if len(named) >= 2:
        parts = _parts(text, knowledge)
        if len(parts) >= 2:
            return Reading(Meaning.follow_up, answers=parts)
    if named:
        # Words beyond the name may point to more ("btw … als ik weinig omzet heb": KOR).
        more = (knowledge.search(text, limit=4)
                if len(content_words(text)) >= thresholds.MIN_WORDS_TO_OFFER else [])
        return Reading(Meaning.follow_up, answers=[(named[0], kind or Kind.explain)],
                       hits=[hit for hit in more if hit.entry.id != named[0].id])
    picked = pick_entry(text, context.shown, knowledge)
    if picked is not None and (intent == "select_regeling" or _is_short(text)):
        return Reading(Meaning.follow_up, answers=[(picked, kind or Kind.explain)])
    current = knowledge.get(context.current or "")
    if current is not None and kind is not None and _is_short(text):
        other = _other_entry(text, current, knowledge)
        return Reading(Meaning.follow_up, answers=[(other or current, kind)])
    if intent == "select_regeling" or is_generic_question(text):
        return Reading(Meaning.vague if intent in QUESTION_INTENTS | {"select_regeling"}
                       else Meaning.not_understood)
    query = _without_place(text, context.gemeente)
    hits = _in_field_first(text, knowledge.search(
        query, medewerkers=context.medewerkers, sector=context.sector,
        regio=context.provincie, limit=10))
    if _good(hits, text):
        return Reading(Meaning.search, hits=hits)
    if hits and _worth_offering(text, hits, asked=intent in QUESTION_INTENTS):
        return Reading(Meaning.unsure, hits=hits)
    if intent in FOLLOW_UP_INTENTS and _is_short(text):
        return Reading(Meaning.vague)
    if intent in QUESTION_INTENTS or (is_question(text) and about_a_business(text)):
        return Reading(Meaning.not_found)  # understood as a question, without an answer
    return Reading(Meaning.not_understood, hits=hits)


def _in_field_first(text: str, hits: list[SearchHit]) -> list[SearchHit]:
    """"Not my field" steps back when the message is about a business and an entry in
    the field also answers it well: "kan ik met behoud van mijn bijstandsuitkering een
    bedrijf starten?" is about starting from a benefit, not about the benefit."""
    if not hits or hits[0].entry.soort is not Soort.buiten_veld or not about_a_business(text):
        return hits
    in_field = [hit for hit in hits if hit.entry.soort is not Soort.buiten_veld
                and hit.score >= thresholds.GOOD_SEARCH_SCORE]
    return in_field + [hit for hit in hits if hit not in in_field]


def _without_place(text: str, gemeente: str | None) -> str:
    """The question without the name of the company's gemeente: "in almere" says where
    the company is (the provincie filters), not what the question is about."""
    if not gemeente:
        return text
    return re.sub(rf"\b{re.escape(gemeente)}\b", " ", text, flags=re.IGNORECASE)


def _worth_offering(text: str, hits: list[SearchHit], *, asked: bool) -> bool:
    """A message whose best match is weak: offer the matches as a question ("Gaat het om
    een van deze?") rather than saying nothing was understood, when the match shares a
    telling word and the message is long enough, or the classifier read a question."""
    keywords = [reason.split(": ", 1)[1] for reason in hits[0].reasons
                if reason.startswith("trefwoord:")]
    telling = [word for word in keywords if word not in GENERIC_WORDS]
    long_enough = asked or len(content_words(text)) >= thresholds.MIN_WORDS_TO_OFFER
    return long_enough and hits[0].score >= thresholds.OFFER_SEARCH_SCORE and bool(telling)


def _other_entry(text: str, current: Entry, knowledge) -> Entry | None:
    """A follow-up that points elsewhere in its own words ("die borgstelling, hoe werkt
    dat" after a list without it): the entry the search finds for it."""
    if not content_words(text):
        return None
    hits = knowledge.search(text, limit=3)
    if _good(hits, text) and current.id not in {hit.entry.id for hit in hits}:
        return hits[0].entry
    return None


def _parts(text: str, knowledge) -> list[tuple[Entry, Kind]]:
    """One answer per part of the message that names an entry."""
    parts: list[tuple[Entry, Kind]] = []
    for clause in clauses(text):
        named = _named(clause, knowledge)
        if named and all(named[0].id != entry.id for entry, _ in parts):
            parts.append((named[0], question_kind(clause) or Kind.explain))
    return parts


def _is_short(text: str) -> bool:
    folded = " ".join(content_words(text))
    return len(folded.split()) <= MAX_FOLLOW_UP_WORDS


def _good(hits: list[SearchHit], text: str) -> bool:
    """The first hit answers the question: it scores well and is named, shares at least
    two of the question's words, or one word and the question's thema ("mijn kat is
    ziek" shares one word with sick staff, and no thema)."""
    if not hits:
        return False
    first = hits[0]
    if first.entry.soort is Soort.buiten_veld and not (first.named or is_dominant(hits)):
        return False  # "not my field" only when the question clearly is about it
    same_thema = any(reason.startswith("thema:") for reason in first.reasons)
    every_word = first.matched >= len({stem(word) for word in content_words(text)})
    return first.score >= thresholds.GOOD_SEARCH_SCORE and (
        first.named or first.matched >= thresholds.MIN_MATCHED_WORDS or every_word
        or (first.matched == 1 and same_thema))


def pick_entry(text: str, shown: tuple[str, ...] | list[str], knowledge) -> Entry | None:
    """The shown entry the person means: by position ("de tweede"), or by a word of its
    name that no other shown entry has ("die borgstelling" → BMKB)."""
    by_position = pick_from_results(text, list(shown))
    if by_position is not None:
        return knowledge.get(by_position)
    entries = [e for e in (knowledge.get(i) for i in shown) if e is not None]
    said = {stem(word) for word in content_words(text)}
    names = {e.id: {stem(w) for name in e.namen for w in content_words(name)} for e in entries}
    matches = []
    for entry in entries:
        others = set().union(*(names[e.id] for e in entries if e.id != entry.id))
        if said & (names[entry.id] - others):
            matches.append(entry)
    return matches[0] if len(matches) == 1 else None


def is_dominant(hits: list[SearchHit]) -> bool:
    """The first hit is clearly the answer: named, or well ahead of the second."""
    if not hits:
        return False
    first = hits[0]
    if first.named and first.entry.soort not in NOT_BY_NAME:
        return True
    second = hits[1].score if len(hits) > 1 else 0.0
    return first.score >= thresholds.DOMINANT_RATIO * second
