"""Issue 20, finding 8: staff access is limited in time and accountable.

- Staff tokens expire; an expired token gets a Dutch 401. Every token records its last
  use. A beheerder lists tokens (never their secret) and revokes them.
- The audit log records who viewed or changed which dossier, also a guess that found
  nothing; a beheerder reads it; it falls under its own retention.
- A frontdesk token cannot read intakes by number in bulk.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from assistant import db
from assistant.privacy import retention
from assistant.staff_tokens import StaffToken, hash_token
from tests.security.records import store_intake

INTAKES = "/api/v1/intakes"


def token_row(settings, header: dict[str, str]) -> StaffToken:
    plain = header["Authorization"].removeprefix("Bearer ")
    with db.session_scope(settings.database_url) as session:
        row = session.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(plain)))
        session.expunge(row)
        return row


def expire(settings, header: dict[str, str]) -> None:
    plain = header["Authorization"].removeprefix("Bearer ")
    with db.session_scope(settings.database_url) as session:
        row = session.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(plain)))
        row.verloopt_op = datetime.now(UTC) - timedelta(minutes=1)


def test_an_expired_token_is_refused_in_dutch(client, settings, make_token):
    """Attack: a token handed out once (a temp, a former employee) works for ever."""
    referentie = store_intake(settings)
    adviseur = make_token("adviseur")
    assert client.get(f"{INTAKES}/{referentie}", headers=adviseur).status_code == 200
    created = token_row(settings, adviseur)
    naive = [moment.replace(tzinfo=None) for moment in (created.verloopt_op,
                                                        created.aangemaakt_op)]
    assert naive[0] - naive[1] == timedelta(days=90)
    assert created.laatst_gebruikt_op is not None
    expire(settings, adviseur)
    refused = client.get(f"{INTAKES}/{referentie}", headers=adviseur)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Deze token is verlopen. Vraag een beheerder om een nieuwe."


def test_a_beheerder_lists_and_revokes_tokens_without_seeing_secrets(client, make_token):
    beheerder = make_token("beheerder", naam="Bea Beheer")
    frontdesk = make_token("frontdesk", naam="Frank Frontdesk")
    assert client.get("/api/v1/medewerkerstokens", headers=frontdesk).status_code == 403
    listed = client.get("/api/v1/medewerkerstokens", headers=beheerder)
    assert listed.status_code == 200
    rows = {row["naam"]: row for row in listed.json()}
    assert rows["Frank Frontdesk"]["status"] == "actief"
    assert set(rows["Frank Frontdesk"]) == {"id", "naam", "rol", "aangemaakt_op", "verloopt_op",
                                            "laatst_gebruikt_op", "ingetrokken_op", "status"}
    secret = frontdesk["Authorization"].removeprefix("Bearer ")
    assert secret not in listed.text and hash_token(secret) not in listed.text
    revoked = client.post(f"/api/v1/medewerkerstokens/{rows['Frank Frontdesk']['id']}/intrekken",
                          headers=beheerder)
    assert revoked.status_code == 200 and revoked.json()["status"] == "ingetrokken"
    assert client.get("/api/v1/medewerkers/ik", headers=frontdesk).status_code == 401
    page = client.get("/beheer")
    assert page.status_code == 200 and "Medewerkerstokens" in page.text
    assert "unsafe-inline" not in page.headers["content-security-policy"]


def test_the_audit_log_shows_who_opened_which_dossier(client, settings, make_token):
    """Attack: nothing recorded who read a dossier, so misuse could not be traced."""
    referentie = store_intake(settings)
    adviseur = make_token("adviseur", naam="Anne Adviseur")
    beheerder = make_token("beheerder", naam="Bea Beheer")
    for _ in range(2):  # viewing it again at once adds no row (pages reload every 2 s)
        assert client.get(f"{INTAKES}/{referentie}", headers=adviseur).status_code == 200
    assert client.get(f"{INTAKES}/SCH-2026-9999", headers=adviseur).status_code == 404
    assert client.get("/api/v1/auditlog", headers=adviseur).status_code == 403
    log = client.get("/api/v1/auditlog", headers=beheerder).json()
    anne = [row for row in log if row["medewerker_naam"] == "Anne Adviseur"]
    assert [(r["actie"], r["route"], r["record"]) for r in anne] == [
        ("bekeken", "/api/v1/intakes/{referentie}", "referentie=SCH-2026-9999"),
        ("bekeken", "/api/v1/intakes/{referentie}", f"referentie={referentie}"),
    ]
    assert all(r["medewerker_id"] == token_row(settings, adviseur).id for r in anne)


def test_a_frontdesk_token_cannot_read_intakes_in_bulk(settings, make_token):
    """Attack: any frontdesk token reads every intake by trying dossiernummers."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    limited = settings.model_copy(update={"frontdesk_intake_reads_per_hour": 3})
    referentie = store_intake(settings)
    frontdesk = make_token("frontdesk")
    adviseur = make_token("adviseur")
    with TestClient(create_app(limited)) as client:
        for number in range(3):
            assert client.get(f"{INTAKES}/SCH-2026-{number:04d}",
                              headers=frontdesk).status_code == 404
        refused = client.get(f"{INTAKES}/{referentie}", headers=frontdesk)
        assert refused.status_code == 429
        assert refused.json()["detail"].startswith("Je hebt dit uur al veel dossiers opgevraagd")
        assert client.get(f"{INTAKES}/{referentie}", headers=adviseur).status_code == 200


def test_the_audit_log_falls_under_its_own_retention(settings):
    from assistant import audit

    db.create_schema(settings.database_url)
    now = datetime.now(UTC)
    with db.session_scope(settings.database_url) as session:
        for age in (timedelta(days=800), timedelta(days=400)):
            session.add(audit.AuditRegel(op=now - age, medewerker_id=1, medewerker_naam="A",
                                         rol="adviseur", methode="GET", route="/x",
                                         actie="bekeken", record="referentie=SCH-1"))
    assert retention.run(settings, now)["auditlog"] == 1  # 24 months; 400 days stays
    with db.session_scope(settings.database_url) as session:
        assert len(audit.latest(session)) == 1
