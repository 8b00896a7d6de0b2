"""Several intake answers from one free-text message, and correction hints.

``extract_fields("Ik ben Sanne van Bakkerij De Korenbloem in Almere, we zijn met z'n
zessen")`` → ``{"contactpersoon": "Sanne", "bedrijfsnaam": "Bakkerij De Korenbloem",
"gemeente": "Almere", "provincie": "flevoland", "medewerkers": 6,
"grootteklasse": "micro", "sector": "industrie"}``.

Conservative by design: a field is only filled when the message says it clearly
(names must be capitalised and introduced, places must follow "in"/"uit"/"te" and match
a gemeente exactly — in lower case too, unless the gemeente is also a word ("best") —,
sectors must be part of the company name or a self-description such as "ik heb een
kapsalon"). Missing a field is fine; the chat asks for it. Every value is
checked with the same validators the form uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.intake.contact import validate_email, validate_telefoon
from assistant.intake.gemeenten import lookup_gemeente
from assistant.intake.kvk import validate_kvk
from assistant.intake.medewerkers import search_medewerkers
from assistant.intake.result import Valid
from assistant.intake.sector import parse_sector
from assistant.intake.text import clean, fold

MAX_CHARS = 2000

UP = r"A-ZÀ-ÖØ-Þ"
LOW = r"a-zß-öø-ÿ"
_CAP_WORD = rf"[{UP}][{LOW}'’\-]*[{LOW}]"
_PARTICLES = r"(?:van der|van den|van de|van 't|van|de|der|den|ter|ten|te|het|'t)"
_SURNAME_PARTICLES = r"(?:van der|van den|van de|van 't|de|der|den|ter|ten|te|'t)"
_COMPANY = (
    rf"(?:[{UP}0-9][\w&'’.\-]*)"
    rf"(?:\s+(?:(?:de|het|van|en|der|den|'t|aan|op|in de|&)\s+)*[{UP}0-9&][\w&'’.\-]*)*"
)
_NAME_INTRO = re.compile(
    rf"\b(?i:ik ben|mijn naam is|ik heet|je spreekt met|u spreekt met|dit is)"
    rf"\s+(?P<first>{_CAP_WORD})"
    rf"(?P<surname>\s+(?:{_SURNAME_PARTICLES}\s+)?{_CAP_WORD})?"
    rf"(?:\s+(?i:van|bij|namens)\s+(?P<company>{_COMPANY}))?"
)
_COMPANY_INTRO = re.compile(
    rf"(?i:(?:mijn|ons|het) (?:bedrijf|zaak|onderneming) heet|bedrijfsnaam is|eigenaar van|"
    rf"ondernemer bij|ik werk bij|we heten|wij heten)\s*:?\s+(?P<company>{_COMPANY})"
)
_COMPANY_MARKERS = re.compile(r"\b(?:b\.?v\.?|v\.?o\.?f\.?|holding|&|en zonen|groep)\b", re.I)
_NOT_A_NAME = {"eigenaar", "ondernemer", "starter", "zzp'er", "zzper", "zzp", "benieuwd",
               "geinteresseerd", "bezig", "op", "in", "de", "het", "een", "nieuw", "net"}
_PLACE = re.compile(
    rf"(?i:\b(?:in|uit|te|vanuit|gemeente)\s+)"
    rf"(?P<place>(?:'s-)?[{UP}][\w'’\-]*(?:\s+(?:(?:aan|op|en|de|den|der|van|bij|in)\s+)*"
    rf"[{UP}][\w'’\-]*){{0,3}})"
)
# People type place names in lower case too ("in almere"): one word after "in"/"uit"/"te"
# that is exactly a gemeente, unless that gemeente is also an everyday word.
_PLACE_LOWER = re.compile(r"\b(?:in|uit|te|vanuit|gemeente)\s+(?P<place>[a-z][a-z'’\-]{2,})\b")
_PLACES_THAT_ARE_WORDS = {"best", "goes", "beek", "bergen", "putten", "sluis", "stein", "ede",
                          "epe", "oss", "duiven", "zundert", "rijssen", "laren", "blaricum"}
_SELF_DESCRIPTION = re.compile(
    r"\b(?:ik ben|wij zijn|we zijn|ik heb|we hebben|wij hebben|ik run|we runnen|"
    r"mijn|ons|onze|ik werk als|ik ben werkzaam als)\s+(?:een |eigen |kleine |klein |grote )*"
    r"(?P<words>[\w'\-&]+(?:\s[\w'\-&]+)?)"
)
_EMAIL_CANDIDATE = re.compile(r"\S+@\S+")
_PHONE_CANDIDATE = re.compile(
    r"(?:\+|\b00)31[\s\-.]?(?:\(0\)[\s\-.]?)?\d(?:[\s\-.]?\d){7,9}|\(?\b0\d[\d\s\-.()]{7,13}\d"
)
_KVK_LABELLED = re.compile(r"\bkvk(?:-?nummer|-?nr)?\s*(?:is|:)?\s*(\d[\d\s.\-]{6,12}\d)", re.I)
_BARE_EIGHT = re.compile(r"(?<![\d+])\b\d{8}\b(?!\d)")
_STARTER = re.compile(r"\b(?:geen kvk|ik ben (?:een )?starter|startende ondernemer)\b")
_NOT_BUT = re.compile(r"\bniet\b[^.,;!?]*?\bmaar\b\s*", re.I)


def _take(pattern: re.Pattern[str], text: str, validate) -> tuple[Any, str]:
    """The first candidate the validator accepts, and the text with it blanked out."""
    for match in pattern.finditer(text):
        result = validate(match.group(match.lastindex or 0))
        if isinstance(result, Valid):
            start, end = match.span()
            return result.value, text[:start] + " " + text[end:]
    return None, text


def _is_company(company: str) -> bool:
    """A capitalised phrase after "van"/"bij" is a company (not a surname) when it has
    two or more words, a company marker (B.V., &) or a sector word ("Bakkerij")."""
    if len(company.split()) >= 2 or _COMPANY_MARKERS.search(company):
        return True
    return isinstance(parse_sector(company, fuzzy=False), Valid)


def _names(text: str, found: dict[str, Any]) -> None:
    if match := _NAME_INTRO.search(text):
        first = match.group("first")
        surname, company = match.group("surname"), match.group("company")
        if fold(first) in _NOT_A_NAME or isinstance(parse_sector(first, fuzzy=False), Valid):
            return
        found["contactpersoon"] = first + (surname or "")
        if company and _is_company(company):
            found["bedrijfsnaam"] = company.strip()
    if "bedrijfsnaam" not in found and (match := _COMPANY_INTRO.search(text)):
        found["bedrijfsnaam"] = match.group("company").strip()


def _gemeente(text: str, knowledge_dir: Path | None) -> Valid | None:
    for match in _PLACE.finditer(text):
        words = match.group("place").split()
        for size in range(len(words), 0, -1):
            result = lookup_gemeente(" ".join(words[:size]), fuzzy=False,
                                     knowledge_dir=knowledge_dir)
            if isinstance(result, Valid):
                return result
    for match in _PLACE_LOWER.finditer(text):
        place = match.group("place")
        if place not in _PLACES_THAT_ARE_WORDS:
            result = lookup_gemeente(place, fuzzy=False, knowledge_dir=knowledge_dir)
            if isinstance(result, Valid):
                return result
    return None


def _sector(text: str, bedrijfsnaam: str | None, knowledge_dir: Path | None) -> str | None:
    candidates = [bedrijfsnaam] if bedrijfsnaam else []
    candidates += [m.group("words") for m in _SELF_DESCRIPTION.finditer(fold(text))]
    for candidate in candidates:
        result = parse_sector(candidate, fuzzy=False, knowledge_dir=knowledge_dir)
        if isinstance(result, Valid):
            return result.value
    return None


def extract_fields(text: object, *, knowledge_dir: Path | None = None) -> dict[str, Any]:
    """The intake fields a message states clearly; absent keys were not found."""
    work = _NOT_BUT.sub("", clean(text)[:MAX_CHARS])  # "niet 6 maar 8" → "8"
    found: dict[str, Any] = {}
    email, work = _take(_EMAIL_CANDIDATE, work, validate_email)
    telefoon, work = _take(_PHONE_CANDIDATE, work, validate_telefoon)
    kvk, work = _take(_KVK_LABELLED, work, validate_kvk)
    if kvk is None:
        eights = _BARE_EIGHT.findall(work)
        kvk = eights[0] if len(eights) == 1 else None
    for key, value in (("email", email), ("telefoon", telefoon), ("kvk_nummer", kvk)):
        if value is not None:
            found[key] = value
    if kvk is None and _STARTER.search(fold(work)):
        found["is_starter"] = True
    _names(work, found)
    if gemeente := _gemeente(work, knowledge_dir):
        found["gemeente"] = gemeente.value.naam
        found["provincie"] = gemeente.value.provincie
    if medewerkers := search_medewerkers(work):
        found["medewerkers"] = medewerkers.value.aantal
        found["grootteklasse"] = medewerkers.value.klasse
    if sector := _sector(work, found.get("bedrijfsnaam"), knowledge_dir):
        found["sector"] = sector
    return found


@dataclass(frozen=True, slots=True)
class Correction:
    """A message that corrects an earlier answer: the marker found, the text after it,
    and the fields that text states."""

    marker: str
    rest: str
    fields: dict[str, Any] = field(default_factory=dict)


_CORRECTION_START = re.compile(
    r"^\s*(?P<marker>nee+n?|nope|sorry|oeps|oops|correctie|foutje|pardon|wacht)\b[\s,.!:;-]*",
    re.I,
)
_CORRECTION_INSIDE = re.compile(
    r"\b(?P<marker>eigenlijk|ik bedoel(?:de)?|moet zijn|dat klopt niet|klopt niet|"
    r"dat is fout|verkeerd|toch|het zijn er|het is|niet\b[^.,;!?]*?\bmaar)\b",
    re.I,
)


def detect_correction(text: object, *, knowledge_dir: Path | None = None) -> Correction | None:
    """A hint that the ondernemer corrects an earlier answer ("nee, het zijn er 8",
    "eigenlijk zitten we in Lelystad", "ik bedoelde 12345678"), or None."""
    message = clean(text)[:MAX_CHARS]
    if match := _CORRECTION_START.match(message):
        marker, rest = match.group("marker").lower(), message[match.end():]
    elif match := _CORRECTION_INSIDE.search(message):
        marker = match.group("marker").lower()
        keep_marker = marker in ("het zijn er", "het is") or marker.startswith("niet")
        rest = message[match.start() if keep_marker else match.end():].lstrip(" ,:")
    else:
        return None
    return Correction(marker, rest, extract_fields(rest, knowledge_dir=knowledge_dir))

