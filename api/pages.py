"""Pages served by the API: the plain chat page (more staff pages join here)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.deps import SettingsDep

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
@router.get("/chat", response_class=HTMLResponse)
def chat_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "chat.html", {"rasa_url": settings.rasa_url}
    )
