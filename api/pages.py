"""Pages served by the API: the plain chat page (more staff pages join here).

The chat page talks to Rasa's Socket.IO channel: locally Rasa's own address, in
production the page's own origin (nginx publishes ``/socket.io/`` next to the API)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.csp import origin, page_headers
from api.deps import SettingsDep

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
@router.get("/chat", response_class=HTMLResponse)
def chat_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    rasa = "" if settings.environment == "production" else settings.rasa_url
    connect = (origin(rasa),) if origin(rasa) else ()
    return templates.TemplateResponse(request, "chat.html", {"rasa_url": rasa},
                                      headers=page_headers(connect))
