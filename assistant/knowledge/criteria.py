"""The machine-readable criteria of an entry, checked against one known fact.

Each check returns ``None`` when the entry sets no such criterion, or a ``Check`` with
``ok`` True (fits), False (does not fit) or None (the fact is unknown), a Dutch reason
and, for unknown facts, the question that would decide it. The search filters and the
eligibility check both use these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.knowledge.loader import Vocabulary
from assistant.knowledge.schema import Bereik, Entry, Rechtsvorm

VRAAG_MEDEWERKERS = "Hoeveel mensen werken er in je bedrijf?"
VRAAG_REGIO = "In welke gemeente of provincie zit je bedrijf?"
VRAAG_SECTOR = "In welke sector werkt je bedrijf?"
VRAAG_LEEFTIJD = "Hoe lang bestaat je bedrijf al?"
VRAAG_RECHTSVORM = "Welke rechtsvorm heeft je bedrijf (bijvoorbeeld eenmanszaak, vof of bv)?"

# How to write a rechtsvorm in a sentence; the ids are the same except for one accent.
RECHTSVORM_NAMEN = {vorm.value: vorm.value for vorm in Rechtsvorm} | {"cooperatie": "coöperatie"}


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool | None
    reden: str
    vraag: str | None = None


def join_or(items: list[str]) -> str:
    """ "a", "a of b", "a, b of c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " of " + items[-1]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def _range_text(bereik: Bereik, unit: str) -> str:
    low, high = bereik.min, bereik.max
    if low is not None and high is not None:
        return f"{_number(low)} tot en met {_number(high)} {unit}"
    if high is not None:
        return f"maximaal {_number(high)} {unit}"
    return f"minstens {_number(low)} {unit}"


def medewerkers_text(count: int) -> str:
    return "1 medewerker" if count == 1 else f"{count} medewerkers"


def regio_check(entry: Entry, provincie: str | None, vocab: Vocabulary) -> Check | None:
    if entry.landelijk:
        return None
    names = [vocab.provincies.get(regio, regio) for regio in entry.regio]
    where = join_or(names)
    if provincie is None:
        return Check(None, f"{entry.label} is alleen voor bedrijven in {where}.", VRAAG_REGIO)
    own = vocab.provincies.get(provincie, provincie)
    if provincie in entry.regio:
        return Check(True, f"Je bedrijf zit in {own}; {entry.label} is voor bedrijven in {where}.")
    return Check(
        False, f"Je bedrijf zit in {own}; {entry.label} is alleen voor bedrijven in {where}."
    )


def medewerkers_check(entry: Entry, count: int | None) -> Check | None:
    bereik = entry.doelgroep.medewerkers
    if bereik is None:
        return None
    wanted = f"{entry.label} is voor bedrijven met {_range_text(bereik, 'medewerkers')}"
    if count is None:
        return Check(None, f"{wanted}.", VRAAG_MEDEWERKERS)
    return Check(bereik.contains(count), f"Je hebt {medewerkers_text(count)}; {wanted}.")


def _membership(
    entry: Entry,
    value: str | None,
    allowed: list[str],
    excluded: list[str],
    names: dict[str, str],
    wording: tuple[str, str, str],
) -> Check | None:
    """A check against a list of allowed or excluded values. ``wording`` is (the noun
    before the list, how to say the company's own value, the question to ask)."""
    if not allowed and not excluded:
        return None
    noun, own, question = wording
    listed = join_or([names.get(item, item) for item in (allowed or excluded)])
    rule = f"{entry.label} is {'alleen' if allowed else 'niet'} voor {noun} {listed}"
    if value is None:
        return Check(None, f"{rule}.", question)
    fits = (not allowed or value in allowed) and value not in excluded
    return Check(fits, f"{own} {names.get(value, value)}; {rule}.")


def sector_check(entry: Entry, sector: str | None, vocab: Vocabulary) -> Check | None:
    doelgroep = entry.doelgroep
    wording = ("de sector", "Je sector is", VRAAG_SECTOR)
    return _membership(
        entry, sector, doelgroep.sectoren, doelgroep.uitgesloten_sectoren, vocab.sectoren, wording
    )


def leeftijd_check(entry: Entry, jaren: float | None) -> Check | None:
    bereik = entry.doelgroep.bedrijfsleeftijd_jaren
    if bereik is None:
        return None
    wanted = f"{entry.label} is voor bedrijven van {_range_text(bereik, 'jaar')} oud"
    if jaren is None:
        return Check(None, f"{wanted}.", VRAAG_LEEFTIJD)
    return Check(bereik.contains(jaren), f"Je bedrijf bestaat {_number(jaren)} jaar; {wanted}.")


def rechtsvorm_check(entry: Entry, rechtsvorm: Rechtsvorm | None) -> Check | None:
    doelgroep = entry.doelgroep
    wording = ("een", "Je hebt een", VRAAG_RECHTSVORM)
    value = rechtsvorm.value if rechtsvorm is not None else None
    return _membership(
        entry,
        value,
        [r.value for r in doelgroep.rechtsvorm],
        [r.value for r in doelgroep.uitgesloten_rechtsvorm],
        RECHTSVORM_NAMEN,
        wording,
    )
