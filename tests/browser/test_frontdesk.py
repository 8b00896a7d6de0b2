"""The frontdesk page in real headless Chromium: search as you type, filters by
keyboard, reasons and key facts, details on demand; hostile content stays text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assistant.settings import Settings
from tests.knowledge.helpers import copy_real_knowledge, entry_data, write_entry

pytestmark = pytest.mark.browser

HOSTILE_NAME = "<img src=x onerror=window.__xss=1>"


@pytest.fixture
def settings(tmp_path) -> Settings:
    """The real knowledge plus one entry full of markup, served by the live API."""
    knowledge_dir = copy_real_knowledge(tmp_path)
    write_entry(
        knowledge_dir,
        entry_data(
            "kwaadaardige-test",
            naam=HOSTILE_NAME,
            synoniemen=["kwaadaardig"],
            samenvatting="<script>window.__xss=2</script> gewone tekst",
            uitvoerder="<b>vet</b>",
            vervolgstap={
                "tekst": "<a href=javascript:alert(1)>klik</a>",
                "url": "https://example.org/",
            },
        ),
    )
    return Settings(data_dir=tmp_path / "var", knowledge_dir=knowledge_dir)


def open_frontdesk(page, live_api: str):
    page.goto(f"{live_api}/frontdesk")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"\d+ resultaten"))
    return page.get_by_label("Vraag of naam van een regeling")


def results(page):
    return page.get_by_role("list", name="Resultaten").locator(":scope > li")


def test_search_as_you_type_shows_reasons_and_key_facts(page, live_api, screenshot_dir):
    box = open_frontdesk(page, live_api)
    expect(box).to_be_focused()
    page.keyboard.type("subsidie voor opleiding personeel")
    slim = results(page).filter(has=page.get_by_role("heading", name=re.compile(r"\(SLIM\)")))
    expect(slim).to_have_count(1)
    expect(slim.get_by_role("list", name="Waarom dit past")).to_contain_text("trefwoord: opleiding")
    expect(slim).to_contain_text("Ministerie van Sociale Zaken")
    expect(slim).to_contain_text("2024: Totaal budget")
    expect(slim).to_contain_text("Vervolgstap")
    expect(slim).to_contain_text("Peildatum: 2024-02-13.")
    page.screenshot(path=str(screenshot_dir / "frontdesk.png"), full_page=True)


def test_filters_and_keys_work_without_a_mouse(page, live_api):
    box = open_frontdesk(page, live_api)
    box.fill("financiering innovatief bedrijf")
    box.press("Enter")
    page.get_by_label("Provincie").select_option("flevoland")
    horizon = results(page).filter(
        has=page.get_by_role("heading", name=re.compile("Horizon Flevoland"))
    )
    expect(horizon.get_by_role("list", name="Waarom dit past")).to_contain_text("regio: Flevoland")
    expect(page.get_by_role("heading", name=re.compile("LIOF"))).to_have_count(0)

    box.fill("opleiding personeel")
    page.get_by_label("Aantal medewerkers").fill("300")
    expect(results(page).first).to_contain_text("past bij 300 medewerkers")
    expect(page.get_by_role("heading", name=re.compile(r"\(SLIM\)"))).to_have_count(0)

    box.press("Escape")
    expect(box).to_have_value("")
    page.get_by_label("Aantal medewerkers").fill("")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    expect(box).to_be_focused()


def test_details_are_loaded_on_demand(page, live_api):
    box = open_frontdesk(page, live_api)
    box.fill("WBSO")
    first = results(page).first
    expect(first).to_contain_text("Wet bevordering speur- en ontwikkelingswerk")
    first.get_by_text("Voorwaarden en aanvragen").click()
    expect(first.locator("details")).to_contain_text("eHerkenning")


def test_hostile_knowledge_is_shown_as_text_and_runs_nothing(page, live_api):
    box = open_frontdesk(page, live_api)
    box.fill("kwaadaardig")
    first = results(page).first
    expect(first.get_by_role("heading")).to_contain_text(HOSTILE_NAME)
    expect(first).to_contain_text("<script>window.__xss=2</script> gewone tekst")
    expect(first).to_contain_text("<b>vet</b>")
    assert page.evaluate("window.__xss") is None
    assert first.locator("img, script, b").count() == 0
    assert (
        first.get_by_role("link", name="Naar de website").get_attribute("href")
        == "https://example.org/"
    )


def test_entries_past_review_are_listed_and_marked(page, live_api, settings):
    from assistant.knowledge import KnowledgeBase

    kb = KnowledgeBase.load(settings.knowledge_dir)
    stale = kb.past_review()
    assert stale  # at least the hostile entry (peildatum 2025-01-31, with amounts)
    box = open_frontdesk(page, live_api)
    summary = page.locator("#controle summary")
    woord = "regeling" if len(stale) == 1 else "regelingen"
    expect(summary).to_have_text(f"Te controleren: {len(stale)} {woord} over de controledatum")
    table = page.get_by_role("table", name="Regelingen over de controledatum")
    expect(table).to_be_hidden()
    summary.click()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(stale))
    oldest = stale[0]
    expect(rows.first).to_contain_text(oldest.naam)
    expect(rows.first).to_contain_text(oldest.review_date.isoformat())
    expect(table).to_contain_text(HOSTILE_NAME)
    assert table.locator("img, script").count() == 0
    assert page.evaluate("window.__xss") is None

    box.fill("kwaadaardig")
    first = results(page).first
    expect(first.get_by_role("heading")).to_contain_text(HOSTILE_NAME)
    expect(first.locator(".label.te-controleren")).to_have_text("te controleren")
    review = kb.get("kwaadaardige-test").review_date.isoformat()
    expect(first).to_contain_text(f"Controleren vóór {review}: verlopen")
