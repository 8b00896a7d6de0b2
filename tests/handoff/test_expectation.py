"""What the ondernemer is told after a hand-off: code, params and Dutch text."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from assistant.handoff.expectation import CONTACT, LIVE, expectation_for, render
from assistant.handoff.office_hours import DEFAULT_SCHEDULE
from assistant.handoff.texts import load_texts

AMS = ZoneInfo("Europe/Amsterdam")


def expect(at: datetime, days: int = 2, **options):
    return expectation_for(
        at, referentie="OVD-7K4P-9Q2M", schedule=DEFAULT_SCHEDULE, contact_working_days=days,
        **options,
    )


def test_during_office_hours_an_adviser_takes_over():
    result = expect(datetime(2026, 4, 28, 11, 0, tzinfo=AMS))
    assert result.code == LIVE
    assert result.params == {"referentie": "OVD-7K4P-9Q2M", "positie": 1}
    assert result.tekst.startswith(
        "Er is een adviseur beschikbaar. Je bent nummer 1 in de wachtrij.")
    assert "OVD-7K4P-9Q2M" in result.tekst


def test_outside_office_hours_contact_within_working_days():
    result = expect(datetime(2026, 4, 24, 21, 0, tzinfo=AMS))  # Friday before Koningsdag
    assert result.code == CONTACT
    # Monday is Koningsdag: Tuesday is the first werkdag, Wednesday the second.
    assert result.params == {
        "referentie": "OVD-7K4P-9Q2M",
        "werkdagen": 2,
        "uiterlijk": "2026-04-29",
        "volgende_opening": "2026-04-28T09:00:00+02:00",
        "waarom": "buiten_kantoortijd",
    }
    assert result.tekst == (
        "We nemen binnen 2 werkdagen contact met je op, uiterlijk woensdag 29 april. "
        "Je referentie is OVD-7K4P-9Q2M."
    )


def test_one_working_day_is_singular():
    result = expect(datetime(2026, 12, 24, 18, 0, tzinfo=AMS), days=1)
    assert "binnen 1 werkdag contact" in result.tekst
    assert "maandag 28 december" in result.tekst


def test_before_opening_the_same_day_counts():
    result = expect(datetime(2026, 4, 28, 7, 0, tzinfo=AMS), days=2)
    assert result.params["uiterlijk"] == "2026-04-29"


def test_no_live_promise_just_before_closing():
    result = expect(datetime(2026, 4, 28, 16, 50, tzinfo=AMS))
    assert result.code == CONTACT
    assert result.params["volgende_opening"] == "2026-04-29T09:00:00+02:00"
    assert expect(datetime(2026, 4, 28, 16, 50, tzinfo=AMS) - timedelta(minutes=10)).code == LIVE


def test_texts_come_from_the_data_file_and_render_again_from_code_and_params():
    result = expect(datetime(2026, 4, 25, 12, 0, tzinfo=AMS))
    template = load_texts()["verwachting"][CONTACT]["meer"]
    assert result.tekst == template.format(
        werkdagen=2, uiterlijk="woensdag 29 april", referentie="OVD-7K4P-9Q2M"
    )
    stored = result.stored()
    assert "tekst" not in stored
    assert render(stored["code"], stored["params"]) == result


def _all_texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _all_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_texts(value)


def test_texts_use_je_and_stay_short():
    texts = load_texts()
    for tekst in _all_texts(texts["verwachting"]):
        assert not re.search(r"\b(u|uw|U|Uw)\b", tekst), tekst
        assert len(tekst) < 200


def test_nobody_available_asks_how_to_reach_the_ondernemer():
    at = datetime(2026, 4, 28, 11, 0, tzinfo=AMS)
    result = expect(at, available=False, contact_known=False)
    assert result.code == "contact_gevraagd"
    assert result.tekst.startswith("Er is nu geen adviseur vrij voor een chat.")
    assert "e-mailadres of telefoonnummer" in result.tekst
    assert "uiterlijk woensdag 29 april" in result.tekst  # today counts as werkdag 1
    assert len(result.tekst) < 250


def test_outside_office_hours_without_contact_details_no_promise_is_made():
    result = expect(datetime(2026, 4, 24, 21, 0, tzinfo=AMS), contact_known=False)
    assert result.code == "contact_gevraagd"
    assert result.tekst.startswith("Het team is nu niet bereikbaar.")
    assert "We nemen binnen" not in result.tekst
