"""Erasing a dossier from another conversation: a link by e-mail to the dossier's own
address, a page that never erases on GET, and an erasure only after the button."""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from api.routes.overdrachten import get_handoff_config
from assistant import db
from assistant.handoff.config import HandoffSettings
from assistant.handoff.models import Overdracht
from assistant.intake.models import Intake
from assistant.privacy.models import Wisbevestiging, Wisverzoek
from assistant.privacy.retention import run
from assistant.scan.models import Scan
from assistant.settings import Settings
from tests.api.test_intakes import payload
from tests.api.test_persoonsgegevens import seed
from tests.conftest import action_server
from tests.smtp import local_smtp

PUBLIC = "https://schakel.example.nl"
LINK = re.compile(rf"{re.escape(PUBLIC)}/api/v1/verwijderverzoeken/([A-Za-z0-9_-]+)")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", public_url=PUBLIC + "/")


@pytest.fixture
def smtp(client):
    """A local SMTP server, configured as the overdracht notifications' server (without
    team addresses, so that seeding an overdracht sends no notification)."""
    with local_smtp() as inbox:
        config = HandoffSettings(smtp_host="127.0.0.1", smtp_port=inbox.port,
                                 smtp_from="schakel@example.nl")
        client.app.dependency_overrides[get_handoff_config] = lambda: config
        yield inbox


def ask(client, referentie: str, key: str = "v1"):
    return client.post(f"/api/v1/dossiers/{referentie}/verwijderverzoeken",
                       headers={"Idempotency-Key": key, **action_server(client)})


def mailed_token(smtp, index: int = -1) -> str:
    message = email.message_from_bytes(smtp.messages[index][2], policy=email.policy.default)
    return LINK.search(message.get_content()).group(1)


def counts(settings) -> tuple[int, int, int]:
    with db.session_scope(settings.database_url) as session:
        return tuple(session.scalar(select(func.count()).select_from(model))
                     for model in (Intake, Overdracht, Scan))


def test_the_answer_is_the_same_whether_or_not_the_dossier_exists(client, settings, smtp):
    known = seed(client, settings)
    without_address = client.post(
        "/api/v1/intakes", headers={"Idempotency-Key": "zonder-mail", **action_server(client)},
        json=payload(conversation_id="ander-gesprek", contactvoorkeur="telefoon", email=None,
                     telefoon="0612345678")).json()["referentie"]
    answers = [ask(client, referentie, key=f"k{n}") for n, referentie in
               enumerate([known, "SCH-2345-6789", without_address, "geen-nummer"])]
    assert {a.status_code for a in answers} == {202}
    assert len({a.text for a in answers}) == 1
    body = answers[0].json()
    assert body["status"] == "ontvangen"
    assert "Zonder die bevestiging verwijderen we niets" in body["detail"]
    assert len(smtp.messages) == 1  # only the known dossier with an address
    assert counts(settings) == (2, 1, 1)  # nothing erased


def test_the_email_goes_to_the_dossiers_own_address_with_the_link(client, settings, smtp):
    referentie = seed(client, settings)
    config = client.app.dependency_overrides[get_handoff_config]()
    team = config.model_copy(update={"smtp_to": ["team@example.nl"]})
    client.app.dependency_overrides[get_handoff_config] = lambda: team
    assert ask(client, referentie.lower().replace("-", " ")).status_code == 202
    assert len(smtp.messages) == 1
    mail_from, rcpt_tos, raw = smtp.messages[0]
    assert mail_from == "schakel@example.nl"
    assert rcpt_tos == ["sanne@korenbloem.nl"]  # the dossier's own address, not the team
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "sanne@korenbloem.nl"
    assert message["Subject"] == f"Bevestig het verwijderen van je gegevens (dossier {referentie})"
    text = message.get_content()
    assert f"alle gegevens van dossier {referentie}" in text
    assert "Er gebeurt niets zonder jouw klik" in text
    assert "24 uur" in text
    assert "Heb je hier niet om gevraagd? Dan kun je deze e-mail negeren" in text
    assert LINK.search(text)


def test_the_token_is_stored_hashed_and_expires_after_a_day(client, settings, smtp):
    referentie = seed(client, settings)
    before = datetime.now(UTC)
    ask(client, referentie)
    token = mailed_token(smtp)
    with db.session_scope(settings.database_url) as session:
        link = session.scalars(select(Wisbevestiging)).one()
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr([getattr(link, c.key) for c in link.__table__.columns])
        assert link.referentie == referentie and link.gebruikt_op is None
        assert timedelta(hours=23, minutes=59) < link.verloopt_op - before < timedelta(hours=25)


def test_opening_the_link_shows_the_dossier_and_erases_nothing(client, settings, smtp):
    referentie = seed(client, settings)
    ask(client, referentie)
    url = f"/api/v1/verwijderverzoeken/{mailed_token(smtp)}"
    for _ in range(2):  # a mail scanner, then the ondernemer
        page = client.get(url)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert f"Wil je dossier {referentie} verwijderen?" in page.text
        assert '<form method="post">' in page.text
        assert "1 intake" in page.text and "1 overdracht" in page.text
        assert "1 bedrijfsscan" in page.text
        assert "http://" not in page.text and "https://" not in page.text  # nothing external
    assert "form-action 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert counts(settings) == (1, 1, 1)
    with db.session_scope(settings.database_url) as session:
        assert session.scalars(select(Wisbevestiging)).one().gebruikt_op is None


def test_confirming_erases_the_dossier_and_says_what(client, settings, smtp):
    referentie = seed(client, settings)
    seed(client, settings, conversation="iemand-anders")
    ask(client, referentie)
    response = client.post(f"/api/v1/verwijderverzoeken/{mailed_token(smtp)}")
    assert response.status_code == 200
    assert "Je gegevens zijn verwijderd" in response.text
    assert f"alle gegevens van dossier <strong>{referentie}</strong>" in response.text
    for line in ("1 intake", "1 overdracht", "1 bedrijfsscan"):
        assert line in response.text
    assert counts(settings) == (1, 1, 1)  # the other ondernemer's data stays
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(Intake.referentie)) != referentie
        log = session.scalars(select(Wisverzoek)).one()
        assert log.door == "ondernemer-link"
        assert log.aantallen == {"intakes": 1, "overdrachten": 1, "berichten": 0, "scans": 1}
        assert session.scalars(select(Wisbevestiging)).one().gebruikt_op is not None


def test_a_used_expired_or_unknown_link_does_nothing(client, settings, smtp):
    referentie = seed(client, settings)
    ask(client, referentie, key="eerste")
    used = mailed_token(smtp)
    assert client.post(f"/api/v1/verwijderverzoeken/{used}").status_code == 200

    other = seed(client, settings, conversation="iemand-anders")
    ask(client, other, key="tweede")
    expired = mailed_token(smtp)
    with db.session_scope(settings.database_url) as session:
        session.execute(update(Wisbevestiging)
                        .where(Wisbevestiging.referentie == other)
                        .values(verloopt_op=datetime.now(UTC) - timedelta(minutes=1)))

    for token in (used, expired, "onbekend-" + "x" * 40, "kort"):
        for method in (client.get, client.post):
            response = method(f"/api/v1/verwijderverzoeken/{token}")
            assert response.status_code == 404
            assert "Deze link werkt niet meer" in response.text
            assert "Er is niets verwijderd" in response.text
    assert counts(settings) == (1, 1, 1)  # the expired link's dossier is still there
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Wisverzoek)) == 1


def test_a_retry_sends_no_second_email_and_open_links_are_capped(client, settings, smtp):
    referentie = seed(client, settings)
    assert ask(client, referentie, key="zelfde").status_code == 202
    assert ask(client, referentie, key="zelfde").status_code == 202
    assert len(smtp.messages) == 1
    for n in range(5):
        assert ask(client, referentie, key=f"nieuw-{n}").status_code == 202
    assert len(smtp.messages) == 3  # at most three open links per dossier


def test_without_an_smtp_server_nothing_is_stored_or_sent(client, settings):
    referentie = seed(client, settings)
    client.app.dependency_overrides[get_handoff_config] = lambda: HandoffSettings()
    response = ask(client, referentie)
    assert response.status_code == 202
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Wisbevestiging)) == 0


def test_retention_deletes_expired_links(client, settings, smtp):
    referentie = seed(client, settings)
    ask(client, referentie, key="a")
    ask(client, referentie, key="b")
    with db.session_scope(settings.database_url) as session:
        first = session.scalars(select(Wisbevestiging).order_by(Wisbevestiging.id)).first()
        first.verloopt_op = datetime.now(UTC) - timedelta(seconds=1)
    result = run(settings)
    assert result["wisbevestigingen"] == 1
    with db.session_scope(settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Wisbevestiging)) == 1
