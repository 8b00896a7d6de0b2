"""The outcome of a scan as data: what ``scoring.score`` returns, the API stores and the
report renders.

A result carries every text it needs (theme names, explanations, steps), so a stored
scan still renders the same after the definition changed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

ThemeStatus = Literal[
    "gescoord", "overgeslagen", "weet_niet", "niet_van_toepassing", "niet_gevraagd"
]


class _Result(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AnswerLine(_Result):
    vraag_id: str
    vraag: str
    waarde: str
    antwoord: str  # the option's title, as the ondernemer saw it
    score: int | None = None


class ThemeResult(_Result):
    id: str
    naam: str
    status: ThemeStatus
    score: float | None = None  # 1.0–5.0, one decimal; None: see status and uitleg
    band: str | None = None
    band_naam: str | None = None
    uitleg: str  # one line, Dutch
    antwoorden: list[AnswerLine] = []


class Strength(_Result):
    thema: str
    naam: str
    tekst: str


class OrganisationRef(_Result):
    id: str
    naam: str
    rol: str
    url: str | None = None


class ActionPoint(_Result):
    id: str
    thema: str
    thema_naam: str
    titel: str
    uitleg: str
    stappen: list[str]
    thema_ids: list[str]  # Schakel thema ids, for finding regelingen
    organisaties: list[OrganisationRef] = []
    # Filled by ``scoring.advise`` from the knowledge base; shown by the report with the
    # keys ``naam`` (or ``titel``), ``url`` and ``reden`` when present.
    regelingen: list[dict[str, Any]] = []


class DirectionResult(_Result):
    id: Literal["groeien", "versnellen", "vernieuwen", "hervormen", "stoppen"]
    naam: str
    uitleg: str  # what the direction means
    reden: str  # why this scan got it (the rule that matched)


class Signal(_Result):
    """An answer marked ``gevoelig`` (arrears, "het is zwaar", stoppen)."""

    vraag_id: str
    vraag: str
    antwoord: str


class ScanResult(_Result):
    definitie_versie: str
    modus: Literal["volledig", "kort"]
    themas: list[ThemeResult]
    gemiddelde: float | None = None
    sterktes: list[Strength] = []
    aandachtspunten: list[ActionPoint] = []
    richting: DirectionResult | None = None  # None: show teksten.richting_onbekend
    opmerkingen: list[str] = []  # notes about the result itself ("korte scan", …)
    signalen: list[Signal] = []
    adviseur_aanbevolen: bool = False

    def theme(self, theme_id: str) -> ThemeResult | None:
        return next((t for t in self.themas if t.id == theme_id), None)
