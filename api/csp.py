"""Content-Security-Policy and the other headers of the pages the API serves.

Pages load their code and styles from ``/static`` (``api/static``, and the vendored
socket.io client under ``/static/vendor``): ``page_headers()`` allows only that, never
``'unsafe-inline'``. A page joins by moving its ``<style>`` and ``<script>`` to
``api/static/<page>.css``/``.js``, taking the shared head (``templates/_kop.html``) and
answering with ``page_headers()`` (the chat page, the frontdesk page, the scan report).
Pages that still have inline code use a per-request nonce instead (the adviser page,
the staff start page, the dashboard).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"
VENDOR_DIR = Path(__file__).parent / "widget" / "vendor"
_REST = "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"


def origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def _headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer",
            "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


def page_headers(connect: tuple[str, ...] = ()) -> dict[str, str]:
    """Code and styles only from this origin's /static; ``connect``: other origins the
    page may call (e.g. Rasa's Socket.IO)."""
    sources = " ".join(["'self'", *connect])
    return _headers(f"default-src 'none'; script-src 'self'; style-src 'self'; "
                    f"connect-src {sources}; {_REST}")


def staff_page_headers(nonce: str, *, own_script: bool = False) -> dict[str, str]:
    """Staff pages with the shared base styles inline (nonce): their script inline too
    (nonce), or, with ``own_script``, from /static (the adviser page)."""
    script = "'self'" if own_script else f"'nonce-{nonce}'"
    styles = f"'self' 'nonce-{nonce}'" if own_script else f"'nonce-{nonce}'"
    return _headers(f"default-src 'none'; script-src {script}; style-src {styles}; "
                    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
                    "frame-ancestors 'none'")


def mount_static(app: FastAPI) -> None:
    app.mount("/static/vendor", StaticFiles(directory=VENDOR_DIR), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
