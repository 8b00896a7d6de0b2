"""The vervolgscan: what changed per theme since the previous scan of the same ondernemer.

A difference smaller than ``vergelijking_marge`` (scan.yml) counts as "ongeveer gelijk".
Themes are matched by id; a theme without a score on one side is "nieuw" or
"geen_score". Aandachtspunten that are gone are listed as ``opgelost``, new ones as
``nieuw``. All texts come from ``teksten.vergelijking`` in scan.yml.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from assistant.scan.definition import ScanDefinition
from assistant.scan.result import ScanResult, ThemeResult

Trend = Literal["beter", "slechter", "gelijk", "nieuw", "geen_score", "onbekend"]


class ThemeChange(BaseModel):
    thema: str
    naam: str
    vorige: float | None
    nu: float | None
    verschil: float | None  # nu − vorige, one decimal
    trend: Trend
    tekst: str


class Comparison(BaseModel):
    vorige_datum: date | None = None
    themas: list[ThemeChange]
    richting_vorige: str | None = None
    richting_nu: str | None = None
    richting_tekst: str | None = None
    opgelost: list[str] = []  # titles of aandachtspunten the previous scan had, this one not
    nieuw: list[str] = []  # titles of aandachtspunten this scan has, the previous one not


def _trend(before: float | None, now: float | None, margin: float) -> tuple[Trend, float | None]:
    if before is None and now is None:
        return "onbekend", None
    if before is None:
        return "nieuw", None
    if now is None:
        return "geen_score", None
    difference = round(now - before, 1)
    if abs(difference) < margin:
        return "gelijk", difference
    return ("beter" if difference > 0 else "slechter"), difference


def _change(definition: ScanDefinition, before: ThemeResult | None,
            now: ThemeResult | None) -> ThemeChange:
    shown = now or before
    old = before.score if before else None
    new = now.score if now else None
    trend, difference = _trend(old, new, definition.drempels.vergelijking_marge)
    text = getattr(definition.teksten.vergelijking, trend)
    return ThemeChange(thema=shown.id, naam=shown.naam, vorige=old, nu=new,
                       verschil=difference, trend=trend, tekst=text)


def compare(definition: ScanDefinition, previous: ScanResult, current: ScanResult,
            vorige_datum: date | None = None) -> Comparison:
    """What changed from ``previous`` to ``current``."""
    before = {t.id: t for t in previous.themas}
    ids = [t.id for t in current.themas] + [i for i in before if current.theme(i) is None]
    changes = [_change(definition, before.get(i), current.theme(i)) for i in ids]
    old_direction, new_direction = previous.richting, current.richting
    direction_text = None
    if old_direction and new_direction:
        texts = definition.teksten.vergelijking
        direction_text = (
            texts.richting_gelijk.format(nu=new_direction.naam, vorige=old_direction.naam)
            if old_direction.id == new_direction.id
            else texts.richting_anders.format(nu=new_direction.naam, vorige=old_direction.naam)
        )
    old_points = {p.id: p.titel for p in previous.aandachtspunten}
    new_points = {p.id: p.titel for p in current.aandachtspunten}
    return Comparison(
        vorige_datum=vorige_datum,
        themas=changes,
        richting_vorige=old_direction.naam if old_direction else None,
        richting_nu=new_direction.naam if new_direction else None,
        richting_tekst=direction_text,
        opgelost=[title for pid, title in old_points.items() if pid not in new_points],
        nieuw=[title for pid, title in new_points.items() if pid not in old_points],
    )
