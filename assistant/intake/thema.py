"""Thema of a hulpvraag: a **keyword classifier**, not a trained model.

Each thema in ``knowledge/themas.yml`` has keywords in ``thema_trefwoorden.yml``. A
thema's score is the summed weight (letters) of its distinct keywords found in the
text. The best thema wins with

    confidence = (best score / all scores) × min(1, best score / 10)

so one short, shared word gives a low confidence and several specific words a high
one. No keyword → ``thema`` is None and confidence 0. Equal top scores → ``thema`` is
None and the tied themas are in ``alternatieven``: ask the ondernemer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.intake.knowledge_files import knowledge_file, read_yaml
from assistant.intake.result import Invalid, Valid, invalid
from assistant.intake.text import KeywordMatcher, clean, fold

TREFWOORDEN_FILE = Path(__file__).with_name("thema_trefwoorden.yml")
SATURATION = 10  # letters of keyword evidence for full confidence
MAX_CHARS = 5000


@dataclass(frozen=True, slots=True)
class ThemaMatch:
    thema: str | None
    naam: str | None
    confidence: float
    trefwoorden: tuple[str, ...] = ()
    alternatieven: tuple[str, ...] = ()


@lru_cache
def _load(knowledge_dir: Path | None) -> tuple[dict[str, str], KeywordMatcher]:
    themas = read_yaml(knowledge_file("themas.yml", knowledge_dir))["themas"]
    names = {thema["id"]: thema["naam"] for thema in themas}
    with TREFWOORDEN_FILE.open(encoding="utf-8") as handle:
        keywords = yaml.safe_load(handle)
    unknown = set(keywords) - set(names)
    if unknown:
        raise ValueError(f"Onbekende thema's in {TREFWOORDEN_FILE.name}: {sorted(unknown)}")
    return names, KeywordMatcher(keywords)


def thema_namen(knowledge_dir: Path | None = None) -> dict[str, str]:
    """Thema id → name."""
    return _load(knowledge_dir)[0]


def classify_thema(text: object, *, knowledge_dir: Path | None = None) -> ThemaMatch:
    """The most likely thema of a free-text question, with a confidence in [0, 1]."""
    names, matcher = _load(knowledge_dir)
    found: dict[str, dict[str, int]] = {}
    for hit in matcher.find(clean(text)[:MAX_CHARS]):
        found.setdefault(hit.keyword.label, {})[hit.keyword.pattern] = hit.keyword.weight
    if not found:
        return ThemaMatch(None, None, 0.0)
    scores = {label: sum(weights.values()) for label, weights in found.items()}
    ranked = sorted(scores, key=scores.get, reverse=True)
    top = scores[ranked[0]]
    tied = tuple(label for label in ranked if scores[label] == top)
    if len(tied) > 1:
        return ThemaMatch(None, None, 0.0, alternatieven=tied)
    confidence = top / sum(scores.values()) * min(1.0, top / SATURATION)
    return ThemaMatch(
        ranked[0], names[ranked[0]], round(confidence, 2),
        tuple(sorted(found[ranked[0]])), tuple(ranked[1:]),
    )


def validate_thema(raw: object, *, knowledge_dir: Path | None = None) -> Valid[str] | Invalid:
    """A thema id (or its name) as sent by the chat or the API."""
    names = thema_namen(knowledge_dir)
    value = fold(raw).replace(" ", "_")
    for thema_id, naam in names.items():
        if value in (thema_id, fold(naam).replace(" ", "_")):
            return Valid(thema_id, naam)
    return invalid("thema_onbekend", options=list(names.values()))
