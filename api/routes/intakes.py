"""/api/v1/intakes: store an intake (from the action server) and look one up (staff).

``POST /api/v1/intakes`` is for the action server only (``api/service_auth.py``): it
calls it on behalf of the ondernemer. It refuses without consent, validates every field
with the same validators as the chat (422 problem+json with Dutch ``fouten`` per field)
and is idempotent: the ``Idempotency-Key`` header is required; the same key with the
same body returns the stored intake with 200 instead of 201, the same key with another
body is a 409.

``GET /api/v1/intakes/{referentie}`` needs a staff token (frontdesk or adviseur;
beheerder may always). It returns personal data, so it is never open. Every read is in
the audit log; a frontdesk token (which has no region to limit it to) may open at most
``Settings.frontdesk_intake_reads_per_hour`` dossiers an hour, found or not, so
dossiernummers cannot be tried in bulk.

The handler commits before it returns (the session dependency would only commit after
the response has been sent).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from api.auth import require_role, route_of
from api.deps import DbDep, SettingsDep
from api.erasure import ERASED, QueuedAt, refuse_if_erased
from api.problems import problem
from api.service_auth import ServiceOnly
from assistant import audit
from assistant.intake.meldingen import melding
from assistant.intake.models import Intake
from assistant.intake.store import (
    IdempotencyConflict,
    create_intake,
    find_intake,
    request_fingerprint,
)
from assistant.intake.validate import validate_intake
from assistant.staff_tokens import StaffToken

router = APIRouter(prefix="/api/v1/intakes", tags=["intakes"])
IDEMPOTENCY_KEY_MAX = 200
PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Idempotency-Key ontbreekt of is ongeldig"},
    409: {"description": "Idempotency-Key al gebruikt voor een andere intake"},
    422: {"description": "Geen toestemming of velden kloppen niet"},
}


class IntakeIn(BaseModel):
    """An intake as the action server sends it. Everything is checked by the intake
    validators, so fields are loosely typed here; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")

    contactpersoon: str | None = None
    bedrijfsnaam: str | None = None
    kvk_nummer: str | None = None
    is_starter: bool = False
    sector: str | None = None
    medewerkers: int | str | None = None
    gemeente: str | None = None
    hulpvraag: str | None = None
    thema: str | None = None
    contactvoorkeur: str | None = None
    email: str | None = None
    telefoon: str | None = None
    kanaal: str | None = None
    conversation_id: str | None = None
    toestemming: bool = False
    toestemming_tekstversie: str | None = None
    toestemming_op: datetime | None = None


class IntakeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    referentie: str
    contactpersoon: str
    bedrijfsnaam: str | None
    kvk_nummer: str | None
    is_starter: bool
    sector: str | None
    medewerkers: int | None
    grootteklasse: str | None
    gemeente: str | None
    provincie: str | None
    hulpvraag: str
    thema: str | None
    contactvoorkeur: str
    email: str | None
    telefoon: str | None
    kanaal: str | None
    conversation_id: str | None
    toestemming_op: datetime
    toestemming_tekstversie: str
    created_at: datetime


@router.post("", status_code=201, response_model=IntakeOut, responses={**PROBLEMS, **ERASED},
             dependencies=[ServiceOnly], summary="Intake opslaan (idempotent met Idempotency-Key)")
def post_intake(
    body: IntakeIn,
    response: Response,
    session: DbDep,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    queued_at: QueuedAt = None,
) -> IntakeOut | JSONResponse:
    if not idempotency_key:
        raise HTTPException(400, melding("idempotency_key_ontbreekt"))
    if len(idempotency_key) > IDEMPOTENCY_KEY_MAX:
        raise HTTPException(400, melding("idempotency_key_ongeldig"))
    if body.toestemming is not True:
        raise HTTPException(422, melding("toestemming_ontbreekt"))
    refuse_if_erased(session, body.conversation_id, queued_at)
    checked = validate_intake(body.model_dump())
    if not checked.ok:
        fouten = [{"veld": f.veld, "code": f.code, "melding": f.melding} for f in checked.fouten]
        return problem(422, melding("velden_ongeldig"), fouten=fouten)
    fingerprint = request_fingerprint(body.model_dump(mode="json"))
    try:
        intake, created = create_intake(
            session, checked.values, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
    except IdempotencyConflict:
        raise HTTPException(409, melding("idempotency_conflict")) from None
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"{router.prefix}/{intake.referentie}"
    return IntakeOut.model_validate(intake)


TOO_MANY_READS = ("Je hebt dit uur al veel dossiers opgevraagd. Probeer het over een uur "
                  "opnieuw, of vraag een adviseur.")


@router.get("/{referentie}", response_model=IntakeOut,
            responses={404: {"description": "Onbekend dossiernummer"},
                       429: {"description": "Frontdesk: te veel dossiers dit uur"}},
            summary="Intake opzoeken met het dossiernummer (medewerkers)")
def get_intake(
    referentie: str, session: DbDep, settings: SettingsDep, request: Request,
    staff: Annotated[StaffToken, Depends(require_role("frontdesk", "adviseur"))],
) -> IntakeOut:
    if staff.rol == "frontdesk" and audit.count_since(
            session, staff.id, route_of(request),
            datetime.now(UTC) - timedelta(hours=1)) > settings.frontdesk_intake_reads_per_hour:
        raise HTTPException(429, TOO_MANY_READS, {"Retry-After": "3600"})
    intake: Intake | None = find_intake(session, referentie)
    if intake is None:
        raise HTTPException(404, melding("intake_niet_gevonden"))
    return IntakeOut.model_validate(intake)
