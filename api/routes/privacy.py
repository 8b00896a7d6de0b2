"""AVG requests: export and erasure of an ondernemer's data.

- ``GET /api/v1/persoonsgegevens?referentie=…&gesprek=…`` (beheerder): everything stored
  about the ondernemer: intakes, overdrachten with transcript and thread, scans.
- ``DELETE /api/v1/persoonsgegevens?referentie=…&gesprek=…`` (beheerder): erase it all.
- ``POST /api/v1/gesprekken/{conversation_id}/verwijderverzoeken`` (the action server,
  when the ondernemer says "verwijder mijn gegevens" and confirms): erase everything of
  this conversation. For the action server only (``SCHAKEL_SERVICE_TOKEN``, see
  ``api/service_auth.py``; idempotent with ``Idempotency-Key``, rate limited); in
  production nginx also serves it only on the internal address (see ``deploy/``).

An erasure is logged in ``wisverzoeken`` with counts only. Rasa's tracker store still
holds the conversation's events until the retention job (``python -m api.retention``)
deletes them; the conversation id stays in the log until then.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query
from pydantic import BaseModel

from api.auth import require_role
from api.deps import DbDep
from api.service_auth import ServiceOnly
from assistant.privacy import subjects
from assistant.staff_tokens import StaffToken

router = APIRouter(prefix="/api/v1", tags=["persoonsgegevens"])
BeheerderDep = Annotated[StaffToken, Depends(require_role("beheerder"))]
Referentie = Annotated[str | None, Query(min_length=1, max_length=40,
                                         description="Dossiernummer van intake of overdracht")]
Gesprek = Annotated[str | None, Query(min_length=1, max_length=200,
                                      description="Het gesprek (conversation id)")]
NOTHING_GIVEN = "Geef een referentie of een gesprek op."
NOTHING_FOUND = "Over deze referentie of dit gesprek is niets bewaard."


class Verwijderd(BaseModel):
    verwijderd: dict[str, int]
    toelichting: str = ("De gegevens zijn verwijderd. Het gesprek zelf wordt bij de "
                        "volgende opschoonronde uit de gespreksopslag van de chatbot gewist.")


def _subject(session: DbDep, referentie: str | None, gesprek: str | None) -> subjects.Subject:
    if not referentie and not gesprek:
        raise HTTPException(400, NOTHING_GIVEN)
    return subjects.find(session, referentie=referentie, conversation_id=gesprek)


@router.get("/persoonsgegevens", summary="Alles wat over een ondernemer bewaard is (beheerder)",
            responses={400: {"description": "Geen referentie of gesprek"},
                       404: {"description": "Niets bewaard"}})
def export_persoonsgegevens(session: DbDep, _staff: BeheerderDep, referentie: Referentie = None,
                            gesprek: Gesprek = None) -> dict[str, Any]:
    subject = _subject(session, referentie, gesprek)
    if subject.empty:
        raise HTTPException(404, NOTHING_FOUND)
    return subjects.export(subject)


@router.delete("/persoonsgegevens", summary="Verwijder alles van een ondernemer (beheerder)",
               responses={400: {"description": "Geen referentie of gesprek"},
                          404: {"description": "Niets bewaard"}})
def erase_persoonsgegevens(session: DbDep, staff: BeheerderDep, referentie: Referentie = None,
                           gesprek: Gesprek = None) -> Verwijderd:
    subject = _subject(session, referentie, gesprek)
    if subject.empty:
        raise HTTPException(404, NOTHING_FOUND)
    counts = subject.counts()
    subjects.erase(session, subject, door=f"beheerder:{staff.id}")
    session.commit()
    return Verwijderd(verwijderd=counts)


@router.post("/gesprekken/{conversation_id:path}/verwijderverzoeken", status_code=201,
             dependencies=[ServiceOnly],
             summary="De ondernemer wist zijn gegevens vanuit de chat (actieserver)")
def erase_own_data(
    conversation_id: Annotated[str, Path(min_length=1, max_length=200)],
    session: DbDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> Verwijderd:
    """Idempotent: a repeat finds nothing left and answers the same way (all zeros)."""
    subject = subjects.find(session, conversation_id=conversation_id)
    counts = subject.counts()
    subjects.erase(session, subject, door="ondernemer")
    session.commit()
    return Verwijderd(verwijderd=counts)
