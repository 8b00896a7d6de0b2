"""The overdracht lifecycle in the service: idempotency, transitions, queue, takeover."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from assistant import db
from assistant.handoff import service
from assistant.handoff.models import Overdracht
from assistant.handoff.schemas import OverdrachtIn
from assistant.handoff.service import Refusal, TransitionRefused
from tests.handoff.conftest import DURING_HOURS, EVENING
from tests.handoff.samples import CONVERSATION_ID, overdracht_payload


def data(**overrides) -> OverdrachtIn:
    return OverdrachtIn.model_validate(overdracht_payload(**overrides))


def refused(reason: Refusal):
    return pytest.raises(TransitionRefused, match=f"^{reason.value}$")


def test_create_stores_everything_and_answers_with_the_expectation(session, config):
    overdracht, created = service.create(
        session, data(), idempotency_key="k1", config=config, now=EVENING
    )
    assert created
    assert re.fullmatch(r"OVD-[2345679ACDEFGHJKMNPQRTWXYZ]{4}-[2345679ACDEFGHJKMNPQRTWXYZ]{4}",
                        overdracht.referentie)
    assert overdracht.status == "nieuw"
    assert overdracht.urgentie == "normaal"
    assert overdracht.intake["kvk_nummer"] == "12345678"
    assert overdracht.transcript[0]["van"] == "ondernemer"
    assert overdracht.verwachting["code"] == "contact_binnen_werkdagen"
    assert overdracht.verwachting["params"]["referentie"] == overdracht.referentie
    assert overdracht.aangemaakt_op == EVENING


def test_sensitive_situations_are_urgent_unless_told_otherwise(session, config):
    sensitive, _ = service.create(session, data(reden="gevoelig"), idempotency_key="a",
                                  config=config)
    told, _ = service.create(session, data(reden="gevoelig", urgentie="laag"),
                             idempotency_key="b", config=config)
    assert (sensitive.urgentie, told.urgentie) == ("hoog", "laag")


def test_same_key_same_content_is_the_same_overdracht(session, config):
    first, created = service.create(session, data(), idempotency_key="k", config=config,
                                    now=DURING_HOURS)
    session.commit()
    again, created_again = service.create(session, data(), idempotency_key="k", config=config,
                                          now=EVENING)
    assert created and not created_again
    assert again.id == first.id
    assert again.verwachting == first.verwachting  # what was promised, not recomputed
    assert session.query(Overdracht).count() == 1


def test_same_key_other_content_is_a_conflict(session, config):
    service.create(session, data(), idempotency_key="k", config=config)
    session.commit()
    with pytest.raises(service.IdempotencyConflict):
        service.create(session, data(thema="personeel"), idempotency_key="k", config=config)


def test_concurrent_creates_with_one_key_store_one_overdracht(db_url, config):
    barrier = threading.Barrier(4)
    ids, errors = [], []

    def create():
        try:
            with db.session_scope(db_url) as own:
                barrier.wait()
                overdracht, _ = service.create(own, data(), idempotency_key="same", config=config)
                ids.append(overdracht.id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 1


def test_full_lifecycle(session, make_overdracht, make_staff):
    anne, bram = make_staff("Anne"), make_staff("Bram")
    overdracht = make_overdracht()
    assert service.open_for_conversation(session, CONVERSATION_ID).status == "nieuw"

    service.claim(session, overdracht.id, anne)
    assert service.open_for_conversation(session, CONVERSATION_ID).status == "geclaimd"
    assert service.claim(session, overdracht.id, anne).geclaimd_door_id == anne.id  # again: fine
    with refused(Refusal.AL_GECLAIMD):
        service.claim(session, overdracht.id, bram)

    _, bericht = service.add_adviser_message(session, overdracht.id, anne, "Hallo, ik ben Anne.")
    first_reply = service.get(session, overdracht.id).eerste_reactie_op
    assert first_reply is not None and bericht.afgeleverd is False
    with refused(Refusal.NIET_JOUW_CLAIM):
        service.add_adviser_message(session, overdracht.id, bram, "Ik ook")
    service.add_ondernemer_messages(session, overdracht.id, [(datetime.now(UTC), "Fijn!")])

    with refused(Refusal.NIET_JOUW_CLAIM):
        service.release(session, overdracht.id, bram)
    service.release(session, overdracht.id, anne)
    assert service.open_for_conversation(session, CONVERSATION_ID).status == "vrijgegeven"
    with refused(Refusal.NIET_GECLAIMD):
        service.add_adviser_message(session, overdracht.id, anne, "Nog iets")

    service.claim(session, overdracht.id, bram)
    service.add_adviser_message(session, overdracht.id, bram, "Ik neem het over.")
    closed = service.close(session, overdracht.id, bram, uitkomst="doorverwezen",
                           doorverwezen_naar="Regionale Ontwikkelingsmaatschappij",
                           notitie="Belt zelf terug.")
    session.commit()
    assert closed.status == "gesloten" and closed.gesloten_op is not None
    assert closed.eerste_reactie_op == first_reply  # the first reply is kept
    assert (closed.uitkomst, closed.doorverwezen_naar) == (
        "doorverwezen", "Regionale Ontwikkelingsmaatschappij")
    lines = [(b.van, b.tekst) for b in service.get(session, overdracht.id).berichten]
    assert lines == [
        ("systeem", "Anne heeft het gesprek overgenomen."),
        ("adviseur", "Hallo, ik ben Anne."),
        ("ondernemer", "Fijn!"),
        ("systeem", "Anne heeft het gesprek vrijgegeven. Schakel neemt het weer over."),
        ("systeem", "Bram heeft het gesprek overgenomen."),
        ("adviseur", "Ik neem het over."),
        ("systeem", "Bram heeft de overdracht gesloten: doorverwezen."),
    ]
    for action in (
        lambda: service.claim(session, overdracht.id, anne),
        lambda: service.release(session, overdracht.id, bram),
        lambda: service.close(session, overdracht.id, bram, uitkomst="opgelost"),
        lambda: service.add_adviser_message(session, overdracht.id, bram, "Nog één ding"),
    ):
        with refused(Refusal.GESLOTEN):
            action()


def test_unclaimed_overdracht_can_be_closed_and_beheerder_can_release(
    session, make_overdracht, make_staff
):
    anne, baas = make_staff("Anne"), make_staff("Beheer", rol="beheerder")
    unclaimed = make_overdracht()
    closed = service.close(session, unclaimed.id, anne, uitkomst="geen_contact")
    assert closed.geclaimd_door_naam == "Anne"  # who closed it

    claimed = make_overdracht()
    service.claim(session, claimed.id, anne)
    assert service.release(session, claimed.id, baas).status == "vrijgegeven"


def test_ondernemer_messages_are_stored_once_in_time_order(session, make_overdracht, make_staff):
    overdracht = make_overdracht()
    anne = make_staff("Anne")
    service.claim(session, overdracht.id, anne)
    start = datetime.now(UTC)
    first = [(start + timedelta(seconds=1), "Ben je er?"), (start + timedelta(seconds=2), "Hallo")]
    assert service.add_ondernemer_messages(session, overdracht.id, first) == 2
    assert service.add_ondernemer_messages(session, overdracht.id, first) == 0  # read again
    service.add_adviser_message(session, overdracht.id, anne, "Ja, ik ben er.",
                                now=start + timedelta(seconds=5))
    later = [*first, (start + timedelta(seconds=3), "Ik wacht even")]  # synced after the reply
    assert service.add_ondernemer_messages(session, overdracht.id, later) == 1
    session.commit()
    lines = [(b.van, b.tekst) for b in service.get(session, overdracht.id).berichten][1:]
    assert lines == [("ondernemer", "Ben je er?"), ("ondernemer", "Hallo"),
                     ("ondernemer", "Ik wacht even"), ("adviseur", "Ja, ik ben er.")]


def test_a_concurrent_sync_stores_the_messages_once(session, make_overdracht, make_staff,
                                                    monkeypatch):
    overdracht = make_overdracht()
    service.claim(session, overdracht.id, make_staff())
    at = datetime.now(UTC)
    real_get = service.get

    def get_then_other_sync_wins(*args, **kwargs):
        loaded = real_get(*args, **kwargs)  # this request reads the mark (None) ...
        session.execute(update(Overdracht).where(Overdracht.id == overdracht.id)
                        .values(ondernemer_gelezen_tot=at))  # ... another one moves it
        return loaded

    monkeypatch.setattr(service, "get", get_then_other_sync_wins)
    assert service.add_ondernemer_messages(session, overdracht.id, [(at, "hoi")]) == 0
    monkeypatch.undo()
    assert [b.van for b in service.get(session, overdracht.id).berichten] == ["systeem"]


def test_adviser_messages_and_the_open_overdracht_of_a_conversation(
    session, make_overdracht, make_staff
):
    anne = make_staff("Anne de Vries")
    closed = make_overdracht()
    service.claim(session, closed.id, anne)
    service.add_adviser_message(session, closed.id, anne, "Eerste keer")
    service.close(session, closed.id, anne, uitkomst="opgelost")
    assert service.open_for_conversation(session, CONVERSATION_ID) is None
    current = make_overdracht()
    service.claim(session, current.id, anne)
    _, second = service.add_adviser_message(session, current.id, anne, "Tweede keer")
    assert service.open_for_conversation(session, CONVERSATION_ID).id == current.id
    assert current.adviseur_voornaam == "Anne"
    messages = service.adviser_messages(session, CONVERSATION_ID)
    assert [b.tekst for b in messages] == ["Eerste keer", "Tweede keer"]
    assert service.adviser_messages(session, CONVERSATION_ID, after_id=messages[0].id) == [second]
    assert service.adviser_messages(session, "ander-gesprek") == []


def test_unknown_overdracht_is_not_found(session, make_staff):
    with pytest.raises(service.NotFound):
        service.claim(session, 12345, make_staff())


def test_queue_filters_and_order(session, make_overdracht, make_staff):
    old = make_overdracht(thema="personeel", regio="utrecht", urgentie="laag")
    urgent = make_overdracht(reden="gevoelig", thema="stoppen_crisis")
    normal = make_overdracht()
    done = make_overdracht()
    service.close(session, done.id, make_staff(), uitkomst="opgelost")
    session.commit()

    def ids(**filters):
        return [o.id for o in service.queue(session, **filters)]

    assert ids() == [urgent.id, normal.id, old.id]  # open ones: most urgent, then oldest
    assert ids(status=["gesloten"]) == [done.id]
    assert ids(thema="personeel") == [old.id]
    assert ids(regio="flevoland") == [urgent.id, normal.id]
    assert ids(urgentie="hoog") == [urgent.id]
    assert ids(thema="personeel", regio="flevoland") == []
    assert ids(limit=1) == [urgent.id]
