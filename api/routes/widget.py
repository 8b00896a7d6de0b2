"""/widget: the website chat widget (one script) and a demo page with the snippet.

``/widget/schakel-widget.js`` is the vendored socket.io browser client
(``api/widget/vendor``) and ``api/widget/schakel-widget.js`` wrapped into one
function, so a website pastes one ``<script>`` tag and its own globals stay untouched.
``/widget/demo`` shows the widget on a page that looks like a regional website, with
the snippet to copy; query parameters (``titel``, ``kleur``, ``openingstekst``) preview
the settings.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import SettingsDep
from api.pages import templates

router = APIRouter(include_in_schema=False)

WIDGET_DIR = Path(__file__).resolve().parent.parent / "widget"
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@lru_cache
def widget_bundle() -> tuple[bytes, str]:
    """The served script and its ETag (built once per process)."""
    client = (WIDGET_DIR / "vendor" / "socket.io.min.js").read_text(encoding="utf-8")
    client = re.sub(r"^//# sourceMappingURL=.*$", "", client, flags=re.MULTILINE)
    widget = (WIDGET_DIR / "schakel-widget.js").read_text(encoding="utf-8")
    text = (
        "/*! Schakel chat widget. Contains socket.io-client 4.8.1 (MIT licence,"
        " (c) 2014-2024 Guillermo Rauch). */\n"
        "(function () {\n"
        "var module = { exports: {} }, exports = module.exports, define = undefined;\n"
        f"{client}\n"
        "var io = module.exports;\n"
        f"{widget}\n"
        "})();\n"
    )
    body = text.encode("utf-8")
    return body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


@router.get("/widget/schakel-widget.js")
def widget_script(request: Request) -> Response:
    body, etag = widget_bundle()
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
        # Any website may load the script (also with crossorigin="anonymous").
        "Access-Control-Allow-Origin": "*",
    }
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/javascript; charset=utf-8", headers=headers)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@router.get("/widget/demo", response_class=HTMLResponse)
def widget_demo(
    request: Request,
    settings: SettingsDep,
    titel: str = "Schakel",
    kleur: str = "#0b4f8a",
    openingstekst: str = "",
) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    script_url = str(request.url_for("widget_script"))
    # Locally Rasa has its own port; in production the proxy serves /socket.io/ on the
    # API's host, which is the widget's default (and SCHAKEL_RASA_URL is internal there).
    rasa = settings.rasa_url if settings.environment == "local" else ""
    context = {
        "nonce": nonce,
        "script_url": script_url,
        "server": rasa,
        "titel": titel[:60],
        "kleur": kleur if COLOUR.match(kleur) else "#0b4f8a",
        "openingstekst": openingstekst[:300],
    }
    # The same strict policy a careful website could have: the widget needs only its
    # script and a connection to the Rasa server.
    policy = (
        f"default-src 'none'; script-src 'self'; style-src 'nonce-{nonce}'; "
        f"connect-src 'self' {_origin(rasa) if rasa else ''}; img-src 'self'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    )
    headers = {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer",
               "X-Content-Type-Options": "nosniff"}
    return templates.TemplateResponse(request, "widget_demo.html", context, headers=headers)
