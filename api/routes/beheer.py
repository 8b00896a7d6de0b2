"""For the beheerder: staff tokens (list, revoke) and the audit log, and the /beheer page.

- ``GET /api/v1/medewerkerstokens``: every token with name, role, created, expires,
  last used and status; never the secret or its hash.
- ``POST /api/v1/medewerkerstokens/{token_id}/intrekken``: revoke a token at once.
- ``GET /api/v1/auditlog``: the latest rows of the audit log (who viewed or changed
  which dossier, overdracht, scan or conversation, and when).

New tokens are made on the server (``python -m api.tokens create``): the secret is shown
once, there, and never travels through a web page.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict

from api.auth import require_role
from api.csp import staff_page_headers
from api.deps import DbDep
from api.pages import templates
from assistant import audit
from assistant.staff_tokens import StaffToken, list_tokens, revoke_token

router = APIRouter(prefix="/api/v1", tags=["beheer"])
pages = APIRouter(include_in_schema=False)
Beheerder = Annotated[StaffToken, Depends(require_role("beheerder"))]
AUTH = {401: {"description": "Geen of een ongeldige token"},
        403: {"description": "Alleen voor beheerders"}}


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    naam: str
    rol: str
    aangemaakt_op: datetime
    verloopt_op: datetime
    laatst_gebruikt_op: datetime | None
    ingetrokken_op: datetime | None
    status: str


class AuditRegelOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    op: datetime
    medewerker_id: int
    medewerker_naam: str
    rol: str
    methode: str
    route: str
    actie: str
    record: str | None


def _out(row: StaffToken) -> TokenOut:
    return TokenOut(id=row.id, naam=row.naam, rol=row.rol, aangemaakt_op=row.aangemaakt_op,
                    verloopt_op=row.verloopt_op, laatst_gebruikt_op=row.laatst_gebruikt_op,
                    ingetrokken_op=row.ingetrokken_op, status=row.status())


@router.get("/medewerkerstokens", response_model=list[TokenOut], responses=AUTH,
            summary="Alle medewerkerstokens, zonder geheim (beheerder)")
def get_tokens(_: Beheerder, session: DbDep) -> list[TokenOut]:
    return [_out(row) for row in list_tokens(session)]


@router.post("/medewerkerstokens/{token_id}/intrekken", response_model=TokenOut,
             responses={**AUTH, 404: {"description": "Onbekend of al ingetrokken"}},
             summary="Trek een medewerkerstoken in (beheerder)")
def revoke(token_id: Annotated[int, Path(ge=1, le=2**31 - 1)], _: Beheerder,
           session: DbDep) -> TokenOut:
    if not revoke_token(session, token_id):
        raise HTTPException(404, "Deze token bestaat niet of is al ingetrokken.")
    session.commit()
    return _out(session.get(StaffToken, token_id))


@router.get("/auditlog", response_model=list[AuditRegelOut], responses=AUTH,
            summary="Wie bekeek of wijzigde welk dossier, nieuwste eerst (beheerder)")
def get_auditlog(_: Beheerder, session: DbDep,
                 aantal: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[AuditRegelOut]:
    return [AuditRegelOut.model_validate(row) for row in audit.latest(session, aantal)]


@pages.get("/beheer", response_class=HTMLResponse)
def beheer_page(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    return templates.TemplateResponse(request, "beheer.html", {"nonce": nonce},
                                      headers=staff_page_headers(nonce))
