"""/adviseur: the adviser's page (queue, one overdracht, reply, claim/release/close).

The page is static; its script (``api/static/adviseur.js``, no inline script or event
handlers) calls the API with the staff token the adviser pastes
in (kept in sessionStorage). A strict Content-Security-Policy with a per-request nonce
backs up the rule that data is only ever rendered as text.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import yaml
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.csp import staff_page_headers
from api.deps import SettingsDep
from api.pages import templates

router = APIRouter(include_in_schema=False)


def _choices(path: Path, key: str) -> list[dict[str, str]]:
    """``[{"id", "naam"}]`` from a list file in knowledge/ (empty if it is missing)."""
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [{"id": str(item["id"]), "naam": str(item["naam"])} for item in data.get(key, [])]


@router.get("/adviseur", response_class=HTMLResponse)
def adviser_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    context = {
        "nonce": nonce,
        "themas": _choices(settings.knowledge_dir / "themas.yml", "themas"),
        "regios": _choices(settings.knowledge_dir / "provincies.yml", "provincies"),
    }
    return templates.TemplateResponse(
        request, "adviseur.html", context, headers=staff_page_headers(nonce, own_script=True)
    )
