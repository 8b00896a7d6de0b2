"""Reads the stored records into the plain records of ``aggregate``."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.handoff.models import Overdracht
from assistant.intake.models import Intake
from assistant.intake.privacy import mask_free_text
from assistant.scan.models import Scan
from assistant.stats import aggregate
from assistant.stats.models import Gebeurtenis, Soort


def _scan_scores(resultaat: dict | None) -> dict[str, float]:
    scores: dict[str, float] = {}
    for theme in (resultaat or {}).get("themas") or []:
        if isinstance(theme, dict) and isinstance(theme.get("score"), int | float):
            scores[str(theme.get("id"))] = float(theme["score"])
    return scores


def tables(session: Session, min_group: int) -> list[aggregate.Tabel]:
    intakes = [
        aggregate.IntakeRecord(*row) for row in session.execute(select(
            Intake.created_at, Intake.sector, Intake.grootteklasse, Intake.gemeente,
            Intake.provincie, Intake.thema))
    ]
    overdrachten = [
        aggregate.OverdrachtRecord(*row) for row in session.execute(select(
            Overdracht.aangemaakt_op, Overdracht.thema, Overdracht.doorverwezen_naar,
            Overdracht.eerste_reactie_op, Overdracht.gesloten_op))
    ]
    scans = [aggregate.ScanRecord(moment, _scan_scores(result))
             for moment, result in session.execute(select(Scan.aangemaakt_op, Scan.resultaat))]
    events = [aggregate.EventRecord(*row) for row in session.execute(select(
        Gebeurtenis.soort, Gebeurtenis.week, Gebeurtenis.thema, Gebeurtenis.waarde))]
    return aggregate.all_tables(intakes, overdrachten, scans, events, min_group)


def texts(session: Session, soort: Soort) -> list[dict]:
    """Unanswered questions or feedback comments, grouped and counted."""
    rows = session.execute(select(Gebeurtenis.tekst, Gebeurtenis.thema).where(
        Gebeurtenis.soort == soort, Gebeurtenis.tekst.is_not(None)))
    # Masked on the way in; masked again on the way out in case the rules improved.
    return aggregate.unanswered((mask_free_text(text), theme) for text, theme in rows)


def unanswered_questions(session: Session) -> list[dict]:
    return texts(session, Soort.VRAAG_NIET_BEANTWOORD)


def feedback_comments(session: Session) -> list[dict]:
    return texts(session, Soort.FEEDBACK)
