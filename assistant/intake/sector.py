"""Sector: free text → one of the fixed sector ids in ``knowledge/sectoren.yml``.

Matches the ``synoniemen`` of each sector (plus its id and name) as keywords; Dutch
compounds count ("fietsenwinkel" → handel), also before a business ending
("loodgietersbedrijf", "kapperszaak"). The most specific (longest) synonym wins,
so "kunstschilder" is cultuur_recreatie and "huisschilder" bouw; two different sectors
with equally specific words ("bakker en slager") give ``Invalid`` with both as options.
Plurals count too ("autogarages", "kappers"). Without any hit, a typo of a synonym is
tried ("restaurnt") and returned with ``certain=False``; when nothing fits, at most
``MAX_OPTIONS`` sectors are offered, the ones most like the words used first. The SBI
choices (bakkerij, slager, dierenarts …) are documented in sectoren.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from assistant.intake.knowledge_files import knowledge_file, read_yaml
from assistant.intake.result import Invalid, Valid, invalid, validates
from assistant.intake.text import KeywordMatcher, fold, words

MAX_CHARS = 300
# "loodgietersbedrijf", "kapperszaak": also try the word without its business ending.
_BUSINESS_ENDINGS = re.compile(r"(?<=\w{4})s?(?:bedrijf|bedrijven|zaak|praktijk|kantoor|bureau)\b")
_PLURAL = re.compile(r"(?<=\w{4})(?:s|en)\b")
MAX_OPTIONS = 6
# When nothing in the text points anywhere: the sectors most ondernemers are in first.
POPULAR = ("handel", "bouw", "horeca", "zakelijke_dienstverlening",
           "persoonlijke_dienstverlening", "zorg", "ict", "vervoer", "industrie",
           "cultuur_recreatie", "onderwijs", "landbouw", "financieel", "vastgoed", "overheid")
SIMILAR = 80  # rapidfuzz score from which a word counts as like a synonym


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    naam: str
    sbi: tuple[str, ...]
    synoniemen: tuple[str, ...]


@dataclass(frozen=True)
class _SectorData:
    sectoren: dict[str, Sector]
    matcher: KeywordMatcher
    single_words: dict[str, str]  # one-word synonym → sector id, for typo matching
    keywords: dict[str, list[str]]  # sector id → its folded keywords, for ranking


@lru_cache
def _load(knowledge_dir: Path | None) -> _SectorData:
    data = read_yaml(knowledge_file("sectoren.yml", knowledge_dir))
    sectoren = {
        entry["id"]: Sector(entry["id"], entry["naam"], tuple(entry["sbi"]),
                            tuple(entry.get("synoniemen", ())))
        for entry in data["sectoren"]
    }
    keywords = {
        sector.id: [sector.id.replace("_", " "), sector.naam, *sector.synoniemen]
        for sector in sectoren.values()
    }
    single = {
        word: sector_id
        for sector_id, patterns in keywords.items()
        for pattern in patterns
        if len(parts := words(pattern)) == 1 and len(word := parts[0]) >= 6
    }
    folded = {sector_id: [fold(p) for p in patterns] for sector_id, patterns in keywords.items()}
    return _SectorData(sectoren, KeywordMatcher(keywords), single, folded)


def all_sectoren(knowledge_dir: Path | None = None) -> list[Sector]:
    return list(_load(knowledge_dir).sectoren.values())


def _valid(sector: Sector, *, certain: bool = True) -> Valid[str]:
    return Valid(sector.id, sector.naam, certain=certain)


def _typo(text: str, data: _SectorData) -> str | None:
    """The sector of a synonym that a word in the text is a small typo of (unique)."""
    found = set()
    for token in words(text):
        if len(token) < 6:
            continue
        limit = 1 if len(token) <= 8 else 2
        for choice, _, _ in process.extract(token, list(data.single_words), scorer=OSA.distance,
                                            score_cutoff=limit, limit=5):
            found.add(data.single_words[choice])
    return found.pop() if len(found) == 1 else None


def _likeness(tokens: list[str], keywords: list[str]) -> float:
    best = 0.0
    for token in tokens:
        for keyword in keywords:
            score = fuzz.ratio(token, keyword)
            if min(len(keyword), len(token)) >= 5:  # part of a compound: "autos", "autoschade"
                score = max(score, fuzz.partial_ratio(keyword, token))
            best = max(best, score)
    return best if best >= SIMILAR else 0.0


def likely_sectoren(text: str, knowledge_dir: Path | None = None) -> list[str]:
    """At most ``MAX_OPTIONS`` sector names, the most like the text first."""
    data = _load(knowledge_dir)
    tokens = [token for token in words(text) if len(token) >= 5]
    rank = {sector_id: index for index, sector_id in enumerate(POPULAR)}
    order = sorted(data.sectoren, key=lambda sector_id: (
        -_likeness(tokens, data.keywords[sector_id]), rank.get(sector_id, len(rank))))
    return [data.sectoren[sector_id].naam for sector_id in order[:MAX_OPTIONS]]


@validates("sector", MAX_CHARS)
def parse_sector(text: str, *, fuzzy: bool = True, knowledge_dir: Path | None = None
) -> Valid[str] | Invalid:
    """Map a description of the business to a sector id; ``display`` is its name."""
    data = _load(knowledge_dir)
    best: dict[str, int] = {}
    folded = fold(text)
    variants = f"{text} {_BUSINESS_ENDINGS.sub('', folded)} {_PLURAL.sub('', folded)}"
    for hit in data.matcher.find(variants):
        label = hit.keyword.label
        best[label] = max(best.get(label, 0), hit.keyword.weight)
    if best:
        top = max(best.values())
        winners = [label for label, weight in best.items() if weight == top]
        if len(winners) == 1:
            return _valid(data.sectoren[winners[0]])
        names = [data.sectoren[label].naam for label in winners]
        return invalid("sector_meerdere", options=names)
    if fuzzy and (guess := _typo(text, data)):
        return _valid(data.sectoren[guess], certain=False)
    return invalid("sector_onbekend", options=likely_sectoren(text, knowledge_dir))
