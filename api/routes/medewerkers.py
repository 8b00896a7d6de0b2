"""/medewerkers: the staff start page, and ``GET /api/v1/medewerkers/ik`` (who am I).

The start page asks once for the staff token, checks it with ``/api/v1/medewerkers/ik``,
keeps it in ``sessionStorage`` (this tab only, gone when the tab closes) and links to
the pages that fit the role: the frontdesk lookup and the adviser's queue. Those pages
read the same token (``schakel-medewerker-token``; the adviser page also its own key)
and send it as ``Authorization: Bearer``.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from api.auth import require_role
from api.csp import staff_page_headers
from api.pages import templates
from assistant.staff_tokens import StaffToken

router = APIRouter()
pages = APIRouter(include_in_schema=False)


class Medewerker(BaseModel):
    naam: str
    rol: str


@router.get(
    "/api/v1/medewerkers/ik",
    response_model=Medewerker,
    summary="Wie hoort bij deze medewerkerstoken",
    tags=["medewerkers"],
    responses={401: {"description": "Geen of een onbekende token"}},
)
def who_am_i(
    staff: Annotated[StaffToken, Depends(require_role("frontdesk", "adviseur"))],
) -> Medewerker:
    return Medewerker(naam=staff.naam, rol=staff.rol)


@pages.get("/medewerkers", response_class=HTMLResponse)
def staff_start_page(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    return templates.TemplateResponse(request, "medewerkers.html", {"nonce": nonce},
                                      headers=staff_page_headers(nonce))
