"""The scan report in real headless Chromium: content, bars, vervolgscan, escaping, print."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import expect

from assistant import db
from assistant.chat_session import report_key
from assistant.scan.definition import load_definition
from assistant.scan.models import Scan
from assistant.scan.scoring import advise, score
from tests.api.test_intakes import payload as intake_payload
from tests.conftest import SESSION_SECRET, service_credential
from tests.scan.samples import LATER, WORRIED, filled

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"
CONVERSATION = "gesprek-browser-1"


def store(live_api: str, settings, answers: dict, resultaat: dict | None = None,
          **extra) -> dict:
    """A scan of CONVERSATION, linked to its own intake, as the action server stores it.
    ``resultaat`` replaces the computed result afterwards: data stored before the API
    computed every result itself (the report must show even hostile data as text)."""
    headers = service_credential(settings)
    intake = httpx.post(f"{live_api}/api/v1/intakes", timeout=10,
                        json=intake_payload(conversation_id=CONVERSATION),
                        headers={"Idempotency-Key": "intake-browser", **headers})
    definition = load_definition()
    body = {"toestemming": True, "sessie": filled(definition, answers, **extra.pop("scan", {}))
            .to_slot(), "conversation_id": CONVERSATION,
            "intake_referentie": intake.json()["referentie"], **extra}
    response = httpx.post(f"{live_api}/api/v1/scans", json=body, headers=headers, timeout=10)
    assert response.status_code == 201, response.text
    created = response.json()
    if resultaat is not None:
        with db.session_scope(settings.database_url) as session:
            session.get(Scan, created["id"]).resultaat = resultaat
        created["resultaat"] = resultaat
    return created


def later_result_with_regelingen() -> dict:
    definition = load_definition()
    result = score(definition, filled(definition, LATER, skip=("duurzaamheid",)))

    def find(thema_ids, profile):
        return [{"id": f"voorbeeld-{thema_ids[0]}", "naam": f"Voorbeeldregeling {thema_ids[0]}",
                 "url": "https://example.org/regeling", "reden": "Past bij dit aandachtspunt"},
                {"id": "vijandig", "naam": HOSTILE}]

    return advise(result, find, limit=2).model_dump(mode="json")


def test_report_reads_well_and_prints(page, live_api, settings, screenshot_dir, tmp_path):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    store(live_api, settings, WORRIED)
    scan = store(live_api, settings, LATER, scan={"skip": ("duurzaamheid",)},
                 resultaat=later_result_with_regelingen())
    result = scan["resultaat"]

    page.set_viewport_size({"width": 1100, "height": 900})
    page.goto(f"{live_api}{scan['rapport']}?sleutel={report_key(SESSION_SECRET, scan['id'])}")
    expect(page).to_have_title(re.compile("bedrijfsscan"))
    expect(page.locator("h1")).to_have_text("Uitslag van je bedrijfsscan")
    expect(page.locator(".meta")).to_contain_text(f"Referentie {scan['intake_referentie']}")

    # Direction, with the five directions and the chosen one marked.
    expect(page.locator(".direction .name")).to_have_text(result["richting"]["naam"])
    expect(page.locator(".steps-row li")).to_have_count(5)
    expect(page.locator(".steps-row li.current")).to_have_text(result["richting"]["naam"])

    # One row per theme; a bar as wide as the score, "geen score" for the skipped theme.
    rows = page.locator(".theme")
    expect(rows).to_have_count(len(result["themas"]))
    for index, theme in enumerate(result["themas"]):
        row = rows.nth(index)
        expect(row.locator("h3")).to_contain_text(theme["naam"])
        if theme["score"] is None:
            expect(row.locator(".score")).to_have_text("geen score")
            continue
        expect(row.locator(".score")).to_contain_text(f"{theme['score']:.1f}".replace(".", ","))
        bar = row.locator(".bar").bounding_box()
        fill = row.locator(".fill").bounding_box()
        assert fill["width"] == pytest.approx(bar["width"] * theme["score"] / 5, abs=2)
    expect(rows.filter(has_text="Duurzaamheid")).to_contain_text("overgeslagen")

    expect(page.locator("section[aria-labelledby=sterk] li")).to_have_count(len(result["sterktes"]))
    points = page.locator(".point")
    expect(points).to_have_count(len(result["aandachtspunten"]))
    first = points.first
    expect(first.locator("h3")).to_have_text(result["aandachtspunten"][0]["titel"])
    expect(first.locator("ol li")).to_have_count(len(result["aandachtspunten"][0]["stappen"]))
    expect(first).to_contain_text("Wie kan je helpen?")
    expect(first.get_by_role("link", name=re.compile("Voorbeeldregeling"))).to_have_attribute(
        "href", "https://example.org/regeling")
    expect(first).to_contain_text(HOSTILE)  # shown as text, not run

    # The vervolgscan: compared with the first scan of this conversation.
    changes = page.locator(".changes")
    expect(changes.locator("h2")).to_have_text("Wat is er veranderd sinds je vorige scan?")
    expect(changes.locator("tbody tr")).to_have_count(len(result["themas"]))
    expect(changes.locator("tbody tr", has_text="Financiën")).to_contain_text(
        "Beter dan vorige keer")

    expect(page.locator(".answers h3").first).to_be_visible()
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the page scrolls sideways"
    page.screenshot(path=str(screenshot_dir / "scan-report.png"), full_page=True)

    # Printing: the button disappears, colours stay, and the PDF is a few A4 pages.
    expect(page.get_by_role("button", name="Print of bewaar als pdf")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print of bewaar als pdf")).to_be_hidden()
    page.emulate_media(media="null")  # back to normal: pdf() prints with print CSS
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 3 <= pages <= 6, pages

    # On a phone nothing sticks out either.
    page.set_viewport_size({"width": 390, "height": 800})
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the page scrolls sideways on a phone"

    assert dialogs == [] and errors == []


def test_report_needs_access(page, live_api, settings):
    scan = store(live_api, settings, WORRIED)
    response = page.goto(f"{live_api}{scan['rapport']}?sleutel={'0' * 64}")
    assert response.status == 404
    response = page.goto(f"{live_api}{scan['rapport']}")
    assert response.status == 401
