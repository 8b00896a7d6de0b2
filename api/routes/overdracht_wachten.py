"""/api/v1: waiting for an adviser — messages typed meanwhile, advisers' availability —
and the advisers' tools: internal notes and standard replies (antwoordsjablonen).

``POST /wachtberichten`` is called by the action server (through its outbox, like
``POST /overdrachten``) for every message the ondernemer types while their overdracht
waits: it lands in the thread and the answer says where they stand. ``PUT
/beschikbaarheid`` is the adviser page's heartbeat while the adviser is available for
live chat. The time-outs are applied by ``api.handoff_watch``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, StringConstraints

from api.deps import DbDep
from api.routes.overdrachten import PROBLEMS, AdviseurDep, HandoffConfigDep, _as_problems
from api.service_auth import ServiceOnly
from assistant.handoff import service, waiting
from assistant.handoff.schemas import BerichtIn, BerichtUit
from assistant.handoff.texts import canned_replies

router = APIRouter(prefix="/api/v1", tags=["overdrachten"])


class WachtberichtIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    tekst: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    tijd: datetime


class WachtberichtUit(BaseModel):
    opgeslagen: bool
    wachtend: bool
    referentie: str | None
    positie: int | None
    antwoord: str


class BeschikbaarheidIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    beschikbaar: bool


class BeschikbaarheidUit(BaseModel):
    beschikbaar_aantal: int


@router.post("/wachtberichten", summary="Bericht van een ondernemer die op een adviseur wacht",
             dependencies=[ServiceOnly])
def post_waiting_message(data: WachtberichtIn, session: DbDep) -> WachtberichtUit:
    """Zonder open overdracht die op een adviseur wacht: `opgeslagen` is false."""
    result = waiting.take_message(session, data.conversation_id, data.tekst, data.tijd)
    session.commit()
    return WachtberichtUit(**result.as_json())


def _count(session: Any, config: Any) -> BeschikbaarheidUit:
    count = waiting.available_advisers(session, config)
    session.commit()
    return BeschikbaarheidUit(beschikbaar_aantal=count)


@router.put("/beschikbaarheid", summary="Zet jezelf (niet) beschikbaar voor live chat")
def put_availability(body: BeschikbaarheidIn, session: DbDep, staff: AdviseurDep,
                     config: HandoffConfigDep) -> BeschikbaarheidUit:
    """De adviseurspagina herhaalt dit elke 30 seconden zolang je beschikbaar bent."""
    waiting.set_available(session, staff, body.beschikbaar)
    return _count(session, config)


@router.get("/beschikbaarheid", summary="Hoeveel adviseurs nu beschikbaar zijn voor live chat")
def get_availability(session: DbDep, _staff: AdviseurDep,
                     config: HandoffConfigDep) -> BeschikbaarheidUit:
    return _count(session, config)


class Antwoordsjabloon(BaseModel):
    titel: str
    tekst: str


@router.get("/antwoordsjablonen", summary="Standaardantwoorden voor adviseurs")
def get_canned_replies(_staff: AdviseurDep) -> list[Antwoordsjabloon]:
    """Uit `assistant/handoff/antwoordsjablonen.yml`, dat een beheerder bijhoudt."""
    return [Antwoordsjabloon(**item) for item in canned_replies()]


@router.post("/overdrachten/{overdracht_id}/notities", status_code=201,
             summary="Interne notitie voor collega's (gaat niet naar de ondernemer)",
             responses=PROBLEMS)
def post_note(overdracht_id: int, body: BerichtIn, session: DbDep,
              staff: AdviseurDep) -> BerichtUit:
    with _as_problems():
        bericht = service.add_note(session, overdracht_id, staff, body.tekst)
    session.commit()
    return BerichtUit.model_validate(bericht)
