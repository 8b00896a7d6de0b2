"""Waiting for an adviser: availability, messages while waiting, contact details, the
claim time-out and the adviser-silence time-out (real SQLite, fixed clocks)."""

from __future__ import annotations

from datetime import timedelta

from assistant.handoff import service, waiting
from assistant.handoff.models import Status
from assistant.handoff.schemas import OverdrachtIn
from tests.handoff.conftest import DURING_HOURS, EVENING
from tests.handoff.samples import overdracht_payload

NO_CONTACT = {"intake": None, "intake_referentie": None, "contactvoorkeur": None}


def lines(overdracht, van):
    return [b.tekst for b in overdracht.berichten if b.van == van]


def test_live_hand_off_tells_the_place_in_the_queue(make_overdracht, session):
    first = make_overdracht()
    second = make_overdracht(conversation_id="web-tweede")
    assert first.verwachting["params"]["positie"] == 1
    assert second.verwachting["params"]["positie"] == 2
    assert "nummer 2 in de wachtrij" in waiting.take_message(
        session, "web-tweede", "hallo? is daar nog iemand?", DURING_HOURS).antwoord


def test_nobody_available_asks_for_contact_and_then_promises(make_overdracht, session,
                                                             config):
    data = OverdrachtIn.model_validate(overdracht_payload(**NO_CONTACT))
    overdracht, _ = service.create(session, data, idempotency_key="k", config=config,
                                   now=DURING_HOURS, available=False)
    session.commit()
    assert overdracht.verwachting["code"] == "contact_gevraagd"
    conversation = overdracht.conversation_id

    first = waiting.take_message(session, conversation, "ik heb een bakkerij", DURING_HOURS)
    assert first.wachtend and first.antwoord.startswith(
        "Je bericht staat bij je vraag voor de adviseur.")
    assert "e-mailadres of telefoonnummer" in first.antwoord

    typo = waiting.take_message(session, conversation, "jan@bakkerij", DURING_HOURS)
    assert "jan@bakkerij" not in (overdracht.contact_email or "")
    assert "e-mailadres" in typo.antwoord

    later = DURING_HOURS + timedelta(minutes=1)
    given = waiting.take_message(session, conversation,
                                 "mail me maar op jan@bakkerij.nl", later)
    session.commit()
    assert overdracht.contact_email == "jan@bakkerij.nl"
    assert "We bereiken je via jan@bakkerij.nl" in given.antwoord
    assert "We nemen binnen 2 werkdagen contact met je op" in given.antwoord
    assert overdracht.verwachting["code"] == "contact_binnen_werkdagen"
    assert lines(overdracht, "ondernemer") == [
        "ik heb een bakkerij", "jan@bakkerij", "mail me maar op jan@bakkerij.nl"]

    again = waiting.take_message(session, conversation, "mail me maar op jan@bakkerij.nl",
                                 later)  # the outbox resent it
    session.commit()
    assert again.opgeslagen and len(lines(overdracht, "ondernemer")) == 3


def test_a_phone_number_in_a_sentence_is_taken(make_overdracht, session):
    overdracht = make_overdracht(now=EVENING, **NO_CONTACT)
    assert overdracht.verwachting["code"] == "contact_gevraagd"
    answer = waiting.take_message(session, overdracht.conversation_id,
                                  "bel me maar op 06-12345678", EVENING)
    assert overdracht.contact_telefoon == "+31612345678"
    assert "We nemen binnen" in answer.antwoord


def test_no_open_overdracht_stores_nothing(session):
    assert waiting.take_message(session, "nobody", "hoi", DURING_HOURS).opgeslagen is False


def test_availability_expires(session, make_staff, config):
    anne = make_staff()
    waiting.set_available(session, anne, True, now=DURING_HOURS)
    assert waiting.available_advisers(session, config, now=DURING_HOURS) == 1
    later = DURING_HOURS + timedelta(seconds=config.available_seconds + 1)
    assert waiting.available_advisers(session, config, now=later) == 0
    waiting.set_available(session, anne, True, now=later)
    waiting.set_available(session, anne, False, now=later)
    assert waiting.available_advisers(session, config, now=later) == 0


def test_nobody_claims_in_time_falls_back_to_a_call_back(make_overdracht, session, config):
    overdracht = make_overdracht(**NO_CONTACT)
    assert overdracht.verwachting["code"] == "live_overname"
    just_before = DURING_HOURS + timedelta(minutes=config.claim_timeout_minutes - 1)
    assert waiting.sweep(session, config, now=just_before) == []
    after = DURING_HOURS + timedelta(minutes=config.claim_timeout_minutes)
    [notice] = waiting.sweep(session, config, now=after)
    session.commit()
    assert notice.overdracht_id == overdracht.id and not notice.resume
    assert notice.tekst.startswith("Het lukt nu niet om je live te helpen.")
    assert "e-mailadres of telefoonnummer" in notice.tekst
    assert overdracht.terugval_op == after
    assert lines(overdracht, "systeem")[-1].startswith("Niemand claimde binnen 5 minuten")
    assert waiting.sweep(session, config, now=after + timedelta(hours=1)) == []  # once
    answer = waiting.take_message(session, overdracht.conversation_id, "hallo?", after)
    assert "e-mailadres of telefoonnummer" in answer.antwoord
    assert "wachtrij" not in answer.antwoord


def test_a_silent_adviser_hands_back_to_the_bot_and_the_queue(make_overdracht, session,
                                                              make_staff, config):
    overdracht = make_overdracht()
    anne = make_staff()
    claimed_at = DURING_HOURS + timedelta(minutes=1)
    service.claim(session, overdracht.id, anne, now=claimed_at)
    service.add_adviser_message(session, overdracht.id, anne, "Hoi!",
                                now=claimed_at + timedelta(minutes=10))
    session.commit()
    silence = timedelta(minutes=config.silence_minutes)
    assert waiting.sweep(session, config, now=claimed_at + silence) == []  # she wrote
    [notice] = waiting.sweep(session, config,
                             now=claimed_at + timedelta(minutes=10) + silence)
    session.commit()
    overdracht = service.get(session, overdracht.id)
    assert notice.resume and "De adviseur reageert al een tijdje niet" in notice.tekst
    assert overdracht.status == Status.VRIJGEGEVEN and overdracht.teruggezet_op is not None
    assert "stuurde 15 minuten geen bericht" in lines(overdracht, "systeem")[-1]
    answer = waiting.take_message(session, overdracht.conversation_id, "hallo?",
                                  claimed_at + timedelta(hours=1))
    assert answer.wachtend and "nummer 1 in de wachtrij" in answer.antwoord
