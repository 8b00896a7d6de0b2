"""Sample overdrachten for the tests, with personal data that must never leak into
notifications or logs."""

from __future__ import annotations

import copy
from typing import Any

NAAM = "Jan Jansen"
EMAIL = "jan.jansen@voorbeeld-bakkerij.nl"
TELEFOON = "0612345678"
KVK = "12345678"
CONVERSATION_ID = "web-5f1c2b9e"
PERSONAL = (NAAM, EMAIL, TELEFOON, KVK, CONVERSATION_ID, "Bakkerij Jansen")

_PAYLOAD: dict[str, Any] = {
    "kanaal": "socketio",
    "conversation_id": CONVERSATION_ID,
    "reden": "verzoek",
    "thema": "financiering",
    "regio": "flevoland",
    "contactvoorkeur": "email",
    "intake_referentie": "INT-4K7P-Q2MX",
    "intake": {
        "contactnaam": NAAM,
        "bedrijfsnaam": "Bakkerij Jansen",
        "kvk_nummer": KVK,
        "email": EMAIL,
        "telefoon": TELEFOON,
        "medewerkers": 6,
        "gemeente": "Almere",
        "vraag": "Ik wil een nieuwe oven kopen maar de bank twijfelt.",
    },
    "scan": {
        "richting": "vernieuwen",
        "scores": {"financien": 2, "markt_klanten": 4, "digitalisering": 3},
        "aandachtspunten": ["Financiering van investeringen", "Digitale bestellingen"],
    },
    "transcript": [
        {"van": "ondernemer", "tekst": "Hoi, ik zoek geld voor een oven",
         "tijd": "2026-04-28T10:00:00+02:00"},
        {"van": "bot", "tekst": "Dat kan ik uitzoeken. Wil je een adviseur spreken?",
         "tijd": "2026-04-28T10:00:05+02:00"},
        {"van": "ondernemer", "tekst": "ja graag", "tijd": "2026-04-28T10:00:20+02:00"},
    ],
    "toestemming_op": "2026-04-28T10:00:20+02:00",
    "toestemming_tekstversie": "2026-11-v1",
}


def overdracht_payload(**overrides: Any) -> dict[str, Any]:
    """A complete POST body for /api/v1/overdrachten; keyword arguments replace fields."""
    return copy.deepcopy(_PAYLOAD) | overrides
