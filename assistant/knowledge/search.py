"""Ranked search over the knowledge entries.

Ranking is BM25 (the ``bm25s`` library) over Dutch stems, with:
- compounds split into known parts and typos corrected (``text.Vocabulary``);
- related words from ``zoekwoorden.yml`` added with a lower weight;
- a bonus when the question names an entry ("WBSO", "innovatie box", "kredits");
- a small bonus when the question's thema (the intake's keyword classifier) is one of
  the entry's thema's;
- closed regelingen ranked lower unless asked for by name.
Filters (thema, regio, medewerkers, sector, soort) remove entries that do not fit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from assistant.intake.text import clean
from assistant.knowledge.answers import format_date
from assistant.knowledge.criteria import (
    medewerkers_check,
    medewerkers_text,
    regio_check,
    sector_check,
)
from assistant.knowledge.loader import Vocabulary
from assistant.knowledge.names import NameIndex, NameMatch
from assistant.knowledge.schema import Entry, Status
from assistant.knowledge.text import Vocabulary as Words
from assistant.knowledge.text import content_words, separable_verbs, stem, words

THESAURUS_FILE = Path(__file__).with_name("zoekwoorden.yml")
MAX_QUERY_CHARS = 2000
MAX_QUERY_WORDS = 40
NAME_WEIGHT = 3  # names count three times in an entry's text
RELATED_WEIGHT = 0.35
NAME_BONUS = 12.0
FUZZY_NAME_BONUS = 8.0
# A named loket weighs less: "hoe schrijf ik me in bij de KVK" is about registering.
LOKET_NAME_BONUS = 3.0
THEMA_BONUS = 1.5
SPECIFIC_FACTOR = 1.3  # per filter the entry is made for (its own regio or sector)
STATUS_FACTOR = {Status.actief: 1.0, Status.onzeker: 0.9, Status.gesloten: 0.5}
MAX_KEYWORD_REASONS = 3


@dataclass(frozen=True, slots=True)
class SearchHit:
    entry: Entry
    score: float
    reasons: list[str]
    matched: int = 0  # how many of the question's own words the entry has
    named: bool = False  # the question names the entry


@dataclass(frozen=True, slots=True)
class Filters:
    thema: str | None = None
    regio: str | None = None
    medewerkers: int | None = None
    sector: str | None = None
    soort: str | None = None
    # True: only entries past their review date (on ``today``); False: only fresh ones.
    te_controleren: bool | None = None
    today: date | None = None

    def reasons(self, entry: Entry, vocab: Vocabulary) -> list[str] | None:
        """Why the entry passes the filters, or None when it does not."""
        found: list[str] = []
        if self.te_controleren is not None:
            if entry.past_review(self.today) != self.te_controleren:
                return None
            found.append(
                f"te controleren sinds {format_date(entry.review_date)}"
                if self.te_controleren
                else f"gecontroleerd, tot {format_date(entry.review_date)}"
            )
        if self.soort is not None:
            if entry.soort != self.soort:
                return None
            found.append(f"soort: {entry.soort}")
        if self.thema is not None:
            if self.thema not in entry.themas:
                return None
            found.append(f"thema: {vocab.themas[self.thema]}")
        criteria = []
        if self.regio is not None:
            criteria.append(
                (
                    regio_check(entry, self.regio, vocab),
                    "geldt in heel Nederland",
                    f"regio: {vocab.provincies[self.regio]}",
                )
            )
        if self.medewerkers is not None:
            reason = f"past bij {medewerkers_text(self.medewerkers)}"
            criteria.append((medewerkers_check(entry, self.medewerkers), reason, reason))
        if self.sector is not None:
            reason = f"sector: {vocab.sectoren[self.sector]}"
            criteria.append((sector_check(entry, self.sector, vocab), reason, reason))
        for check, without_criterion, with_criterion in criteria:
            if check is not None and not check.ok:
                return None
            found.append(without_criterion if check is None else with_criterion)
        return found

    def specificity(self, entry: Entry) -> float:
        """Higher for an entry made for the filtered regio or sector, so a regional
        programme is not buried under the national ones that also fit."""
        factor = 1.0
        if self.regio is not None and self.regio in entry.regio:
            factor *= SPECIFIC_FACTOR
        if self.sector is not None and self.sector in entry.doelgroep.sectoren:
            factor *= SPECIFIC_FACTOR
        return factor


@dataclass(frozen=True, slots=True)
class _Term:
    stem: str
    weight: float
    word: str


@lru_cache(maxsize=1)
def _thesaurus() -> dict[str, frozenset[str]]:
    """Stem → the stems of its related words."""
    with THESAURUS_FILE.open(encoding="utf-8") as handle:
        groups = yaml.safe_load(handle)["groepen"]
    related: dict[str, set[str]] = {}
    for group in groups:
        stems = {stem(word) for item in group for word in content_words(item)}
        for item in stems:
            related.setdefault(item, set()).update(stems - {item})
    return {key: frozenset(value) for key, value in related.items()}


def _thesaurus_words() -> set[str]:
    with THESAURUS_FILE.open(encoding="utf-8") as handle:
        groups = yaml.safe_load(handle)["groepen"]
    return {word for group in groups for item in group for word in content_words(item)}


def _entry_text(entry: Entry, vocab: Vocabulary) -> tuple[str, str]:
    """(names, other text) of an entry."""
    names = " ".join(entry.namen)
    other = [
        entry.samenvatting,
        entry.uitvoerder,
        entry.doelgroep.toelichting,
        entry.aanvragen or "",
        entry.soort.value,
        *entry.voorwaarden,
        *(bedrag.omschrijving for bedrag in entry.bedragen),
        *(vocab.themas[thema] for thema in entry.themas),
        *(vocab.provincies.get(regio, "") for regio in entry.regio),
    ]
    return names, " ".join(other)


class SearchIndex:
    def __init__(self, entries: list[Entry], vocab: Vocabulary) -> None:
        self.entries = entries
        self.vocab = vocab
        texts = [_entry_text(entry, vocab) for entry in entries]
        documents = [
            content_words(names) * NAME_WEIGHT + content_words(other) for names, other in texts
        ]
        known = {word for document in documents for word in document} | _thesaurus_words()
        self.words = Words(known)
        import bm25s  # the ranking library is loaded on first search, not at import

        self._bm25 = bm25s.BM25()
        self._bm25.index([self._stems(document) for document in documents], show_progress=False)
        self.names = NameIndex(entries)

    def _stems(self, document: Iterable[str]) -> list[str]:
        stems = []
        for word in document:
            stems.append(stem(word))
            stems.extend(stem(part) for part in self.words.split(word) or ())
        return stems

    def terms(self, query: str) -> list[_Term]:
        """The weighted search terms of a question."""
        direct: dict[str, _Term] = {}
        joined = separable_verbs(words(query)[:MAX_QUERY_WORDS * 2], self.words)
        for word in [*content_words(query)[:MAX_QUERY_WORDS], *joined]:
            resolved, how = self.words.resolve(word)
            if how == "exact":  # a known compound also counts by its parts
                resolved = (*resolved, *(self.words.split(word) or ()))
            for part in resolved:
                direct.setdefault(stem(part), _Term(stem(part), 1.0, part))
        thesaurus = _thesaurus()
        related: dict[str, _Term] = {}
        for term in direct.values():
            for other in thesaurus.get(term.stem, ()):
                if other not in direct:
                    related.setdefault(other, _Term(other, RELATED_WEIGHT, term.word))
        return [*direct.values(), *related.values()]

    def _keyword_scores(self, terms: list[_Term]) -> tuple[np.ndarray, list[np.ndarray]]:
        per_term = [term.weight * self._bm25.get_scores([term.stem]) for term in terms]
        total = np.sum(per_term, axis=0) if per_term else np.zeros(len(self.entries))
        return total, per_term

    def search(self, query: str, filters: Filters, limit: int) -> list[SearchHit]:
        text = clean(query)[:MAX_QUERY_CHARS]
        if not text:
            return self.listing(filters, limit)
        terms = self.terms(text)
        names = {match.entry.id: match for match in self.names.find(text)}
        if not terms and not names:
            return []
        total, per_term = self._keyword_scores(terms)
        thema = _query_thema(text)
        hits = []
        for index, entry in enumerate(self.entries):
            passed = filters.reasons(entry, self.vocab)
            if passed is None:
                continue
            score, reasons = self._score(entry, float(total[index]), names.get(entry.id), thema)
            score *= filters.specificity(entry)
            if score <= 0:
                continue
            scores = [scores[index] for scores in per_term]
            keywords = _keyword_reasons(terms, scores)
            matched = sum(1 for term, value in zip(terms, scores, strict=True)
                          if value > 0 and term.weight == 1.0)
            hits.append(SearchHit(entry, round(score, 4), reasons + keywords + passed,
                                  matched, entry.id in names))
        hits.sort(key=lambda hit: (-hit.score, hit.entry.naam.lower()))
        return hits[:limit]

    def _score(
        self, entry: Entry, keywords: float, name: NameMatch | None, thema: tuple[str, float] | None
    ) -> tuple[float, list[str]]:
        score, reasons = keywords, []
        if name is not None:
            bonus = NAME_BONUS if name.exact else FUZZY_NAME_BONUS
            score += min(bonus, LOKET_NAME_BONUS) if entry.is_loket else bonus
            reasons.append(f"naam: {entry.label}")
        else:
            score *= STATUS_FACTOR[entry.status]
        if thema and thema[0] in entry.themas and score > 0:
            score += THEMA_BONUS * thema[1]
            reasons.append(f"thema: {self.vocab.themas[thema[0]]}")
        return score, reasons

    def listing(self, filters: Filters, limit: int) -> list[SearchHit]:
        """Entries that pass the filters, without a question: open ones first, by name."""
        hits = []
        for entry in self.entries:
            passed = filters.reasons(entry, self.vocab)
            if passed is not None:
                hits.append(SearchHit(entry, 0.0, passed))
        hits.sort(key=lambda hit: (hit.entry.status is not Status.actief, hit.entry.naam.lower()))
        return hits[:limit]


def _keyword_reasons(terms: list[_Term], scores: list[float]) -> list[str]:
    ranked = sorted(
        (
            (score, term)
            for term, score in zip(terms, scores, strict=True)
            if score > 0 and term.weight == 1.0
        ),
        key=lambda pair: -pair[0],
    )
    words = list(dict.fromkeys(term.word for _, term in ranked))
    return [f"trefwoord: {word}" for word in words[:MAX_KEYWORD_REASONS]]


def _query_thema(text: str) -> tuple[str, float] | None:
    """The question's thema and confidence, from the intake's keyword classifier."""
    from assistant.intake.thema import classify_thema

    try:
        match = classify_thema(text)
    except (OSError, ValueError, KeyError):
        return None
    return (match.thema, match.confidence) if match.thema else None
