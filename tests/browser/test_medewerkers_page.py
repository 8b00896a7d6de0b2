"""The staff start page in real headless Chromium: log in with a token, see the pages
that fit the role, go on to them logged in; plus its ``/api/v1/medewerkers/ik``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def plain(auth: dict[str, str]) -> str:
    return auth["Authorization"].split()[1]


def log_in(page, live_api: str, token: str) -> None:
    page.goto(f"{live_api}/medewerkers")
    field = page.get_by_label("Medewerkerstoken")
    expect(field).to_be_focused()
    page.keyboard.type(token)  # keyboard only
    page.keyboard.press("Enter")


def test_adviser_logs_in_once_and_reaches_the_adviser_page(page, live_api, make_token,
                                                            screenshot_dir):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_api, "dit-is-geen-token")
    expect(page.get_by_role("alert")).to_have_text(
        "Deze token is onbekend, verlopen of ingetrokken.")

    token = plain(make_token("adviseur", naam="Anne de Vries"))
    page.get_by_label("Medewerkerstoken").fill(token)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Anne de Vries (adviseur)")).to_be_visible()
    expect(page.get_by_role("heading", name="Waar wil je naartoe?")).to_be_focused()
    frontdesk = page.get_by_role("link", name="Frontdesk: regelingen en loketten opzoeken")
    adviser = page.get_by_role("link", name="Adviseurs: overdrachten")
    expect(frontdesk).to_be_visible()
    expect(adviser).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('schakel-medewerker-token')") == token
    assert page.evaluate("localStorage.length") == 0  # nothing outlives the tab
    page.screenshot(path=str(screenshot_dir / "medewerkers.png"))

    page.reload()  # still logged in within this tab
    expect(page.get_by_text("Anne de Vries (adviseur)")).to_be_visible()
    adviser.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_api}/adviseur")
    # The adviser page uses the same token: no second login.
    expect(page.get_by_role("heading", name="Inloggen")).to_be_hidden()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert errors == []


def test_frontdesk_sees_only_its_pages_and_can_log_out(page, live_api, make_token):
    log_in(page, live_api, plain(make_token("frontdesk", naam="Fatima Bakker")))
    expect(page.get_by_text("Fatima Bakker (frontdesk)")).to_be_visible()
    expect(page.get_by_role("link", name="Frontdesk: regelingen en loketten opzoeken")
           ).to_be_visible()
    expect(page.get_by_role("link", name="Adviseurs: overdrachten")).to_be_hidden()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_label("Medewerkerstoken")).to_be_focused()
    assert page.evaluate("sessionStorage.length") == 0


def test_who_am_i(client, make_token):
    assert client.get("/api/v1/medewerkers/ik").status_code == 401
    response = client.get("/api/v1/medewerkers/ik", headers=make_token("beheerder", naam="Bea"))
    assert response.status_code == 200
    assert response.json() == {"naam": "Bea", "rol": "beheerder"}
    refused = client.get("/api/v1/medewerkers/ik", headers={"Authorization": "Bearer onzin"})
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
