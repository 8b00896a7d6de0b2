"""Sample scans for the tests: a session filled from a compact answer map."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.scan import session as scan_session
from assistant.scan.definition import ScanDefinition
from assistant.scan.session import ScanSession

# A small business with money worries and little digitalisation, but clear ambition.
WORRIED = {
    "amb_doel": "ja", "amb_plan": "deels", "amb_groei": "beetje",
    "mkt_klanten": "ja", "mkt_spreiding": "ja", "mkt_concurrentie": "deels",
    "fin_inzicht": "nee", "fin_buffer": "nee", "fin_achterstand": "klein",
    "pers_bezetting": "deels", "pers_toekomst": "nee", "pers_leren": "deels",
    "dig_niveau": "2", "dig_online": "nee", "dig_veilig": "weet_niet",
    "inn_nieuw": "deels", "inn_ruimte": "nee",
    "ond_energie": "matig", "ond_toekomst": "zo_houden", "ond_opvolging": "nee",
    "omg_regels": "ja", "omg_netwerk": "ja",
}
# The same business a year later: finances and digital work improved, sustainability
# skipped this time.
LATER = {
    **WORRIED,
    "fin_inzicht": "ja", "fin_buffer": "deels", "fin_achterstand": "nee",
    "dig_niveau": "4", "dig_online": "ja", "dig_veilig": "ja",
    "pers_toekomst": "deels", "amb_plan": "ja",
}


def filled(definition: ScanDefinition, answers: Mapping[str, str], *, modus: str = "volledig",
           eerst: str | None = None, skip: tuple[str, ...] = ()) -> ScanSession:
    """A session that answered ``answers`` (others: "weet ik niet") and skipped ``skip``."""
    state = scan_session.start(definition, modus, eerst)
    for theme in skip:
        state = scan_session.skip_theme(definition, state, theme)
    while (question := scan_session.current_question(definition, state)) is not None:
        state = scan_session.answer(definition, state, answers.get(question.id, "weet_niet"))
    return state
