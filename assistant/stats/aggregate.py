"""Pure functions: stored records in, tables of aggregated figures out.

Every count of a group smaller than ``min_group`` (but not zero) is suppressed: the
table shows ``"< 5"``, never the number. Durations and averages over fewer than
``min_group`` records are left out the same way. Nothing here reads the database.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from zoneinfo import ZoneInfo

from assistant.scan.scoring import round_score

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ONBEKEND = "onbekend"

Cell = str | int | float


@dataclass(frozen=True)
class IntakeRecord:
    created_at: datetime
    sector: str | None = None
    grootteklasse: str | None = None
    gemeente: str | None = None
    provincie: str | None = None
    thema: str | None = None


@dataclass(frozen=True)
class OverdrachtRecord:
    aangemaakt_op: datetime
    thema: str | None = None
    doorverwezen_naar: str | None = None
    eerste_reactie_op: datetime | None = None
    gesloten_op: datetime | None = None


@dataclass(frozen=True)
class ScanRecord:
    aangemaakt_op: datetime
    scores: dict[str, float] = field(default_factory=dict)  # theme id → score


@dataclass(frozen=True)
class EventRecord:
    soort: str
    week: str
    thema: str | None = None
    waarde: int | None = None


@dataclass
class Tabel:
    naam: str
    titel: str
    kolommen: list[str]
    rijen: list[list[Cell]]

    def as_dict(self) -> dict:
        return {"naam": self.naam, "titel": self.titel, "kolommen": self.kolommen,
                "rijen": self.rijen}


def suppressed(min_group: int) -> str:
    return f"< {min_group}"


def shown(count: int, min_group: int) -> Cell:
    """The count, or ``"< min_group"`` for a small group (zero stays zero)."""
    return suppressed(min_group) if 0 < count < min_group else count


def visible(count: int, min_group: int) -> int:
    """The count as far as it may be known: 0 for a suppressed group. Sort on this, so
    the order of the rows does not give away the size of a small group."""
    return count if count >= min_group else 0


def iso_week(moment: datetime) -> str:
    year, week, _ = moment.astimezone(AMSTERDAM).isocalendar()
    return f"{year}-W{week:02d}"


def _label(value: str | None) -> str:
    value = (value or "").strip()
    return value or ONBEKEND


def _counted(naam: str, titel: str, kolom: str, values: Iterable[str | None],
             min_group: int) -> Tabel:
    """One row per group, largest first; small groups suppressed, sorted last by name."""
    counts = Counter(_label(value) for value in values)
    ordered = sorted(counts.items(), key=lambda item: (-visible(item[1], min_group), item[0]))
    return Tabel(naam, titel, [kolom, "Aantal"],
                 [[group, shown(count, min_group)] for group, count in ordered])


def per_week(intakes: Sequence[IntakeRecord], scans: Sequence[ScanRecord],
             overdrachten: Sequence[OverdrachtRecord], events: Sequence[EventRecord],
             min_group: int) -> Tabel:
    columns = {
        "intakes": Counter(iso_week(i.created_at) for i in intakes),
        "scans": Counter(iso_week(s.aangemaakt_op) for s in scans),
        "overdrachten": Counter(iso_week(o.aangemaakt_op) for o in overdrachten),
        "gesprekken": Counter(e.week for e in events if e.soort == "gesprek_gestart"),
    }
    weeks = sorted(set().union(*columns.values()))
    rows = [[week, *(shown(columns[key][week], min_group) for key in columns)]
            for week in weeks]
    return Tabel("per_week", "Aantallen per week",
                 ["Week", "Intakes", "Scans", "Overdrachten", "Gesprekken"], rows)


def per_thema(intakes: Sequence[IntakeRecord], overdrachten: Sequence[OverdrachtRecord],
              events: Sequence[EventRecord], min_group: int) -> Tabel:
    columns = {
        "intakes": Counter(_label(i.thema) for i in intakes),
        "overdrachten": Counter(_label(o.thema) for o in overdrachten),
        "onbeantwoord": Counter(_label(e.thema) for e in events
                                if e.soort == "vraag_niet_beantwoord"),
    }
    themes = set().union(*columns.values())
    totals = {theme: sum(visible(column[theme], min_group) for column in columns.values())
              for theme in themes}
    ordered = sorted(themes, key=lambda theme: (-totals[theme], theme))
    rows = [[theme, *(shown(columns[key][theme], min_group) for key in columns)]
            for theme in ordered]
    return Tabel("vragen_per_thema", "Vragen per thema",
                 ["Thema", "Intakes", "Overdrachten", "Onbeantwoorde vragen"], rows)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0–1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _hours(start: datetime, end: datetime | None) -> float | None:
    if end is None or end < start:
        return None
    return (end - start).total_seconds() / 3600


def doorlooptijden(overdrachten: Sequence[OverdrachtRecord], min_group: int) -> Tabel:
    rows: list[list[Cell]] = []
    for label, attribute in (("Tot eerste reactie adviseur", "eerste_reactie_op"),
                             ("Tot afsluiten", "gesloten_op")):
        hours = [h for o in overdrachten
                 if (h := _hours(o.aangemaakt_op, getattr(o, attribute))) is not None]
        if len(hours) < min_group:
            rows.append([label, shown(len(hours), min_group), "", ""])
        else:
            rows.append([label, len(hours), round(median(hours), 1),
                         round(percentile(hours, 0.9), 1)])
    return Tabel("doorlooptijden", "Doorlooptijd van overdrachten (uren)",
                 ["Meting", "Aantal", "Mediaan (uur)", "P90 (uur)"], rows)


def scanscores(scans: Sequence[ScanRecord], min_group: int) -> Tabel:
    scores: dict[str, list[float]] = defaultdict(list)
    for scan in scans:
        for theme, score in scan.scores.items():
            scores[theme].append(score)
    rows: list[list[Cell]] = []
    for theme in sorted(scores):
        values = scores[theme]
        average: Cell = round_score(sum(values) / len(values)) if len(values) >= min_group else ""
        rows.append([theme, shown(len(values), min_group), average])
    return Tabel("scanscores", "Gemiddelde scanscore per thema (1–5)",
                 ["Thema", "Aantal scans", "Gemiddelde score"], rows)


def feedback(events: Sequence[EventRecord], min_group: int) -> Tabel:
    counts = Counter(e.waarde for e in events if e.soort == "feedback" and e.waarde is not None)
    rows = [[str(score), shown(counts[score], min_group)] for score in sorted(counts)]
    return Tabel("feedback", "Feedback op gesprekken (score 1–5)", ["Score", "Aantal"], rows)


def feedback_per_thema(events: Sequence[EventRecord], min_group: int) -> Tabel:
    """How useful answers and overdrachten were per thema: count and average score."""
    scores: dict[str, list[int]] = defaultdict(list)
    for event in events:
        if event.soort == "feedback" and event.waarde is not None:
            scores[event.thema or ONBEKEND].append(event.waarde)
    rows: list[list[Cell]] = []
    for theme in sorted(scores):
        values = scores[theme]
        average: Cell = round(sum(values) / len(values), 1) if len(values) >= min_group else ""
        rows.append([theme, shown(len(values), min_group), average])
    return Tabel("feedback_per_thema", "Feedback per thema (gemiddelde score 1–5)",
                 ["Thema", "Aantal", "Gemiddelde score"], rows)


def all_tables(intakes: Sequence[IntakeRecord], overdrachten: Sequence[OverdrachtRecord],
               scans: Sequence[ScanRecord], events: Sequence[EventRecord],
               min_group: int) -> list[Tabel]:
    """Every table of the statistieken, in the order the dashboard shows them."""
    return [
        per_week(intakes, scans, overdrachten, events, min_group),
        per_thema(intakes, overdrachten, events, min_group),
        _counted("sector", "Ondernemers per sector", "Sector",
                 (i.sector for i in intakes), min_group),
        _counted("bedrijfsgrootte", "Ondernemers per bedrijfsgrootte", "Grootteklasse",
                 (i.grootteklasse for i in intakes), min_group),
        _counted("gemeente", "Ondernemers per gemeente", "Gemeente",
                 (i.gemeente for i in intakes), min_group),
        _counted("provincie", "Ondernemers per provincie", "Provincie",
                 (i.provincie for i in intakes), min_group),
        _counted("doorverwijzingen", "Doorverwijzingen per organisatie", "Organisatie",
                 (o.doorverwezen_naar for o in overdrachten if o.doorverwezen_naar), min_group),
        doorlooptijden(overdrachten, min_group),
        scanscores(scans, min_group),
        feedback(events, min_group),
        feedback_per_thema(events, min_group),
    ]


TABLE_NAMES = ("per_week", "vragen_per_thema", "sector", "bedrijfsgrootte", "gemeente",
               "provincie", "doorverwijzingen", "doorlooptijden", "scanscores", "feedback",
               "feedback_per_thema")


def unanswered(texts: Iterable[tuple[str, str | None]]) -> list[dict]:
    """``(tekst, thema)`` pairs → ``[{"tekst", "thema", "aantal"}]``, most frequent first.

    Texts are grouped case- and whitespace-insensitively; the first spelling is shown.
    """
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, str | None]] = {}
    for text, theme in texts:
        key = " ".join(text.lower().split())
        if not key:
            continue
        counts[key] += 1
        first.setdefault(key, (" ".join(text.split()), theme))
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"tekst": first[key][0], "thema": first[key][1], "aantal": count}
            for key, count in ordered]
