"""The printable HTML report of a scan result (Jinja2 with autoescaping).

``render_report(result, datum=…)`` returns a complete HTML document: the direction,
score bars per theme, strengths, aandachtspunten with next steps, organisations and
regelingen, the vervolgscan comparison when given, and the answers. Layout and headings
are in ``templates/report.html``; the scan's texts come from the result and scan.yml.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from assistant.scan.compare import Comparison
from assistant.scan.definition import ScanDefinition, load_definition
from assistant.scan.result import ScanResult
from assistant.web_links import is_web_url

TEMPLATES = Path(__file__).with_name("templates")


def format_score(value: float | None) -> str:
    """3.4 → "3,4" (Dutch decimal comma); None → "–"."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def format_difference(value: float | None) -> str:
    """0.5 → "+0,5"; -1 → "−1,0"; None → ""."""
    if value is None:
        return ""
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + format_score(abs(value))


def dutch_date(definition: ScanDefinition, day: date) -> str:
    """``date(2026, 11, 23)`` → "23 november 2026"."""
    return f"{day.day} {definition.teksten.maanden[day.month - 1]} {day.year}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["cijfer"] = format_score
    environment.filters["verschil"] = format_difference
    environment.tests["web_url"] = is_web_url  # the only addresses that become links
    return environment


def render_report(
    result: ScanResult,
    *,
    datum: date,
    referentie: str | None = None,
    bedrijfsnaam: str | None = None,
    vergelijking: Comparison | None = None,
    definition: ScanDefinition | None = None,
) -> str:
    """The report as an HTML document. ``vergelijking``: the vervolgscan comparison."""
    definition = definition or load_definition()
    previous = vergelijking.vorige_datum if vergelijking else None
    return _environment().get_template("report.html").render(
        result=result,
        naam=definition.naam,
        datum=dutch_date(definition, datum),
        referentie=referentie,
        bedrijfsnaam=bedrijfsnaam,
        vergelijking=vergelijking,
        vorige_datum=dutch_date(definition, previous) if previous else None,
        teksten=definition.teksten,
        banden=definition.banden,
        richtingen=list(definition.richtingen.values()),
        gescoord=[t for t in result.themas if t.score is not None],
    )
