"""/api/v1/scans: store a finished bedrijfsscan, read it back, and its printable report.

- ``POST /api/v1/scans`` (the action server only, ``api/service_auth.py``): the session
  (answers) and the company profile; the result is always computed here, with the same
  scan logic as the chat (``assistant.scan.chat.result_of``), never taken from the
  client. Refused without ``"toestemming": true`` and for an unfinished scan. A
  dossiernummer (``intake_referentie``) is kept only when it is the intake of the same
  conversation (``own_intake_referentie``); otherwise the link is dropped.
  The chat sends its own random ``id``, so it can give the link to the report at once,
  also when the outbox delivers the scan later; sending the same scan again (a retry)
  returns the stored one (200) instead of a second copy.
- ``GET /api/v1/scans/{id}`` (JSON) and ``GET /api/v1/scans/{id}/rapport`` (HTML): for
  staff with the role ``adviseur`` (or ``beheerder``), or for the ondernemer with
  ``?sleutel=…`` from the link in the chat (``assistant/chat_session.report_key``; the
  conversation id never travels in a URL). Both include the vervolgscan comparison
  with the previous scan of the same conversation.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError

from api.auth import require_role
from api.csp import page_headers
from api.deps import DbDep, SettingsDep
from api.erasure import ERASED, QueuedAt, refuse_if_erased
from api.service_auth import ServiceOnly
from assistant import chat_session
from assistant.intake.store import own_intake_referentie
from assistant.scan.chat import Context, result_of
from assistant.scan.compare import Comparison, compare
from assistant.scan.definition import ScanDefinition, load_definition
from assistant.scan.models import Scan
from assistant.scan.regelingen import Profiel, find_regelingen
from assistant.scan.report import render_report
from assistant.scan.result import ScanResult
from assistant.scan.session import ScanSession, is_finished
from assistant.scan.store import get_scan, previous_scan, save_scan

router = APIRouter(prefix="/api/v1/scans", tags=["scans"])

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
# Styles and the print button from /static (no 'unsafe-inline'); no-referrer: the URL
# carries ?sleutel=…, never send it along when a link is followed.
REPORT_HEADERS = {**page_headers(), "X-Robots-Tag": "noindex"}

_bearer = HTTPBearer(auto_error=False)
_adviseur = require_role("adviseur")


class ProfielIn(BaseModel):
    """What the chat knows about the company: decides which regelingen the advice names."""

    model_config = ConfigDict(extra="forbid")

    medewerkers: int | None = Field(default=None, ge=0, le=1_000_000)
    sector: str | None = Field(default=None, max_length=80)
    provincie: str | None = Field(default=None, max_length=80)
    gemeente: str | None = Field(default=None, max_length=80)


class ScanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    toestemming: bool | None = Field(
        default=None, description="Moet true zijn: de ondernemer gaf toestemming om de scan te "
        "bewaren (AVG)."
    )
    sessie: ScanSession = Field(description="De scan zoals de chat hem bijhoudt (antwoorden).")
    profiel: ProfielIn | None = Field(
        default=None, description="Wat de chat van het bedrijf weet (voor de regelingen bij de "
        "aandachtspunten). De uitslag rekent de API zelf uit."
    )
    toestemming_op: AwareDatetime | None = Field(
        default=None, description="Wanneer de ondernemer toestemming gaf; zonder: nu."
    )
    conversation_id: str | None = Field(default=None, min_length=1, max_length=200)
    intake_referentie: str | None = Field(default=None, min_length=1, max_length=40)
    id: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{32}$",
        description="Eigen id van de scan (32 tekens 0-9a-f, willekeurig), zodat de link naar "
        "het rapport vooraf bekend is. Zonder id maakt de API er een.",
    )


class ScanOut(BaseModel):
    id: str
    aangemaakt_op: datetime
    conversation_id: str | None
    intake_referentie: str | None
    definitie_versie: str
    modus: str
    sessie: dict[str, Any]
    resultaat: ScanResult
    rapport: str = Field(description="Pad van het afdrukbare rapport (HTML).")
    vorige_scan: str | None = Field(description="Id van de vorige scan van deze ondernemer.")
    vergelijking: Comparison | None = Field(description="Wat er veranderd is sinds die scan.")


def _comparison(db: DbDep, definition: ScanDefinition, scan: Scan) -> tuple[Scan | None,
                                                                              Comparison | None]:
    previous = previous_scan(db, scan)
    if previous is None:
        return None, None
    comparison = compare(
        definition,
        ScanResult.model_validate(previous.resultaat),
        ScanResult.model_validate(scan.resultaat),
        vorige_datum=previous.aangemaakt_op.astimezone(LOCAL_TIME).date(),
    )
    return previous, comparison


def _out(db: DbDep, definition: ScanDefinition, scan: Scan) -> ScanOut:
    previous, comparison = _comparison(db, definition, scan)
    return ScanOut(
        id=scan.id,
        aangemaakt_op=scan.aangemaakt_op,
        conversation_id=scan.conversation_id,
        intake_referentie=scan.intake_referentie,
        definitie_versie=scan.definitie_versie,
        modus=scan.modus,
        sessie=scan.sessie,
        resultaat=ScanResult.model_validate(scan.resultaat),
        rapport=f"{router.prefix}/{scan.id}/rapport",
        vorige_scan=previous.id if previous else None,
        vergelijking=comparison,
    )


def _stored_before(db: DbDep, definition: ScanDefinition, existing: Scan, body: ScanIn,
                   response: Response) -> ScanOut:
    """A scan with the chosen id exists: the same scan again (a retry) or a clash."""
    if not _same_scan(existing, body):
        raise HTTPException(409, "Er bestaat al een andere scan met dit id. Kies een nieuw id.")
    response.status_code = 200  # a retry of the same scan: nothing new is stored
    return _out(db, definition, existing)


def _same_scan(scan: Scan, body: ScanIn) -> bool:
    return (scan.conversation_id == body.conversation_id
            and scan.intake_referentie == body.intake_referentie
            and scan.sessie == body.sessie.to_slot())


def _same(given: str, stored: str | None) -> bool:
    return stored is not None and hmac.compare_digest(given.encode(), stored.encode())


def readable_scan(
    scan_id: str,
    db: DbDep,
    request: Request,
    settings: SettingsDep,
    sleutel: Annotated[str | None, Query(max_length=100, description=(
        "De sleutel uit de link in het gesprek: zo opent de ondernemer zijn eigen scan "
        "zonder medewerkerstoken."))] = None,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> Scan:
    """The scan, for an adviseur (bearer token) or with the key from the chat's link."""
    if credentials is not None or sleutel is None:
        _adviseur(session=db, request=request, credentials=credentials)  # 401/403, Dutch
        scan = get_scan(db, scan_id)
    else:
        secret = settings.session_secret.get_secret_value() if settings.session_secret else ""
        valid = bool(secret) and _same(sleutel, chat_session.report_key(secret, scan_id))
        scan = get_scan(db, scan_id) if valid else None  # the same answer as an unknown id
    if scan is None:
        raise HTTPException(404, "Deze scan bestaat niet, of je hebt er geen toegang toe.")
    return scan


ReadableScan = Annotated[Scan, Depends(readable_scan)]


@router.post("", status_code=201, response_model=ScanOut, summary="Bewaar een afgeronde scan",
             responses=ERASED, dependencies=[ServiceOnly])
def create_scan(body: ScanIn, db: DbDep, settings: SettingsDep, response: Response,
                queued_at: QueuedAt = None) -> ScanOut:
    if body.toestemming is not True:
        raise HTTPException(422, "Zonder toestemming van de ondernemer bewaren we de scan niet. "
                            "Stuur \"toestemming\": true mee als de ondernemer akkoord is.")
    refuse_if_erased(db, body.conversation_id, queued_at)
    definition = load_definition(settings.knowledge_dir)
    if not is_finished(definition, body.sessie):
        raise HTTPException(422, "De scan is nog niet af: er staan nog vragen open.")
    body = body.model_copy(update={"intake_referentie": own_intake_referentie(
        db, body.intake_referentie, body.conversation_id)})
    if body.id is not None and (existing := get_scan(db, body.id)) is not None:
        return _stored_before(db, definition, existing, body, response)
    profiel = Profiel(**body.profiel.model_dump()) if body.profiel else Profiel()
    result = result_of(definition, body.sessie, Context(profiel=profiel), find_regelingen)
    try:
        scan = save_scan(
            db,
            sessie=body.sessie,
            resultaat=result,
            toestemming_versie=settings.consent_text_version,
            toestemming_op=body.toestemming_op,
            conversation_id=body.conversation_id,
            intake_referentie=body.intake_referentie,
            scan_id=body.id,
        )
    except IntegrityError:  # the same id, stored a moment ago by a parallel retry
        db.rollback()
        existing = get_scan(db, body.id) if body.id else None
        if existing is None:
            raise
        return _stored_before(db, definition, existing, body, response)
    response.headers["Location"] = f"{router.prefix}/{scan.id}"
    return _out(db, definition, scan)


@router.get("/{scan_id}", response_model=ScanOut, summary="Een scan met uitslag")
def read_scan(scan: ReadableScan, db: DbDep, settings: SettingsDep) -> ScanOut:
    return _out(db, load_definition(settings.knowledge_dir), scan)


@router.get("/{scan_id}/rapport", response_class=HTMLResponse, summary="Het afdrukbare rapport")
def read_report(scan: ReadableScan, db: DbDep, settings: SettingsDep) -> HTMLResponse:
    definition = load_definition(settings.knowledge_dir)
    _, comparison = _comparison(db, definition, scan)
    html = render_report(
        ScanResult.model_validate(scan.resultaat),
        datum=scan.aangemaakt_op.astimezone(LOCAL_TIME).date(),
        referentie=scan.intake_referentie,
        vergelijking=comparison,
        definition=definition,
    )
    return HTMLResponse(html, headers=REPORT_HEADERS)
