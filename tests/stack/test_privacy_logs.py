"""No personal data in any log file: a full intake on the real stack, then every log
under the stack's data folder is searched for the name, e-mail, phone and KvK used."""

from __future__ import annotations

import re

import pytest

from tests.stack.conftest import Chat

pytestmark = pytest.mark.stack

NAME = "Wilhelmina Verduyn"
EMAIL = "w.verduyn@drukwerk-verduyn.nl"
PHONE = "06 4821 9375"
KVK = "4821 3957"
REFERENTIE = re.compile(r"SCH-[0-9A-Z]{4}-[0-9A-Z]{4}")


def test_a_full_intake_leaves_no_personal_data_in_the_logs(stack):
    chat = Chat(stack)
    chat.say("ik wil mijn hulpvraag doorgeven")
    chat.say("ja")
    chat.say(f"We willen een webshop. Mail gerust naar {EMAIL} of bel {PHONE}.")
    chat.say(NAME)
    chat.say("Bakkerij Verduyn")
    chat.say("Almere")
    chat.say("we zijn met z'n vieren")
    chat.say("bakkerij")
    chat.say(KVK)
    chat.say("bel me maar")
    summary = chat.texts(PHONE)[-1]
    assert "Klopt dit?" in summary and "Wilhelmina" in summary, summary
    stored = " ".join(chat.texts("ja"))
    assert REFERENTIE.search(stored), stored

    logs = sorted(p for p in (stack.settings.data_dir / "logs").rglob("*") if p.is_file())
    assert {p.stem for p in logs} >= {s.name for s in stack.services}
    forbidden = {"naam": ["Wilhelmina", "Verduyn"], "e-mail": [EMAIL],
                 "telefoon": [PHONE, PHONE.replace(" ", ""), "4821 9375", "48219375"],
                 "kvk": [KVK, KVK.replace(" ", "")]}
    for path in logs:
        content = path.read_text(errors="replace")
        for kind, values in forbidden.items():
            for value in values:
                assert value.lower() not in content.lower(), f"{kind} in {path.name}"
