"""Aggregated, non-personal figures for the regio-coördinator, and anonymous events.

- ``GET /api/v1/statistieken``: every table (staff: ``adviseur`` or ``beheerder``; the
  regio-coördinator has no role of its own yet and uses one of these).
- ``GET /api/v1/statistieken/{tabel}.csv``: one table as CSV for Dutch Excel: ``;`` as
  separator, UTF-8 with BOM, Dutch headers.
- ``POST /api/v1/gebeurtenissen``: open, like intakes; the action server posts anonymous
  events (no conversation id, no personal data; unanswered questions are masked).
- ``GET /api/v1/onbeantwoorde-vragen``: staff; unanswered questions, most frequent first.
- ``GET /api/v1/feedback-opmerkingen``: staff; typed feedback comments, the same way.

Groups smaller than ``Settings.stats_min_group`` show as ``"< 5"``, never the number.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.auth import require_role
from api.deps import DbDep, SettingsDep
from api.service_auth import ServiceOnly
from assistant.intake.privacy import mask_free_text
from assistant.staff_tokens import StaffToken
from assistant.stats import aggregate, queries
from assistant.stats.models import WITH_TEXT, Gebeurtenis, conversation_hash

router = APIRouter(prefix="/api/v1", tags=["statistieken"])
Staff = Annotated[StaffToken, Depends(require_role("adviseur"))]
AUTH = {401: {"description": "Geen of een ongeldige token"},
        403: {"description": "Je rol heeft geen toegang"}}


class TabelOut(BaseModel):
    naam: str
    titel: str
    kolommen: list[str]
    rijen: list[list[str | int | float]]


class StatistiekenOut(BaseModel):
    min_groep: int = Field(description="Groepen kleiner dan dit tonen als '< min_groep'")
    tabellen: list[TabelOut]


class VraagOut(BaseModel):
    tekst: str
    thema: str | None
    aantal: int


class GebeurtenisIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    soort: Literal["gesprek_gestart", "vraag_niet_beantwoord", "feedback"]
    thema: str | None = Field(None, min_length=1, max_length=40, pattern=r"^[a-z0-9_]+$")
    waarde: int | None = Field(None, ge=1, le=5, description="Alleen bij feedback: score 1–5")
    tekst: str | None = Field(None, min_length=1, max_length=300,
                              description="Alleen bij vraag_niet_beantwoord en feedback")
    conversation_id: str | None = Field(
        None, min_length=1, max_length=200,
        description="Alleen met tekst: het gesprek, zodat 'verwijder mijn gegevens' de "
        "tekst kan wissen (alleen een hash wordt bewaard)")

    @model_validator(mode="after")
    def _fits_the_kind(self) -> GebeurtenisIn:
        if self.waarde is not None and self.soort != "feedback":
            raise ValueError("waarde hoort alleen bij feedback")
        if self.soort == "feedback" and self.waarde is None:
            raise ValueError("feedback heeft een waarde van 1 tot 5")
        if self.tekst is not None and self.soort not in WITH_TEXT:
            raise ValueError("tekst hoort alleen bij vraag_niet_beantwoord en feedback")
        if self.conversation_id is not None and self.tekst is None:
            raise ValueError("conversation_id hoort alleen bij een tekst")
        return self


class GebeurtenisOut(BaseModel):
    soort: str
    week: str


@router.get("/statistieken", response_model=StatistiekenOut, responses=AUTH,
            summary="Geaggregeerde cijfers (kleine groepen onderdrukt)")
def get_statistieken(_: Staff, session: DbDep, settings: SettingsDep) -> StatistiekenOut:
    tables = queries.tables(session, settings.stats_min_group)
    return StatistiekenOut(min_groep=settings.stats_min_group,
                           tabellen=[TabelOut(**t.as_dict()) for t in tables])


@router.get("/statistieken/{tabel}.csv", responses={**AUTH, 404: {"description": "Onbekend"}},
            response_class=Response, summary="Eén tabel als CSV (puntkomma, UTF-8)")
def get_statistieken_csv(tabel: str, _: Staff, session: DbDep,
                         settings: SettingsDep) -> Response:
    if tabel not in aggregate.TABLE_NAMES:
        raise HTTPException(404, "Deze tabel bestaat niet.")
    found = next(t for t in queries.tables(session, settings.stats_min_group) if t.naam == tabel)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(found.kolommen)
    for row in found.rijen:
        writer.writerow([str(cell).replace(".", ",") if isinstance(cell, float) else cell
                         for cell in row])
    return Response(
        "\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="statistieken-{tabel}.csv"',
                 "Cache-Control": "no-store"})


@router.post("/gebeurtenissen", status_code=201, response_model=GebeurtenisOut,
             dependencies=[ServiceOnly],
             summary="Anonieme gebeurtenis opslaan (voor de actieserver)")
def post_gebeurtenis(
    event: GebeurtenisIn, session: DbDep, response: Response,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> GebeurtenisOut:
    idempotency_key = idempotency_key or None  # an empty header counts as none
    if idempotency_key and (existing := _by_key(session, idempotency_key)):
        response.status_code = 200
        return GebeurtenisOut(soort=existing.soort, week=existing.week)
    now = datetime.now(UTC)
    stored = Gebeurtenis(
        soort=event.soort, thema=event.thema, waarde=event.waarde,
        tekst=mask_free_text(event.tekst)[:300] if event.tekst else None,
        gesprek_hash=conversation_hash(event.conversation_id) if event.conversation_id else None,
        week=aggregate.iso_week(now), aangemaakt_op=now, idempotency_key=idempotency_key)
    session.add(stored)
    try:
        session.commit()
    except IntegrityError:  # the same key at the same moment (a retry racing the first try)
        session.rollback()
        if idempotency_key and (existing := _by_key(session, idempotency_key)):
            response.status_code = 200
            return GebeurtenisOut(soort=existing.soort, week=existing.week)
        raise
    return GebeurtenisOut(soort=stored.soort, week=stored.week)


def _by_key(session: Session, key: str) -> Gebeurtenis | None:
    return session.scalar(select(Gebeurtenis).where(Gebeurtenis.idempotency_key == key))


@router.get("/onbeantwoorde-vragen", response_model=list[VraagOut], responses=AUTH,
            summary="Onbeantwoorde vragen, vaakst gestelde eerst")
def get_onbeantwoorde_vragen(_: Staff, session: DbDep) -> list[VraagOut]:
    return [VraagOut(**item) for item in queries.unanswered_questions(session)]


@router.get("/feedback-opmerkingen", response_model=list[VraagOut], responses=AUTH,
            summary="Getypte opmerkingen bij feedback, vaakst gegeven eerst")
def get_feedback_opmerkingen(_: Staff, session: DbDep) -> list[VraagOut]:
    return [VraagOut(**item) for item in queries.feedback_comments(session)]
