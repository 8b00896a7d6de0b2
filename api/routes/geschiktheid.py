"""POST /api/v1/geschiktheid: which regelingen fit a company profile (public).

The body is a profile (every field optional). The answer has, per entry, ``ja``,
``misschien`` or ``nee`` with Dutch reasons, the questions that would decide the
``misschien`` ones, and ``relevant`` (shares a thema with the profile's plans).
Loketten are ``ja`` when the regio fits. Unknown ids are a 422 problem in Dutch.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel

from api.deps import SettingsDep
from api.routes.regelingen import knowledge_base
from assistant.knowledge import Profile, UnknownValue, open_questions
from assistant.knowledge.schema import Soort

router = APIRouter(prefix="/api/v1/geschiktheid", tags=["geschiktheid"])


class Oordeel(BaseModel):
    id: str
    naam: str
    soort: Soort
    uitvoerder: str
    oordeel: Literal["ja", "misschien", "nee"]
    redenen: list[str]
    vragen: list[str]
    relevant: bool


class Aantallen(BaseModel):
    ja: int
    misschien: int
    nee: int


class Geschiktheid(BaseModel):
    profiel: Profile
    aantallen: Aantallen
    vragen: list[str]
    resultaten: list[Oordeel]


@router.post(
    "",
    summary="Welke regelingen passen bij dit bedrijf: ja, misschien of nee",
    response_model=Geschiktheid,
    responses={422: {"description": "Een veld heeft een onbekende of ongeldige waarde"}},
)
def geschiktheid(
    profiel: Profile,
    settings: SettingsDep,
    soort: Annotated[Soort | None, Query(description="Alleen deze soort")] = None,
    thema: Annotated[str | None, Query(description="Alleen dit thema")] = None,
) -> Geschiktheid:
    kb = knowledge_base(settings)
    try:
        verdicts = kb.geschiktheid(profiel, soort=soort.value if soort else None, thema=thema)
    except UnknownValue as exc:
        raise HTTPException(422, str(exc)) from exc
    resultaten = [
        Oordeel(
            id=v.entry.id,
            naam=v.entry.naam,
            soort=v.entry.soort,
            uitvoerder=v.entry.uitvoerder,
            oordeel=v.oordeel,
            redenen=v.redenen,
            vragen=v.vragen,
            relevant=v.relevant,
        )
        for v in verdicts
    ]
    counts = {
        name: sum(r.oordeel == name for r in resultaten) for name in ("ja", "misschien", "nee")
    }
    return Geschiktheid(
        profiel=profiel,
        aantallen=Aantallen(**counts),
        vragen=open_questions(verdicts),
        resultaten=resultaten,
    )
