"""/dashboard: aggregated figures for the regio-coördinator (charts, tables, CSV).

A static page; its script calls /api/v1/statistieken with the staff token pasted in
(kept in sessionStorage). Charts are inline SVG drawn by the page itself: nothing is
loaded from elsewhere, and data is only ever rendered as text.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.csp import staff_page_headers
from api.pages import templates

router = APIRouter(include_in_schema=False)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    return templates.TemplateResponse(
        request, "dashboard.html", {"nonce": nonce}, headers=staff_page_headers(nonce)
    )
