"""Gemeente lookup: free text → current gemeente and its provincie.

Data: ``knowledge/gemeenten.csv`` (all 342 gemeenten with their CBS code, from CBS's
gemeentelijke indeling on 1 januari 2026; ``scripts.gemeenten_cbs`` writes it) and
``knowledge/gemeenten_oud.csv`` (other names, merged gemeenten, well-known
woonplaatsen). Tolerant of case, accents, "gemeente X", "in X", "X, Flevoland",
"'s-Hertogenbosch"/"Den Bosch" and small typos (rapidfuzz OSA distance: 1 for names of
5–7 letters, 2 for 8–12, 3 for longer; none for shorter names). A guessed match comes
back with ``certain=False``: ask "Bedoel je …?". Names that belong to more than one
gemeente (Haaren, Bergen) give ``Invalid`` with the gemeenten as ``options``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.intake.knowledge_files import knowledge_file, provincies, read_csv
from assistant.intake.result import Invalid, Valid, display, invalid, validates
from assistant.intake.text import fold, join_or, shorten

MAX_CHARS = 100
# Provincie names people use besides the official ones in provincies.yml.
PROVINCIE_ALIASES = {"friesland": "friesland", "brabant": "noord-brabant"}

_PREFIX = re.compile(
    r"^(?:(?:we|wij|ik) (?:zitten|zit|wonen|woon|werken|werk|zijn|ben) (?:in|te)|"
    r"(?:gevestigd|gelegen) (?:in|te)|in|uit|te|vanuit)\s+"
)
_GEMEENTE_WORD = re.compile(r"^(?:de |het )?(?:gemeente|gem\.)\s+")


@dataclass(frozen=True, slots=True)
class Gemeente:
    naam: str
    provincie: str  # id from provincies.yml
    provincie_naam: str
    code: str = ""  # CBS gemeentecode, "GM0363"


def name_key(text: str) -> str:
    """Comparable form of a place name: "'s-Hertogenbosch" → "s hertogenbosch"."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


@dataclass(frozen=True)
class _Entry:
    naam: str  # as written in the data
    gemeenten: tuple[str, ...]
    soort: str  # gemeente, andere_naam, oud or woonplaats


@dataclass
class GemeenteIndex:
    gemeenten: dict[str, Gemeente]
    entries: dict[str, _Entry]
    provincie_keys: dict[str, str]

    def __post_init__(self) -> None:
        self.keys = list(self.entries)


@lru_cache
def _index(knowledge_dir: Path | None) -> GemeenteIndex:
    names = provincies(knowledge_dir)
    gemeenten = {
        row["naam"]: Gemeente(row["naam"], row["provincie"], names[row["provincie"]], row["code"])
        for row in read_csv(knowledge_file("gemeenten.csv", knowledge_dir))
    }
    entries = {name_key(naam): _Entry(naam, (naam,), "gemeente") for naam in gemeenten}
    for row in read_csv(knowledge_file("gemeenten_oud.csv", knowledge_dir)):
        key = name_key(row["naam"])
        if key not in entries:  # a current gemeente always wins
            entries[key] = _Entry(row["naam"], tuple(row["gemeente"].split("|")), row["soort"])
    provincie_keys = {name_key(naam): pid for pid, naam in names.items()}
    provincie_keys.update({name_key(pid): pid for pid in names})
    provincie_keys.update(PROVINCIE_ALIASES)
    return GemeenteIndex(gemeenten, entries, provincie_keys)


def gemeente_index(knowledge_dir: Path | None = None) -> GemeenteIndex:
    return _index(knowledge_dir)


def all_gemeenten(knowledge_dir: Path | None = None) -> list[Gemeente]:
    return list(gemeente_index(knowledge_dir).gemeenten.values())


def _strip_provincie(key: str, index: GemeenteIndex) -> str:
    """ "almere flevoland", "heerlen in limburg" → "almere", "heerlen"."""
    for prov_key in sorted(index.provincie_keys, key=len, reverse=True):
        for suffix in (f" in {prov_key}", f" provincie {prov_key}", f" {prov_key}"):
            if key.endswith(suffix) and key[: -len(suffix)] in index.entries:
                return key[: -len(suffix)]
    return key


def _max_distance(key: str) -> int:
    length = len(key.replace(" ", ""))
    if length < 5:
        return 0
    return 1 if length <= 7 else 2 if length <= 12 else 3


def _resolve(entry: _Entry, index: GemeenteIndex, *, certain: bool) -> Valid | Invalid:
    if len(entry.gemeenten) > 1:
        options = sorted(entry.gemeenten)
        return invalid("gemeente_meerdere", options=options, naam=entry.naam,
                       opties=join_or(options))
    gemeente = index.gemeenten[entry.gemeenten[0]]
    if entry.soort == "gemeente" or entry.soort == "andere_naam":
        shown = display("gemeente", gemeente=gemeente.naam, provincie=gemeente.provincie_naam)
    else:
        shown = display("gemeente_via", gemeente=gemeente.naam,
                        provincie=gemeente.provincie_naam, naam=entry.naam)
    return Valid(gemeente, shown, certain=certain)


def _fuzzy(key: str, index: GemeenteIndex) -> Valid | Invalid | None:
    limit = _max_distance(key)
    if not limit:
        return None
    found = process.extract(key, index.keys, scorer=OSA.distance, score_cutoff=limit, limit=10)
    if not found:
        return None
    best = min(score for _, score, _ in found)
    closest = [index.entries[name] for name, score, _ in found if score == best]
    targets = sorted({g for entry in closest for g in entry.gemeenten})
    if len(targets) == 1:
        return _resolve(closest[0], index, certain=False)
    return invalid("gemeente_welke", options=targets,
                   opties=join_or(targets))


@validates("gemeente", MAX_CHARS)
def lookup_gemeente(    text: str, *, fuzzy: bool = True, knowledge_dir: Path | None = None
) -> Valid[Gemeente] | Invalid:
    """Find the current gemeente for a name, old name or woonplaats."""
    index = gemeente_index(knowledge_dir)
    folded = _GEMEENTE_WORD.sub("", _PREFIX.sub("", fold(text)))
    key = _strip_provincie(name_key(folded), index)
    if not key:
        return invalid("gemeente_leeg")
    if key in index.entries:
        return _resolve(index.entries[key], index, certain=True)
    if key in index.provincie_keys:
        provincie = provincies(knowledge_dir)[index.provincie_keys[key]]
        return invalid("gemeente_is_provincie", provincie=provincie)
    if fuzzy and (guess := _fuzzy(key, index)):
        return guess
    return invalid("gemeente_onbekend", invoer=shorten(text))
