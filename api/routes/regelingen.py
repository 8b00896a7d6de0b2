"""/api/v1/regelingen: search and read the knowledge base (public, no token).

``GET /api/v1/regelingen`` with ``q`` ranks entries for a free-text question; without
``q`` it lists the entries that pass the filters. Filters: ``thema``, ``regio``
(provincie id; landelijke entries fit every regio), ``medewerkers``, ``sector``,
``soort``, and ``verouderd`` (``true``: only entries past their review date
``controleren_voor``, ``false``: only the others). Unknown filter values are a 400
problem with a Dutch explanation. Every entry carries ``controleren_voor`` and
``te_controleren``. ``GET /api/v1/regelingen/{id}`` returns one entry with every field.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from api.deps import SettingsDep
from assistant.knowledge import (
    Entry,
    KnowledgeBase,
    KnowledgeError,
    UnknownValue,
    get_knowledge_base,
)
from assistant.knowledge.schema import Bedrag, Bron, Niveau, Soort, Status, Vervolgstap

router = APIRouter(prefix="/api/v1/regelingen", tags=["regelingen"])
MAX_LIMIT = 50
MAX_MEDEWERKERS = 1_000_000
PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Een filter heeft een onbekende of ongeldige waarde"},
    503: {"description": "De kennisbank kan niet worden geladen"},
}


class Resultaat(BaseModel):
    """One entry in a result list: the key facts plus why it matched."""

    id: str
    naam: str
    afkorting: str | None
    soort: Soort
    uitvoerder: str
    niveau: Niveau
    regio: list[str]
    themas: list[str]
    status: Status
    status_toelichting: str | None
    samenvatting: str
    bedragen: list[Bedrag]
    vervolgstap: Vervolgstap
    bronnen: list[Bron]
    peildatum: date
    controleren_voor: date
    te_controleren: bool
    score: float
    redenen: list[str]


class Regeling(Entry):
    """One entry with every field, and whether it is past its review date."""

    te_controleren: bool


class Resultaten(BaseModel):
    aantal: int
    resultaten: list[Resultaat]


def knowledge_base(settings: SettingsDep) -> KnowledgeBase:
    try:
        return get_knowledge_base(settings.knowledge_dir)
    except KnowledgeError as exc:
        raise HTTPException(503, "De kennisbank is tijdelijk niet beschikbaar.") from exc


def parse_count(name: str, value: str | None, low: int, high: int) -> int | None:
    """A whole number from a query parameter, or a 400 problem in Dutch."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise HTTPException(
            400, f"{name} moet een heel getal van {low} tot en met {high} zijn, niet '{text[:20]}'."
        )
    return int(text)


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


_YES = {"true", "ja", "1"}
_NO = {"false", "nee", "0"}


def parse_flag(name: str, value: str | None) -> bool | None:
    """true/false (or ja/nee, 1/0) from a query parameter, or a 400 problem in Dutch."""
    text = (value or "").strip().lower()
    if not text:
        return None
    if text in _YES | _NO:
        return text in _YES
    raise HTTPException(400, f"{name} moet true of false zijn, niet '{text[:20]}'.")


def as_resultaat(entry: Entry, score: float, redenen: list[str]) -> Resultaat:
    computed = {"score", "redenen", "te_controleren"}
    fields = entry.model_dump(include=set(Resultaat.model_fields) - computed)
    return Resultaat(**fields, te_controleren=entry.is_stale, score=score, redenen=redenen)


@router.get(
    "",
    summary="Zoek regelingen en loketten, of toon ze met filters",
    response_model=Resultaten,
    responses=PROBLEMS,
)
def zoek_regelingen(
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=10_000, description="Vraag in eigen woorden")] = None,
    thema: Annotated[str | None, Query(description="Thema-id, bijvoorbeeld 'innovatie'")] = None,
    regio: Annotated[
        str | None, Query(description="Provincie-id, bijvoorbeeld 'flevoland'")
    ] = None,
    medewerkers: Annotated[str | None, Query(description="Aantal medewerkers")] = None,
    sector: Annotated[str | None, Query(description="Sector-id, bijvoorbeeld 'horeca'")] = None,
    soort: Annotated[
        str | None, Query(description="regeling, financiering, fiscaal, loket of programma")
    ] = None,
    verouderd: Annotated[
        str | None,
        Query(
            description="true: alleen regelingen over hun controledatum (controleren_voor); "
            "false: alleen de andere"
        ),
    ] = None,
    limit: Annotated[
        str | None, Query(description=f"Maximaal aantal resultaten (1-{MAX_LIMIT})")
    ] = None,
) -> Resultaten:
    kb = knowledge_base(settings)
    stale = parse_flag("verouderd", verouderd)
    count = parse_count("medewerkers", medewerkers, 0, MAX_MEDEWERKERS)
    size = parse_count("limit", limit, 1, MAX_LIMIT) or 10
    try:
        hits = kb.search(
            q or "",
            thema=_blank_to_none(thema),
            regio=_blank_to_none(regio),
            medewerkers=count,
            sector=_blank_to_none(sector),
            soort=_blank_to_none(soort),
            te_controleren=stale,
            limit=size,
        )
    except UnknownValue as exc:
        raise HTTPException(400, str(exc)) from exc
    resultaten = [as_resultaat(hit.entry, hit.score, hit.reasons) for hit in hits]
    return Resultaten(aantal=len(resultaten), resultaten=resultaten)


@router.get(
    "/{regeling_id}",
    summary="Eén regeling of loket met alle gegevens",
    response_model=Regeling,
    responses={404: {"description": "Onbekende regeling"}, 503: PROBLEMS[503]},
)
def lees_regeling(regeling_id: str, settings: SettingsDep) -> Regeling:
    entry = knowledge_base(settings).get(regeling_id)
    if entry is None:
        raise HTTPException(404, f"De regeling '{regeling_id[:80]}' bestaat niet.")
    return Regeling(**entry.model_dump(), te_controleren=entry.is_stale)
