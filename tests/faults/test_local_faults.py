"""Local mode: the action server crashes mid-intake, Rasa restarts mid-intake."""

from __future__ import annotations

import pytest

from tests.faults.conftest import crash, revive
from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

STORING = "er gaat bij mij even iets mis"


def begin_intake(chat: Chat) -> None:
    chat.say("ik wil mijn hulpvraag doorgeven")
    assert "Waar kan het Schakelteam je mee helpen" in chat.texts("ja")[-1]
    assert "naam" in chat.texts("We zoeken hulp bij het digitaliseren van de administratie")[-1]


def test_action_server_crash_gets_a_calm_answer_and_the_intake_resumes(local_stack):
    chat = Chat(local_stack)
    begin_intake(chat)
    actions = next(s for s in local_stack.services if s.name == "actieserver")
    crash(actions)

    reply = chat.texts("Fenna")
    assert len(reply) == 1 and STORING in reply[0], reply
    assert "Je antwoorden ben ik niet kwijt" in reply[0]
    assert not [s for s in local_stack.dead() if s is not actions], "Rasa en API blijven op"

    revive(actions, local_stack.settings.data_dir / "logs")
    # The answer that got lost is given again; the form goes on with the next question.
    assert "Hoe heet je bedrijf" in chat.texts("Fenna")[-1]
    assert "gemeente" in chat.texts("Drukkerij Fenna")[-1]


def test_rasa_restart_keeps_the_conversation(local_stack):
    chat = Chat(local_stack)
    begin_intake(chat)
    assert "Hoe heet je bedrijf" in chat.texts("Jeroen")[-1]
    for rasa in local_stack.rasa_services:  # every Rasa server at once
        crash(rasa)
    for rasa in local_stack.rasa_services:
        revive(rasa, local_stack.settings.data_dir / "logs")
    # The SQL tracker store (SQLite here) kept the form, its slots and the open question;
    # each server's in-memory copy is gone.
    assert "gemeente" in chat.texts("Fietsenmaker Jeroen")[-1]
    summary_path = chat.texts("Zwolle")
    assert "hoeveel mensen" in summary_path[-1].lower()


def test_one_rasa_server_down_the_other_carries_on(local_stack):
    """Two Rasa servers behind nginx: one crashes, the other answers every message of the
    conversation (nginx skips the dead one), and the first comes back into service."""
    assert len(local_stack.rasa_services) >= 2, "make run starts several Rasa servers"
    chat = Chat(local_stack)
    begin_intake(chat)
    first = local_stack.rasa_services[0]
    crash(first)
    try:
        assert "Hoe heet je bedrijf" in chat.texts("Jeroen")[-1]
        assert "gemeente" in chat.texts("Fietsenmaker Jeroen")[-1]
    finally:
        revive(first, local_stack.settings.data_dir / "logs")
    assert "hoeveel mensen" in chat.texts("Zwolle")[-1].lower()
