"""A request queued before the ondernemer erased their data must not bring it back.

The action server's outbox tells when it first queued a request (the header
``Schakel-Aangemaakt-Op``, UNIX time). With several action-server replicas an intake may
wait in one replica's outbox while the erasure goes through another. When the
conversation was erased after the request was queued, the API refuses it with 410 Gone,
and the outbox does not try again. Requests without the header are not affected.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Header, HTTPException
from sqlalchemy.orm import Session

from assistant.outbox import QUEUED_AT_HEADER
from assistant.privacy.subjects import erased_since

LATEST = 4_102_444_800  # 2100-01-01: later is not a moment a request was queued
QueuedAt = Annotated[float | None, Header(alias=QUEUED_AT_HEADER, ge=0, le=LATEST,
                                           description="Wanneer de actieserver het "
                                           "verzoek in de wachtrij zette (UNIX-tijd)")]
ERASED = {410: {"description": "Het gesprek is gewist nadat dit verzoek werd verstuurd"}}
GONE = ("De ondernemer heeft na dit verzoek gevraagd om alle gegevens van dit gesprek te "
        "verwijderen. Daarom bewaren we dit niet meer.")


def refuse_if_erased(session: Session, conversation_id: str | None,
                     queued_at: float | None) -> None:
    if conversation_id and queued_at is not None and erased_since(
            session, conversation_id, datetime.fromtimestamp(queued_at, UTC)):
        raise HTTPException(410, GONE)
