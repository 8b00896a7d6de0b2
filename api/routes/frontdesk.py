"""/frontdesk: the lookup page for frontdesk staff (search box, filters, results, and
the entries past their review date)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.csp import page_headers
from api.deps import SettingsDep
from api.pages import templates
from api.routes.regelingen import knowledge_base
from assistant.knowledge.schema import Soort

router = APIRouter(include_in_schema=False)


@router.get("/frontdesk", response_class=HTMLResponse)
def frontdesk_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    kb = knowledge_base(settings)
    vocab = kb.vocabulary
    return templates.TemplateResponse(
        request,
        "frontdesk.html",
        {
            "themas": vocab.themas,
            "provincies": vocab.provincies,
            "sectoren": vocab.sectoren,
            "soorten": {soort.value: soort.value for soort in Soort},
            "te_controleren": kb.past_review(),
        },
        headers=page_headers(),
    )
