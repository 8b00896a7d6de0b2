"""A question from a provincie outside the deal regions names that provincie's own doors."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.stack

GRONINGEN_DOORS = ("NOM", "GroBusiness", "Groninger Ondernemersregeling")
DEAL_REGION_ONLY = ("Horizon", "LIOF", "Flevoland", "Limburg")


def test_groningen_ondernemer_asking_for_advice_is_sent_to_groningen(chat):
    messages = chat.say("ik zit in Groningen en zoek advies om mijn bedrijf te laten groeien")
    shown = " ".join(m.get("text", "") for m in messages)
    shown += " ".join(b.get("title", "") for m in messages for b in m.get("buttons", []))
    assert any(door in shown for door in GRONINGEN_DOORS), shown
    assert not any(name in shown for name in DEAL_REGION_ONLY), shown
