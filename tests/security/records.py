"""Records for the security tests, stored the way the API stores them (without going
through the action server's write endpoints)."""

from __future__ import annotations

from datetime import datetime

from assistant import db
from assistant.intake.store import create_intake, request_fingerprint
from assistant.intake.validate import validate_intake
from assistant.settings import Settings
from assistant.stats.models import Gebeurtenis


def store_intake(settings: Settings, conversation_id: str = "gesprek-1",
                 created_at: datetime | None = None) -> str:
    """A valid intake; returns its dossiernummer."""
    body = {"contactpersoon": "Sanne", "bedrijfsnaam": "Bakkerij De Korenbloem",
            "kvk_nummer": "12345678", "sector": "bakkerij", "medewerkers": 6,
            "gemeente": "Almere", "hulpvraag": "Ik zoek financiering voor een oven",
            "contactvoorkeur": "email", "email": "sanne@korenbloem.nl", "kanaal": "socketio",
            "conversation_id": conversation_id, "toestemming": True,
            "toestemming_tekstversie": "2025-01"}
    checked = validate_intake(body)
    assert checked.ok, checked.fouten
    db.create_schema(settings.database_url)
    with db.session_scope(settings.database_url) as session:
        intake, _ = create_intake(session, checked.values, idempotency_key=None,
                                  fingerprint=request_fingerprint(body))
        if created_at is not None:
            intake.created_at = created_at
        session.commit()
        return intake.referentie


def store_text_event(settings: Settings, tekst: str, *, soort: str = "vraag_niet_beantwoord",
                     conversation_id: str | None = None,
                     aangemaakt_op: datetime | None = None) -> None:
    db.create_schema(settings.database_url)
    with db.session_scope(settings.database_url) as session:
        row = Gebeurtenis(soort=soort, tekst=tekst, week="2026-W49",
                          waarde=3 if soort == "feedback" else None)
        if conversation_id:
            from assistant.stats.models import conversation_hash

            row.gesprek_hash = conversation_hash(conversation_id)
        if aangemaakt_op is not None:
            row.aangemaakt_op = aangemaakt_op
        session.add(row)
