"""/dashboard in real headless Chromium: log in, charts (SVG bars), tables with small
groups suppressed, CSV download, unanswered questions shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.stats.seed import seed

pytestmark = pytest.mark.browser


def log_in(page, live_api: str, auth: dict[str, str]) -> None:
    page.goto(f"{live_api}/dashboard")
    page.get_by_label("Medewerkerstoken").fill(auth["Authorization"].split()[1])
    page.get_by_label("Medewerkerstoken").press("Enter")


def test_dashboard_shows_charts_tables_and_questions(
    page, live_api, settings, make_token, screenshot_dir
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    seed(settings)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_api, make_token("adviseur"))
    expect(page.get_by_role("heading", name="Overzicht")).to_be_focused()

    sector = page.locator("#tabel-sector")
    expect(sector.locator("svg.grafiek rect.balk")).to_have_count(2)  # "< 5" gets no bar
    expect(sector.locator("svg.grafiek")).to_have_attribute("role", "img")
    rows = sector.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_have_text("zorg< 5")
    expect(page.locator("#tabel-per_week svg.grafiek rect.balk").first).to_be_visible()
    assert page.locator("svg.grafiek rect.balk").count() > 20
    expect(page.locator("#tabel-doorlooptijden tbody tr").first).to_contain_text("4,5")

    questions = page.locator("#vragenlijst li")
    expect(questions).to_have_count(2)
    expect(questions.first).to_contain_text("3× Hoe vraag ik de energietoeslag aan?")
    expect(questions.nth(1)).to_contain_text("<img src=x onerror=alert(1)>")  # as text
    assert page.locator("#vragen img").count() == 0
    comments = page.locator("#opmerkingenlijst li")
    expect(comments).to_have_count(1)
    expect(comments.first).to_contain_text("1× <b>Niet</b> wat ik zocht over personeel")
    assert page.locator("#opmerkingen b").count() == 0
    expect(page.locator("#tabel-feedback_per_thema tbody tr")).to_have_count(2)

    with page.expect_download() as download_info:
        sector.get_by_role("button", name="Download Ondernemers per sector als CSV").click()
    download = download_info.value
    assert download.suggested_filename == "statistieken-sector.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert content.splitlines()[0] == "Sector;Aantal"

    page.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=True)
    assert dialogs == [] and errors == []
    assert all(url.startswith(live_api) or url.startswith("blob:") for url in requests)


def test_wrong_role_stays_on_the_login(page, live_api, make_token):
    log_in(page, live_api, make_token("frontdesk"))
    expect(page.locator("#inlogmelding")).to_have_text("Je rol heeft geen toegang tot de cijfers.")
    expect(page.locator("#overzicht")).to_be_hidden()
