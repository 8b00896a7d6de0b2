"""Erasing a dossier from another conversation, confirmed by e-mail.

- ``POST /api/v1/dossiers/{referentie}/verwijderverzoeken`` (the action server only,
  through its outbox with an ``Idempotency-Key`` and ``SCHAKEL_SERVICE_TOKEN``): someone
  in the chat gives a dossiernummer and asks to erase its data. When the dossier exists
  and has an e-mail address, a one-time link is e-mailed to that address (after the
  response, so the answer's timing tells nothing either). Always ``202`` with the same
  body: the answer never tells whether a dossier exists or has an address. Rate limited.
- ``GET /api/v1/verwijderverzoeken/{token}``: the page behind the link; says which
  dossier will be erased and has a button. It never erases (mail scanners open links).
- ``POST /api/v1/verwijderverzoeken/{token}`` (that button): erases the dossier, uses up
  the link and shows what was erased.

An unknown, expired or used link shows a page saying the link no longer works. The
e-mail goes through the SMTP server of the overdracht notifications
(``SCHAKEL_OVERDRACHT_SMTP_*``); the link expires after ``SCHAKEL_ERASURE_LINK_HOURS``.
See ``assistant/privacy/confirmation.py``.
"""

from __future__ import annotations

import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Header, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from api.deps import DbDep, SettingsDep
from api.pages import templates
from api.routes.overdrachten import HandoffConfigDep
from api.service_auth import ServiceOnly
from assistant.handoff.config import HandoffSettings
from assistant.handoff.notify import send_message
from assistant.privacy import confirmation

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["persoonsgegevens"])

RECEIVED = ("We hebben het verzoek ontvangen. Als dit dossiernummer bij ons bekend is en er "
            "een e-mailadres bij staat, sturen we naar dat adres een link om het verwijderen "
            "te bevestigen. Zonder die bevestiging verwijderen we niets.")
Token = Annotated[str, Path(max_length=200, description="De code uit de link in de e-mail")]


class VerzoekOntvangen(BaseModel):
    status: str = "ontvangen"
    detail: str = RECEIVED


def _send(message, config: HandoffSettings, referentie: str) -> None:
    """Background task: send the e-mail; log failures by type only, never raise."""
    try:
        send_message(message, config)
    except Exception as exc:
        logger.warning("Erasure confirmation e-mail for dossier %s failed: %s",
                       referentie, type(exc).__name__)


@router.post(
    "/dossiers/{referentie}/verwijderverzoeken", status_code=202,
    summary="Vraag om een dossier te verwijderen; bevestigen gaat via e-mail (actieserver)",
    dependencies=[ServiceOnly],
)
def request_erasure(
    referentie: Annotated[str, Path(min_length=1, max_length=40,
                                    description="Dossiernummer, bijvoorbeeld SCH-7K4P-9Q2M")],
    session: DbDep,
    settings: SettingsDep,
    config: HandoffConfigDep,
    background: BackgroundTasks,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> VerzoekOntvangen:
    """Nothing is erased here: the owner of the dossier confirms through the link that
    is e-mailed to the address stored on the dossier."""
    if not config.smtp_host:
        logger.warning("Erasure confirmation not sent: no SMTP server configured "
                       "(SCHAKEL_OVERDRACHT_SMTP_HOST)")
        return VerzoekOntvangen()
    hours = settings.erasure_link_hours
    link = confirmation.request_link(session, referentie, hours=hours,
                                     idempotency_key=idempotency_key)
    if link is not None:
        session.commit()  # the token exists before the e-mail with its link goes out
        url = f"{settings.public_url.rstrip('/')}/api/v1/verwijderverzoeken/{link.token}"
        message = confirmation.email_message(link, url, sender=config.smtp_from, hours=hours)
        background.add_task(_send, message, config, link.referentie)
    return VerzoekOntvangen()


def _page(request: Request, status: int, **context) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    policy = (f"default-src 'none'; style-src 'nonce-{nonce}'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
    headers = {"Content-Security-Policy": policy, "Referrer-Policy": "no-referrer",
               "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
               "X-Robots-Tag": "noindex"}
    return templates.TemplateResponse(request, "verwijderverzoek.html",
                                      {"nonce": nonce, **context}, status_code=status,
                                      headers=headers)


# Browser pages behind the e-mailed link: left out of the OpenAPI description, like the
# other pages the API serves.
@router.get("/verwijderverzoeken/{token}", response_class=HTMLResponse,
            include_in_schema=False)
def confirmation_page(token: Token, request: Request, session: DbDep) -> HTMLResponse:
    link = confirmation.open_link(session, token)
    if link is None:
        return _page(request, 404, stand="verlopen")
    return _page(request, 200, stand="bevestigen", referentie=link.referentie,
                 aantallen=confirmation.preview(session, link))


@router.post("/verwijderverzoeken/{token}", response_class=HTMLResponse,
             include_in_schema=False)
def confirm_erasure(token: Token, request: Request, session: DbDep) -> HTMLResponse:
    erased = confirmation.confirm(session, token)
    if erased is None:
        return _page(request, 404, stand="verlopen")
    session.commit()
    return _page(request, 200, stand="verwijderd", referentie=erased.referentie,
                 aantallen=erased.aantallen)
