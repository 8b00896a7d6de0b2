"""'Verwijder mijn gegevens' in the chat: confirmed first, then the ondernemer's data is
gone from the API database and from the conversation's slots."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select

from assistant import db
from assistant.intake.models import Intake
from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack
REFERENTIE = re.compile(r"SCH-[0-9A-Z]{4}-[0-9A-Z]{4}")


def intakes_of(stack, sender: str) -> int:
    with db.session_scope(stack.settings.database_url) as session:
        return session.scalar(select(func.count()).select_from(Intake)
                              .where(Intake.conversation_id == sender))


def test_erase_my_data_after_an_intake(stack, chat: Chat):
    for text in ("ik wil mijn hulpvraag doorgeven", "ja", "Ik wil mijn winkel verduurzamen",
                 "Ik ben Noor van Kapsalon Noor in Sittard, we zijn met z'n drieën",
                 "heb ik nog niet", "hier in de chat"):
        chat.say(text)
    assert REFERENTIE.search(" ".join(chat.texts("ja")))
    assert intakes_of(stack, chat.sender) == 1

    question = chat.say("verwijder mijn gegevens")[-1]
    assert "Wil je dat ik alles verwijder" in question["text"]
    assert [b["payload"] for b in question["buttons"]] == ["/affirm", "/deny"]
    done = " ".join(chat.texts("ja"))
    assert "Ik heb verwijderd wat je in dit gesprek hebt gegeven: je hulpvraag (intake)" in done

    assert intakes_of(stack, chat.sender) == 0
    tracker = httpx.get(f"{stack.settings.rasa_url}/conversations/{chat.sender}/tracker",
                        timeout=10).json()
    assert tracker["slots"].get("contactpersoon") is None
    assert tracker["slots"].get("intake_referentie") is None


def test_no_means_nothing_is_erased(chat: Chat):
    assert "Wil je dat ik alles verwijder" in chat.texts("wis mijn gegevens")[-1]
    assert "ik verwijder niets" in chat.texts("nee")[-1]


def test_a_dossier_of_another_conversation_needs_the_link_in_its_mail(chat: Chat):
    texts = " ".join(chat.texts("dossiernummer SCH-7K4P-9Q2M, kunnen jullie mijn gegevens "
                                "verwijderen?"))
    assert "komt uit een ander gesprek" in texts and "link" in texts
    assert "Klaar" not in texts
