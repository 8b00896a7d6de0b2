"""The body of ``POST /api/v1/overdrachten``, built from a conversation.

Only what the conversation already holds: the transcript up to the request, the
intake when the ondernemer gave consent for it, the scan summary and the theme.
The body is the same however often it is built for the same request, so a retry with
the same Idempotency-Key is recognised by the API as the same overdracht.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.handoff.conversation import Event, Request, transcript
from assistant.handoff.models import Kanaal, Reden, Urgentie
from assistant.handoff.schemas import OverdrachtIn
from assistant.intake import fields
from assistant.intake.contact import CONTACTVOORKEUREN
from assistant.privacy.consent import consent_fields

CRISIS_THEME = "stoppen_crisis"


def channel_of(input_channel: str | None) -> Kanaal:
    """The overdracht's kanaal for Rasa's input channel name (REST when unknown)."""
    try:
        return Kanaal((input_channel or "").lower())
    except ValueError:
        return Kanaal.REST


def _intake(slots: Mapping[str, Any]) -> dict[str, Any] | None:
    """The intake so far, only with the ondernemer's consent for it."""
    if slots.get("intake_toestemming") is not True:
        return None
    known = {k: v for k, v in fields.record(slots).items() if v not in (None, "", False)}
    return known if set(known) - {"toestemming"} else None


def _scan(slots: Mapping[str, Any]) -> dict[str, Any] | None:
    summary = slots.get("scan_samenvatting")
    if not summary:
        return None
    return dict(summary) if isinstance(summary, Mapping) else {"samenvatting": str(summary)}


def overdracht_payload(
    *,
    conversation_id: str,
    input_channel: str | None,
    events: Sequence[Event],
    slots: Mapping[str, Any],
    request: Request,
    consent_version: str,
) -> dict[str, Any]:
    """The JSON body for the API, validated against ``OverdrachtIn``."""
    sensitive = request.reden == Reden.GEVOELIG
    contactvoorkeur = slots.get("contactvoorkeur")
    body = OverdrachtIn(
        kanaal=channel_of(input_channel),
        conversation_id=conversation_id,
        reden=request.reden,
        urgentie=Urgentie.HOOG if sensitive else None,
        thema=slots.get("thema") or (CRISIS_THEME if sensitive else None),
        regio=slots.get("provincie"),
        contactvoorkeur=contactvoorkeur if contactvoorkeur in CONTACTVOORKEUREN else None,
        intake_referentie=slots.get("intake_referentie"),
        intake=_intake(slots),
        scan=_scan(slots),
        transcript=transcript(events[: request.index + 1]),
        **consent_fields(slots, consent_version),
    )
    return body.model_dump(mode="json", exclude_none=True)
