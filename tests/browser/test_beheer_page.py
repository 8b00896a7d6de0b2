"""The beheerder's page in real headless Chromium: tokens (never their secret), revoking
one, and the audit log."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def plain(auth: dict[str, str]) -> str:
    return auth["Authorization"].split()[1]


def test_beheerder_sees_tokens_and_audit_log_and_revokes_a_token(page, live_api, make_token,
                                                                 screenshot_dir):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    frontdesk = make_token("frontdesk", naam="Fatima Bakker")
    adviseur = make_token("adviseur", naam="Anne de Vries")
    assert httpx.get(f"{live_api}/api/v1/intakes/SCH-2026-0042",
                     headers=adviseur).status_code == 404
    page.goto(f"{live_api}/beheer")
    page.get_by_label("Medewerkerstoken", exact=True).fill(
        plain(make_token("beheerder", naam="Bea")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Medewerkerstokens")).to_be_focused()
    row = page.get_by_role("row").filter(has_text="Fatima Bakker")
    expect(row).to_contain_text("actief")
    expect(page.get_by_role("row").filter(has_text="referentie=SCH-2026-0042")
           ).to_contain_text("Anne de Vries")
    assert plain(frontdesk) not in page.content()
    page.screenshot(path=str(screenshot_dir / "beheer.png"))

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Token van Fatima Bakker intrekken").click()
    expect(page.get_by_role("status")).to_have_text("De token van Fatima Bakker is ingetrokken.")
    expect(row).to_contain_text("ingetrokken")
    assert httpx.get(f"{live_api}/api/v1/medewerkers/ik", headers=frontdesk).status_code == 401
    assert errors == []
