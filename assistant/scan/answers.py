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

Every interpretation says whether it is ``zeker`` (certain). A button, a title, a number
and "weet ik niet" are; so are keywords and signals that agree. Free text that does not
clearly map to one option is not, and the chat checks it first ("Bedoel je: Een
beetje?"):

- a contrast ("we hebben wel een plan, maar het staat niet op papier": ``tegenstelling``)
  with both a yes and a no in it is guessed as "een beetje" when the question has it;
- a yes and a no that contradict each other ("ja, we hebben geen website": guessed with
  the signals' precedence, so "nee");
- a bare "niet"/"geen" that negates a word the question is not about ("geen opvolger" to
  "Hoe gaat het met jou?"), without any other signal. A sentence start such as "we
  hebben" (``zwakke_signalen``) counts as yes but contradicts nothing.

``other_answer`` finds an answer to another question in the text ("over vijf jaar
stoppen, geen opvolger" to "Hoe gaat het met jou?" answers "Wat zijn je plannen voor de
komende vijf jaar?"); the chat checks that too before it counts.

``detect_command`` recognises requests such as "waarom vraag je dat?", "sla over",
"pauze" and "stop de scan"; call it when ``interpret`` returned ``None`` (or first, when
the message names the scan itself). For the rest of the conversation: ``find_themes``
("geld" → financiën), ``choose_mode`` (korte of volledige scan), ``no_preference``,
``yes_or_no``, ``change_markers`` ("bedoelde", "eigenlijk") and ``names_urgency``
("geld is mijn grootste zorg"). All words live in
``knowledge/scan/``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
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
    zeker: bool = True  # False: check with the ondernemer before it counts


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
    contrasts: PhraseMatcher
    weak_signals: frozenset[tuple[str, ...]]
    urgency: PhraseMatcher


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
        contrasts=PhraseMatcher(("maar", p) for p in words_.tegenstelling),
        weak_signals=frozenset(tuple(words(p)) for p in words_.zwakke_signalen),
        urgency=PhraseMatcher(("urgent", p) for p in words_.urgentie),
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
    # "het gaat wel, maar ik ben moe": a contrast, or keywords of two options, is checked.
    zeker = len(ranked) == 1 and not _has_contrast(definition, tokens)
    return Interpretation(question.id, ranked[0][0], "trefwoord", zeker)


MIN_CONTENT_WORD = 4  # letters: shorter words after "niet" ("op", "zo") are skipped
NEGATED_WORD_WINDOW = 3  # words after a bare "niet"/"geen" that can be what it negates


@lru_cache(maxsize=256)
def _question_words(definition: ScanDefinition, vraag_id: str) -> frozenset[str]:
    """The words a question is about: its text, and its options' titles and keywords."""
    question = definition.question(vraag_id)
    texts = [question.tekst, *(o.titel for o in question.opties),
             *(k for o in question.opties for k in o.trefwoorden)]
    return frozenset(w for text in texts for w in words(text) if len(w) >= MIN_CONTENT_WORD)


def _related(word: str, known: frozenset[str]) -> bool:
    """ "plan" ~ "plannen", "website" ~ "website"; "papier" is not about "plannen"."""
    for other in known:
        short, long_ = sorted((word, other), key=len)
        if long_.startswith(short) or (len(short) >= 5 and long_[:5] == short[:5]):
            return True
    return False


def _loose_negation(definition: ScanDefinition, question: Question, tokens: list[str],
                    hit: _Hit) -> bool:
    """A bare "niet"/"geen" that negates a word the question is not about: "geen opvolger"
    to "Hoe gaat het met jou?". It is no clear "nee" to this question."""
    phrase = tokens[hit.start:hit.end]
    if len(phrase) != 1 or phrase[0] not in _vocabulary(definition).negations:
        return False
    after = [t for t in tokens[hit.end:hit.end + NEGATED_WORD_WINDOW]
             if len(t) >= MIN_CONTENT_WORD]
    if not after:
        return False  # "nee, niet": a plain no
    return not _related(after[0], _question_words(definition, question.id))


def _has_contrast(definition: ScanDefinition, tokens: list[str]) -> bool:
    return bool(_vocabulary(definition).contrasts.find(tokens))


def _signal_option(question: Question, signal: str) -> str | None:
    option = next((o for o in question.opties if o.signaal == signal), None)
    return option.waarde if option else None


def _by_signal(definition: ScanDefinition, question: Question, raw: str,
               tokens: list[str]) -> Interpretation | None:
    vocabulary = _vocabulary(definition)
    strong: set[str] = {label for symbol, label in vocabulary.emoji if symbol in raw}
    weak: set[str] = set()
    for hit in vocabulary.signals.find(tokens):
        is_weak = (tuple(tokens[hit.start:hit.end]) in vocabulary.weak_signals
                   or _loose_negation(definition, question, tokens, hit))
        (weak if is_weak else strong).add(hit.label)
    found = strong or weak
    signal = next((s for s in vocabulary.precedence if s in found), None)
    if signal is None:
        return None
    waarde = _signal_option(question, signal)
    if waarde is None:
        return None
    contradiction = {"ja", "nee"} <= strong  # "ja … nee"
    positive, negative = "ja" in strong | weak, "nee" in strong | weak
    contrast = _has_contrast(definition, tokens) and positive and negative
    zeker = bool(strong) and not contradiction and not contrast
    if contrast and (deels := _signal_option(question, "deels")):
        waarde = deels  # "wel een plan, maar niet op papier": probably "een beetje"
    return Interpretation(question.id, waarde, "signaal", zeker)


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


def _side_hits(definition: ScanDefinition, question: Question, tokens: list[str],
               own_theme: bool) -> Counter[str]:
    """Keyword weight per option of ``question`` (negated keywords do not count). From
    another theme only options without a signal count, and no keyword that is also a
    general signal ("een beetje")."""
    vocabulary = _vocabulary(definition)
    signal_phrases = {tuple(tokens[h.start:h.end]) for h in vocabulary.signals.find(tokens)}
    totals: Counter[str] = Counter()
    for hit in _option_matcher(definition, question.id).find(tokens):
        if _negated(tokens, hit.start, vocabulary.negations):
            continue
        if question.option(hit.label).getal is not None:
            continue  # a number answers the question being asked
        if not own_theme and (question.option(hit.label).signaal is not None
                              or tuple(tokens[hit.start:hit.end]) in signal_phrases):
            continue
        totals[hit.label] += hit.weight
    return totals


def other_answer(definition: ScanDefinition, question: Question, text: object,
                 answered: Collection[str] = ()) -> Interpretation | None:
    """An answer in ``text`` to another, unanswered question, found by its options'
    keywords: first in the same theme ("over vijf jaar stoppen" to "Hoe gaat het met
    jou?" → ond_toekomst: stoppen), then in other themes. Never ``zeker``: the chat
    checks it. None when there is none, or two fit equally well."""
    raw = clean(text)
    if not raw or len(raw) > MAX_CHARS or raw.startswith("/"):
        return None
    tokens = words(raw)
    own = definition.theme_of(question.id)
    found: list[tuple[bool, int, str, str]] = []
    for theme in definition.themas:
        for other in theme.vragen:
            if other.id == question.id or other.id in answered:
                continue
            totals = _side_hits(definition, other, tokens, theme.id == own.id).most_common(2)
            if totals and (len(totals) == 1 or totals[0][1] > totals[1][1]):
                found.append((theme.id == own.id, totals[0][1], other.id, totals[0][0]))
    if not found:
        return None
    found.sort(key=lambda f: (not f[0], -f[1]))
    if len(found) > 1 and found[0][:2] == found[1][:2]:
        return None
    _, _, vraag_id, waarde = found[0]
    return Interpretation(vraag_id, waarde, "trefwoord", zeker=False)


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


def names_urgency(definition: ScanDefinition, text: object) -> bool:
    """ "geld is mijn grootste zorg", "vooral personeel": the message says where it
    matters most (``urgentie`` in antwoorden.yml)."""
    return bool(_vocabulary(definition).urgency.find(_short_tokens(text, max_words=40)))


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
