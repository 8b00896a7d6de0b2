"""Storing and finding intakes, idempotent on the ``Idempotency-Key``.

- Same key, same request body → the intake stored the first time (``created`` False).
- Same key, different body → ``IdempotencyConflict``.
- Two requests with the same key at the same moment: the unique index decides, the
  loser reads the winner's row.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assistant.intake.models import Intake
from assistant.intake.referentie import new_referentie, normalise_referentie

REFERENTIE_ATTEMPTS = 5


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different request."""


def request_fingerprint(body: Mapping[str, Any]) -> str:
    """SHA-256 of the request body in a canonical JSON form."""
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _by_key(session: Session, key: str, fingerprint: str) -> Intake | None:
    existing = session.scalar(select(Intake).where(Intake.idempotency_key == key))
    if existing is not None and existing.request_hash != fingerprint:
        raise IdempotencyConflict(key)
    return existing


def create_intake(
    session: Session, values: Mapping[str, Any], *, idempotency_key: str | None,
    fingerprint: str,
) -> tuple[Intake, bool]:
    """Store an intake (and commit); returns the row and whether it is new."""
    if idempotency_key and (existing := _by_key(session, idempotency_key, fingerprint)):
        return existing, False
    for _ in range(REFERENTIE_ATTEMPTS):
        row = Intake(referentie=new_referentie(), idempotency_key=idempotency_key,
                     request_hash=fingerprint, **values)
        session.add(row)
        try:
            session.commit()
            return row, True
        except IntegrityError:
            session.rollback()
            if idempotency_key and (existing := _by_key(session, idempotency_key, fingerprint)):
                return existing, False
            # otherwise the referentie was taken: try another one
    raise RuntimeError("Geen vrije referentie gevonden")


def find_intake(session: Session, referentie: str) -> Intake | None:
    normalised = normalise_referentie(referentie)
    if normalised is None:
        return None
    return session.scalar(select(Intake).where(Intake.referentie == normalised))


def own_intake_referentie(session: Session, referentie: str | None,
                          conversation_id: str | None) -> str | None:
    """The dossiernummer a scan or overdracht of ``conversation_id`` may link to: only an
    intake of that same conversation. Anything else gives None (the link is dropped), so
    nobody can tie their records to someone else's dossier (erasure, vervolgscan)."""
    if not referentie or not conversation_id:
        return None
    intake = find_intake(session, referentie)
    if intake is None or intake.conversation_id != conversation_id:
        return None
    return intake.referentie
