"""Eligibility: does a company profile fit a regeling? ``ja``, ``misschien`` or ``nee``.

Rules:
- A criterion the profile does not meet makes it ``nee`` (with the reason).
- A fact the profile lacks makes it ``misschien`` plus the question that would decide it.
- A closed regeling is ``nee``; an uncertain one (status ``onzeker``) is at best
  ``misschien``.
- Loketten are not something you "qualify" for: they are ``ja`` when the regio fits
  (anyone may ask them a question) and only the regio is checked. Onderwerpen and
  buiten_veld entries (information, not schemes) are treated the same way.
- ``ja`` means: nothing we know rules it out. The free-text voorwaarden still apply.

``relevant`` says whether the entry shares a thema with the profile's plans (always
True when the profile names no thema's); the chat and the API show relevant ones first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

from assistant.knowledge.criteria import (
    Check,
    leeftijd_check,
    medewerkers_check,
    rechtsvorm_check,
    regio_check,
    sector_check,
)
from assistant.knowledge.loader import Vocabulary
from assistant.knowledge.profile import Profile
from assistant.knowledge.schema import Entry, Soort, Status

Oordeel = Literal["ja", "misschien", "nee"]
_ORDER = {"ja": 0, "misschien": 1, "nee": 2}
_WEGWIJZER_REDEN = {
    Soort.loket: "Dit is een loket: je kunt er terecht met je vraag.",
    Soort.onderwerp: "Dit is informatie, geen regeling: het geldt voor iedere ondernemer.",
    Soort.buiten_veld: "Dit valt buiten Schakel: de vervolgstap noemt wie je wel kan helpen.",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    entry: Entry
    oordeel: Oordeel
    redenen: list[str]
    vragen: list[str]
    relevant: bool
    getoetst: int = 0  # how many criteria were checked against a known fact and fit


def _checks(entry: Entry, profile: Profile, vocab: Vocabulary) -> list[Check]:
    found = [regio_check(entry, profile.provincie, vocab)]
    if not entry.is_wegwijzer:
        found += [
            medewerkers_check(entry, profile.medewerkers),
            sector_check(entry, profile.sector, vocab),
            leeftijd_check(entry, profile.bedrijfsleeftijd_jaren),
            rechtsvorm_check(entry, profile.rechtsvorm),
        ]
    return [check for check in found if check is not None]


def assess(entry: Entry, profile: Profile, vocab: Vocabulary) -> Verdict:
    checks = _checks(entry, profile, vocab)
    failed = [check for check in checks if check.ok is False]
    unknown = [check for check in checks if check.ok is None]
    redenen = [check.reden for check in (failed or checks)]
    vragen = [] if failed else list(dict.fromkeys(c.vraag for c in unknown if c.vraag))
    if entry.status is Status.gesloten:
        oordeel: Oordeel = "nee"
        redenen.insert(0, f"{entry.label} is gesloten. {entry.status_toelichting}")
        vragen = []
    elif failed:
        oordeel = "nee"
    elif unknown or entry.status is Status.onzeker:
        oordeel = "misschien"
        if entry.status is Status.onzeker:
            redenen.append(
                f"Het is niet zeker of {entry.label} nog open is. {entry.status_toelichting}"
            )
    else:
        oordeel = "ja"
    if entry.is_wegwijzer and oordeel == "ja":
        redenen.append(_WEGWIJZER_REDEN[entry.soort])
    elif not checks and oordeel == "ja":
        redenen.append(
            f"Voor {entry.label} zijn geen eisen bekend over grootte, sector of regio. "
            "Check de voorwaarden."
        )
    relevant = not profile.themas or bool(set(profile.themas) & set(entry.themas))
    fitting = sum(1 for check in checks if check.ok is True)
    return Verdict(entry, oordeel, redenen, vragen, relevant, fitting)


def assess_all(entries: list[Entry], profile: Profile, vocab: Vocabulary) -> list[Verdict]:
    """All verdicts: relevant first, then ja, misschien, nee; then by name."""
    verdicts = [assess(entry, profile, vocab) for entry in entries]
    return sorted(verdicts, key=lambda v: (not v.relevant, _ORDER[v.oordeel], v.entry.naam.lower()))


def open_questions(verdicts: list[Verdict]) -> list[str]:
    """The questions that would decide the most ``misschien`` verdicts, most useful first."""
    counts = Counter(question for verdict in verdicts for question in verdict.vragen)
    return [question for question, _ in counts.most_common()]
