"""Stored records for the statistieken tests, written straight into the database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant import db
from assistant.handoff.models import Overdracht
from assistant.intake.models import Intake
from assistant.scan.models import Scan
from assistant.settings import Settings
from assistant.stats.models import Gebeurtenis

START = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)  # Monday of ISO week 2026-W45


def seed(settings: Settings) -> None:
    """Three weeks of figures: some groups large enough to show, some too small."""
    db.create_schema(settings.database_url)
    sectors = ["horeca"] * 7 + ["bouw"] * 6 + ["zorg"] * 2
    places = ([("Almere", "flevoland")] * 9 + [("Lelystad", "flevoland")] * 5
              + [("Urk", "flevoland")])
    with db.session_scope(settings.database_url) as session:
        for i, sector in enumerate(sectors):
            gemeente, provincie = places[i]
            session.add(Intake(
                referentie=f"SCH-TEST{i:04d}", contactpersoon="Test Persoon",
                sector=sector, grootteklasse=["micro", "klein", "middelgroot"][i % 3] if i < 12
                else "groot", gemeente=gemeente, provincie=provincie,
                hulpvraag="Een vraag", thema=["financiering", "personeel"][i % 2],
                contactvoorkeur="email", toestemming_op=START, toestemming_tekstversie="v1",
                created_at=START + timedelta(days=i % 3 * 7, hours=i)))
        for i in range(8):
            created = START + timedelta(days=i % 2 * 7, hours=i)
            session.add(Overdracht(
                referentie=f"OVD-TEST{i:04d}", kanaal="rest", conversation_id=f"c{i}",
                reden="verzoek", thema="financiering" if i < 6 else "personeel",
                verwachting={"code": "x", "params": {}}, idempotency_key=f"ovd-{i}",
                inhoud_hash="0" * 64, aangemaakt_op=created,
                eerste_reactie_op=created + timedelta(hours=i + 1),
                gesloten_op=created + timedelta(hours=24 + i) if i < 6 else None,
                doorverwezen_naar="Ondernemersloket Flevoland" if i < 5 else
                ("Kamer van Koophandel" if i < 7 else None)))
        for i in range(6):
            session.add(Scan(
                aangemaakt_op=START + timedelta(days=7 * (i % 3), hours=i),
                definitie_versie="test", modus="volledig", sessie={}, toestemming_versie="v1",
                resultaat={"themas": [{"id": "financien", "score": 2.5 + i * 0.5},
                                      {"id": "personeel", "score": 3.5},
                                      {"id": "digitalisering", "score": None}]}))
        for week in ("2026-W45", "2026-W46", "2026-W47"):
            for _ in range(6):
                session.add(Gebeurtenis(soort="gesprek_gestart", week=week))
        for text, count in (("Hoe vraag ik de energietoeslag aan?", 3),
                            ("<img src=x onerror=alert(1)> mag dat?", 1)):
            for _ in range(count):
                session.add(Gebeurtenis(soort="vraag_niet_beantwoord", week="2026-W47",
                                        thema="financiering", tekst=text))
        for score in (5, 5, 4, 4, 4, 2):
            session.add(Gebeurtenis(soort="feedback", week="2026-W47", waarde=score))
        session.add(Gebeurtenis(soort="feedback", week="2026-W47", waarde=1, thema="personeel",
                                tekst="<b>Niet</b> wat ik zocht over personeel"))
