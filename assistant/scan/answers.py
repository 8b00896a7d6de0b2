"""Interpreting an answer to a scan question: a button payload or free Dutch text.

``interpret(definition, question, text)`` returns an ``Interpretation`` (question id and
answer value; ``WEET_NIET`` for "weet ik niet") or ``None`` when the text is not
understood, so the chat layer can ask again with the buttons. The checks, in order:

1. a button payload ``/scan_antwoord{"vraag":"…","antwoord":"…"}``. It may name another
   question (an old button clicked again): the chat layer then changes that answer;
2. the text is an option's title ("Een beetje", "Ik heb geen personeel");
3. "weet ik niet", "geen idee", 🤷 …;
4. a number: on a 1–5 scale "3", "drie", "een 4", "4/5", "3,5" (rounded half up);
   elsewhere a bare digit "2" picks the second button (WhatsApp shows buttons as a numbered
   list; one past the last option is "Weet ik niet");
5. the options' keywords. A keyword right after "niet"/"geen" is negated: for a ja/nee
   option it counts for the opposite option ("geen achterstanden" → nee), otherwise it
   blocks step 6 ("ik wil niet stoppen" is not understood rather than guessed);
6. the general signals ja / nee / een beetje, with the precedence of antwoorden.yml.

``detect_command`` recognises requests such as "waarom vraag je dat?", "sla over",
"pauze" and "stop de scan"; call it when ``interpret`` returned ``None`` (or first, when
the message names the scan itself). For the rest of the conversation: ``find_themes``
("geld" → financiën), ``choose_mode`` (korte of volledige scan), ``no_preference``,
``yes_or_no`` and ``change_markers`` ("bedoelde", "eigenlijk"). All words live in
``knowledge/scan/``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant.intake.number_words import parse_number_word
from assistant.intake.text import clean, fold, words
from assistant.scan.definition import WEET_NIET, CommandId, Question, ScanDefinition, Theme

MAX_CHARS = 300  # longer messages are no answer to a short question
NEGATION_WINDOW = 2  # words before a keyword that can negate it
MAX_SCALE_WORDS = 10  # "ik geef mezelf een 3" fits; a long story with a number does not
OPPOSITE = {"ja": "nee", "nee": "ja"}

Via = Literal["knop", "titel", "weet_niet", "getal", "trefwoord", "signaal"]
Command = CommandId
CHANGE_WORDS = ("wijzigen", "wijzigen_zwak")  # markers, not commands of their own

_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z0-9_]+)(?P<data>\{.*\})?$", re.DOTALL)
_SCALE = re.compile(r"\b([1-5](?:[.,]\d)?)\s*(?:/|van de|uit|op)\s*(?:5|vijf)\b")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")
_ACCENTED_ONE = ("één", "eén", "éen")


@dataclass(frozen=True, slots=True)
class Interpretation:
    vraag_id: str
    waarde: str  # an option's ``waarde`` or ``WEET_NIET``
    via: Via


@dataclass(frozen=True, slots=True)
class _Hit:
    label: str
    start: int
    end: int
    weight: int


class PhraseMatcher:
    """Finds whole-word phrases in a list of folded words; of overlapping hits the
    longest wins ("niet helemaal" beats "niet")."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for label, phrase in entries:
            tokens = tuple(words(phrase))
            if tokens:
                self._by_first.setdefault(tokens[0], []).append((label, tokens))

    def find(self, tokens: list[str]) -> list[_Hit]:
        hits = [
            _Hit(label, index, index + len(phrase), sum(len(word) for word in phrase))
            for index, token in enumerate(tokens)
            for label, phrase in self._by_first.get(token, ())
            if tuple(tokens[index : index + len(phrase)]) == phrase
        ]
        kept: list[_Hit] = []
        for hit in sorted(hits, key=lambda h: (-h.weight, h.start)):
            if all(hit.end <= other.start or hit.start >= other.end for other in kept):
                kept.append(hit)
        return sorted(kept, key=lambda h: h.start)


@dataclass(frozen=True)
class _Vocabulary:
    weet_niet: PhraseMatcher
    signals: PhraseMatcher
    precedence: tuple[str, ...]
    negations: frozenset[str]
    emoji: tuple[tuple[str, str], ...]
    commands: PhraseMatcher
    changes: PhraseMatcher
    themes: PhraseMatcher
    modes: PhraseMatcher
    no_preference: PhraseMatcher


@lru_cache(maxsize=8)
def _vocabulary(definition: ScanDefinition) -> _Vocabulary:
    words_ = definition.herkenning
    return _Vocabulary(
        weet_niet=PhraseMatcher((WEET_NIET, p) for p in words_.weet_niet.zinnen),
        signals=PhraseMatcher((s, p) for s, phrases in words_.signalen.items() for p in phrases),
        precedence=tuple(words_.signalen),
        negations=frozenset(w for phrase in words_.ontkenning for w in words(phrase)),
        emoji=tuple((clean(s), label) for s, label in words_.emoji.items() if clean(s)),
        commands=PhraseMatcher((c, p) for c, phrases in words_.opdrachten.items()
                               for p in phrases if c not in CHANGE_WORDS),
        changes=PhraseMatcher((c, p) for c, phrases in words_.opdrachten.items()
                              for p in phrases if c in CHANGE_WORDS),
        themes=PhraseMatcher(
            (theme.id, phrase) for theme in definition.themas
            for phrase in (theme.naam, theme.id, *theme.trefwoorden)
        ),
        modes=PhraseMatcher((m, p) for m, phrases in words_.modus.items() for p in phrases),
        no_preference=PhraseMatcher(("geen", p) for p in words_.geen_voorkeur),
    )


@lru_cache(maxsize=256)
def _option_matcher(definition: ScanDefinition, vraag_id: str) -> PhraseMatcher:
    question = definition.question(vraag_id)
    entries = [(o.waarde, k) for o in question.opties for k in o.trefwoorden]
    # A title is a keyword too, unless the option has a signal: "Ja" and "Nee" are left to
    # the signals and their precedence ("ja, soms" is "een beetje").
    entries += [(o.waarde, o.titel) for o in question.opties if o.signaal is None]
    return PhraseMatcher(entries)


def _phrase(text: str) -> str:
    return " ".join(words(text))


# ------------------------------------------------------------------------------ steps


def parse_payload(
    definition: ScanDefinition, text: str, question: Question | None = None
) -> Interpretation | None:
    """A button payload ``/scan_antwoord{"vraag":…,"antwoord":…}`` → its answer, if valid.

    Without "vraag" the payload answers ``question``.
    """
    match = _PAYLOAD.match(clean(text))
    if not match or match["intent"] != definition.knop_intent:
        return None
    try:
        data = json.loads(match["data"] or "{}")
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    vraag = data.get("vraag") or (question.id if question else None)
    waarde = data.get("antwoord")
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        waarde = str(waarde)
    if not isinstance(vraag, str) or not isinstance(waarde, str):
        return None
    if not definition.is_valid_answer(vraag, waarde):
        return None
    return Interpretation(vraag, waarde, "knop")


def _by_title(definition: ScanDefinition, question: Question, raw: str,
              tokens: list[str]) -> Interpretation | None:
    said = " ".join(tokens)
    if not said:
        return None
    if said == _phrase(definition.herkenning.weet_niet.titel):
        return Interpretation(question.id, WEET_NIET, "titel")
    for option in question.opties:
        if said in (_phrase(option.titel), _phrase(option.waarde.replace("_", " "))):
            return Interpretation(question.id, option.waarde, "titel")
    return None


def _by_weet_niet(definition: ScanDefinition, question: Question, raw: str,
                  tokens: list[str]) -> Interpretation | None:
    vocabulary = _vocabulary(definition)
    emoji = any(label == WEET_NIET and symbol in raw for symbol, label in vocabulary.emoji)
    if emoji or vocabulary.weet_niet.find(tokens):
        return Interpretation(question.id, WEET_NIET, "weet_niet")
    return None


def _the_number(raw: str, tokens: list[str]) -> float | None:
    """The one number in the text ("een 4", "drie", "4/5", "3,5"), or None."""
    folded = fold(raw)
    scale = _SCALE.search(folded)
    if scale:
        return float(scale[1].replace(",", "."))
    values = {float(digits.replace(",", ".")) for digits in _DIGITS.findall(folded)}
    values |= {float(n) for t in tokens if t != "een" and (n := parse_number_word(t)) is not None}
    if any(one in raw.lower() for one in _ACCENTED_ONE):
        values.add(1.0)
    return values.pop() if len(values) == 1 else None


def _by_number(definition: ScanDefinition, question: Question, raw: str,
               tokens: list[str]) -> Interpretation | None:
    if not tokens:
        return None
    if question.numbered:
        if len(tokens) > MAX_SCALE_WORDS:
            return None
        number = _the_number(raw, tokens)
        if number is None:
            return None
        rounded = math.floor(number + 0.5)
        option = next((o for o in question.opties if o.getal == rounded), None)
        if option is not None:
            return Interpretation(question.id, option.waarde, "getal")
        if rounded == len(question.opties) + 1 and len(tokens) == 1:
            return Interpretation(question.id, WEET_NIET, "getal")
        return None
    if len(tokens) != 1:
        return None
    if not tokens[0].isdigit():
        return None
    position = int(tokens[0])
    if 1 <= position <= len(question.opties):
        return Interpretation(question.id, question.opties[position - 1].waarde, "getal")
    if position == len(question.opties) + 1:
        return Interpretation(question.id, WEET_NIET, "getal")
    return None


def _negated(tokens: list[str], start: int, negations: frozenset[str]) -> bool:
    return any(tokens[i] in negations for i in range(max(0, start - NEGATION_WINDOW), start))


class _Blocked(Exception):
    """A negated keyword without an opposite option: don't guess from the signals."""


def _by_keyword(definition: ScanDefinition, question: Question, raw: str,
                tokens: list[str]) -> Interpretation | None:
    negations = _vocabulary(definition).negations
    totals: Counter[str] = Counter()
    blocked = False
    for hit in _option_matcher(definition, question.id).find(tokens):
        label = hit.label
        if _negated(tokens, hit.start, negations):
            signal = OPPOSITE.get(question.option(label).signaal or "")
            opposite = next((o for o in question.opties if signal and o.signaal == signal), None)
            if opposite is None:
                blocked = True
                continue
            label = opposite.waarde
        totals[label] += hit.weight
    ranked = totals.most_common(2)
    if not ranked:
        if blocked:
            raise _Blocked
        return None
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return Interpretation(question.id, ranked[0][0], "trefwoord")


def _by_signal(definition: ScanDefinition, question: Question, raw: str,
               tokens: list[str]) -> Interpretation | None:
    vocabulary = _vocabulary(definition)
    found = {hit.label for hit in vocabulary.signals.find(tokens)}
    found |= {label for symbol, label in vocabulary.emoji if symbol in raw}
    for signal in vocabulary.precedence:
        if signal in found:
            option = next((o for o in question.opties if o.signaal == signal), None)
            return Interpretation(question.id, option.waarde, "signaal") if option else None
    return None


_STEPS = (_by_title, _by_weet_niet, _by_number, _by_keyword, _by_signal)


def interpret(
    definition: ScanDefinition, question: Question, text: object
) -> Interpretation | None:
    """The answer in ``text`` to ``question`` (or, for a payload, to the question it
    names), or None when it is not understood."""
    raw = clean(text)
    if not raw or len(raw) > MAX_CHARS:
        return None
    if raw.startswith("/"):
        return parse_payload(definition, raw, question)
    tokens = words(raw)
    try:
        for step in _STEPS:
            found = step(definition, question, raw, tokens)
            if found is not None:
                return found
    except _Blocked:
        return None
    return None


def _short_tokens(text: object, max_words: int = MAX_SCALE_WORDS) -> list[str]:
    raw = clean(text)
    tokens = words(raw) if len(raw) <= MAX_CHARS else []
    return tokens if len(tokens) <= max_words else []


def detect_command(definition: ScanDefinition, text: object) -> Command | None:
    """ "waarom vraag je dat?" → "waarom"; "sla over" → "overslaan"; "later verder" →
    "pauze"; "stop de scan" → "stoppen". None when there is none, or more than one."""
    tokens = _short_tokens(text)
    labels = {hit.label for hit in _vocabulary(definition).commands.find(tokens)}
    return labels.pop() if len(labels) == 1 else None  # type: ignore[return-value]


def mentions_scan(text: object) -> bool:
    """The message is about the scan itself ("stop de scan"), not an answer."""
    return any(token in ("scan", "bedrijfsscan", "vragenlijst") for token in words(clean(text)))


def find_themes(definition: ScanDefinition, text: object) -> list[Theme]:
    """The themes a message names, in order ("geld en personeel" → financiën, personeel)."""
    tokens = _short_tokens(text, max_words=40)
    found: list[Theme] = []
    for hit in _vocabulary(definition).themes.find(tokens):
        theme = definition.theme(hit.label)
        if theme not in found:
            found.append(theme)
    return found


def theme_words(definition: ScanDefinition, text: object) -> set[int]:
    """Positions of the words that name a theme (to read the rest as an answer)."""
    tokens = words(clean(text))
    return {i for hit in _vocabulary(definition).themes.find(tokens)
            for i in range(hit.start, hit.end)}


def choose_mode(definition: ScanDefinition, text: object) -> Literal["kort", "volledig"] | None:
    """ "de korte graag" → "kort"; "uitgebreid" → "volledig"; both or neither: None."""
    tokens = _short_tokens(text)
    labels = {hit.label for hit in _vocabulary(definition).modes.find(tokens)}
    return labels.pop() if len(labels) == 1 else None  # type: ignore[return-value]


def no_preference(definition: ScanDefinition, text: object) -> bool:
    """ "maakt niet uit", "weet ik niet": no theme to start with."""
    return bool(_vocabulary(definition).no_preference.find(_short_tokens(text)))


def yes_or_no(definition: ScanDefinition, text: object) -> Literal["ja", "nee"] | None:
    """A plain yes or no in free text, with the signals' precedence ("ja, een beetje" is
    neither)."""
    vocabulary = _vocabulary(definition)
    raw = clean(text)
    tokens = _short_tokens(raw)
    found = {hit.label for hit in vocabulary.signals.find(tokens)}
    found |= {label for symbol, label in vocabulary.emoji if symbol in raw}
    for signal in vocabulary.precedence:
        if signal in found:
            return signal if signal in ("ja", "nee") else None  # type: ignore[return-value]
    return None


@dataclass(frozen=True, slots=True)
class ChangeMarkers:
    strong: bool  # "bedoelde", "verander": a change, also without a theme
    weak: bool  # "eigenlijk", "toch": a change only when another theme is named


def change_markers(definition: ScanDefinition, text: object) -> ChangeMarkers:
    labels = {hit.label for hit in
              _vocabulary(definition).changes.find(_short_tokens(text, max_words=40))}
    return ChangeMarkers("wijzigen" in labels, "wijzigen_zwak" in labels)
