"""The adviser page in real headless Chromium: log in, queue, open, claim, reply,
close; hostile data shows as text and runs nothing."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from tests.handoff.samples import overdracht_payload

pytestmark = pytest.mark.browser

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def create(live_api: str, service_headers: dict[str, str]):
    """Create an overdracht as the action server does (with its credential)."""

    def post(key: str, **overrides) -> dict:
        response = httpx.post(f"{live_api}/api/v1/overdrachten",
                              json=overdracht_payload(**overrides),
                              headers={"Idempotency-Key": key, **service_headers})
        assert response.status_code == 201, response.text
        return response.json()

    return post


def hostile_overdracht(create) -> dict:
    payload = overdracht_payload()
    payload["transcript"].append(
        {"van": "ondernemer", "tekst": HOSTILE, "tijd": "2026-04-28T10:01:00+02:00"})
    payload["intake"]["bedrijfsnaam"] = "<script>alert('intake')</script>"
    return create("hostile", transcript=payload["transcript"], intake=payload["intake"],
                  reden="gevoelig", thema="stoppen_crisis")


def log_in(page, live_api: str, auth: dict[str, str]) -> None:
    page.goto(f"{live_api}/adviseur")
    page.get_by_label("Medewerkerstoken").fill(auth["Authorization"].split()[1])
    page.get_by_label("Medewerkerstoken").press("Enter")  # keyboard only


def test_adviser_works_an_overdracht_and_hostile_data_stays_text(
    create, page, live_api, make_token, screenshot_dir
):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    create("rustig", thema="personeel", regio="utrecht", urgentie="laag")
    target = hostile_overdracht(create)

    log_in(page, live_api, make_token("adviseur", naam="Anne de Vries"))
    queue = page.locator("#lijst")
    queue.get_by_text(target["referentie"]).wait_for()
    expect(page.locator("#wachtrijmelding")).to_have_text("2 overdrachten")
    # Most urgent first: the sensitive one is on top.
    assert target["referentie"] in queue.locator("li").first.inner_text()

    page.locator("#filter-thema").select_option("personeel")
    expect(queue.locator("li")).to_have_count(1)
    page.locator("#filter-thema").select_option("")
    page.locator("#filter-urgentie").select_option(label="Hoog")
    expect(queue.locator("li")).to_have_count(1)
    page.locator("#filter-urgentie").select_option("")
    expect(queue.locator("li")).to_have_count(2)

    queue.locator("li").first.get_by_role("button").click()
    heading = page.locator("#detail-titel")
    expect(heading).to_have_text(target["referentie"])
    expect(heading).to_be_focused()

    transcript = page.locator("#transcript")
    assert transcript.get_by_text(HOSTILE, exact=True).is_visible()
    assert page.get_by_text("<script>alert('intake')</script>", exact=True).is_visible()
    assert page.locator("#overdracht img, #overdracht script").count() == 0
    assert page.locator("#intake").get_by_text("Jan Jansen").is_visible()
    assert page.locator("#scan").get_by_text("vernieuwen").is_visible()
    assert page.locator("#kenmerken").get_by_text("Gevoelige situatie").is_visible()

    expect(page.locator("#antwoord")).to_be_hidden()  # no reply box before the claim
    page.get_by_role("button", name="Claimen").click()
    page.locator("#actiemelding").get_by_text("Je hebt het gesprek overgenomen").wait_for()
    assert page.get_by_role("button", name="Claimen").is_disabled()
    page.get_by_label("Je bericht aan de ondernemer").fill(
        "Hoi Jan, ik ben Anne van het Schakelteam. Zullen we morgen bellen?")
    page.get_by_role("button", name="Versturen").click()
    page.locator("#berichten").get_by_text("Zullen we morgen bellen?").wait_for()
    page.get_by_role("radio", name="Doorverwezen").check()  # choose now, close after the screenshot

    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(screenshot_dir / "adviseur.png"), full_page=True)

    page.get_by_label("Doorverwezen naar (optioneel)").fill("Ondernemersklankbord")
    page.get_by_role("button", name="Sluiten").click()
    page.locator("#actiemelding").get_by_text("De overdracht is gesloten.").wait_for()
    assert page.locator("#kenmerken").get_by_text("Ondernemersklankbord").is_visible()
    assert page.get_by_role("button", name="Sluiten").is_disabled()

    assert dialogs == [] and errors == []


def test_claim_conflict_shows_the_dutch_message(create, page, live_api, make_token):
    target = create("conflict")
    other = make_token("adviseur", naam="Bram")
    log_in(page, live_api, make_token("adviseur"))
    page.locator("#lijst").get_by_text(target["referentie"]).click()
    httpx.post(f"{live_api}/api/v1/overdrachten/{target['id']}/claim", headers=other)
    page.get_by_role("button", name="Claimen").click()
    page.locator("#actiemelding").get_by_text(
        "Deze overdracht is al geclaimd door een andere adviseur.").wait_for()
    page.locator("#kenmerken").get_by_text("Bram", exact=False).wait_for()


def test_wrong_token_and_wrong_role_are_told_in_dutch(page, live_api, make_token):
    log_in(page, live_api, {"Authorization": "Bearer onzin"})
    page.get_by_role("alert").get_by_text("Je token is onbekend of verlopen").wait_for()
    assert page.locator("#werkblad").is_hidden()
    log_in(page, live_api, make_token("frontdesk"))
    page.get_by_role("alert").get_by_text("Je rol heeft geen toegang").wait_for()
    assert page.locator("#werkblad").is_hidden()


def test_token_stays_in_the_tab_and_a_link_opens_the_overdracht(create, page, live_api, make_token):
    target = create("link")
    log_in(page, live_api, make_token("adviseur"))
    page.locator("#lijst").get_by_text(target["referentie"]).wait_for()
    page.goto(f"{live_api}/adviseur#overdracht-{target['id']}")
    page.reload()
    page.locator("#detail-titel").get_by_text(target["referentie"]).wait_for()
    assert page.evaluate("window.localStorage.length") == 0
    page.get_by_role("button", name="Uitloggen").click()
    assert page.evaluate("window.sessionStorage.length") == 0
    assert page.get_by_label("Medewerkerstoken").is_visible()


def test_page_sends_a_strict_content_security_policy(live_api):
    response = httpx.get(f"{live_api}/adviseur")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "<script>" not in response.text and " onclick=" not in response.text
    assert response.headers["cache-control"] == "no-store"


def test_keyboard_focus_survives_refresh_and_claim_and_the_loser_gets_no_reply_box(
    page, live_api, make_token, create
):
    first = create("focus-1")
    log_in(page, live_api, make_token("adviseur", naam="Anne de Vries"))
    page.keyboard.press("Tab")  # from the filters towards the queue
    button = page.locator(f'#lijst button[data-id="{first["id"]}"]')
    button.focus()
    second = create("focus-2", conversation_id="web-tweede")
    page.locator("#lijst").get_by_text(second["referentie"]).wait_for(timeout=20000)
    assert page.evaluate("document.activeElement.dataset.id") == str(first["id"])

    page.keyboard.press("Enter")  # open it
    expect(page.locator("#detail-titel")).to_be_focused()
    page.get_by_role("button", name="Claimen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#antwoord-tekst")).to_be_focused()  # not the page body

    bram = make_token("adviseur", naam="Bram")
    page.locator("#lijst").get_by_text(second["referentie"]).click()
    expect(page.locator("#detail-titel")).to_have_text(second["referentie"])
    httpx.post(f"{live_api}/api/v1/overdrachten/{second['id']}/claim", headers=bram)
    page.get_by_role("button", name="Claimen").click()
    page.locator("#actiemelding").get_by_text("al geclaimd").wait_for()
    expect(page.locator("#antwoord-tekst")).to_be_hidden()
    expect(page.locator("#actiemelding")).to_be_focused()  # not lost to the page body


def test_skip_link_and_availability(page, live_api, make_token):
    auth = make_token("adviseur", naam="Anne de Vries")
    log_in(page, live_api, auth)
    page.locator("#wachtrijmelding").wait_for()
    page.keyboard.press("Shift+Tab")
    skip = page.get_by_role("link", name="Naar de wachtrij")
    skip.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#wachtrij-titel")).to_be_focused()

    box = page.get_by_label("Beschikbaar voor live chat")
    with page.expect_response("**/api/v1/beschikbaarheid") as answer:
        box.check()
    assert answer.value.json() == {"beschikbaar_aantal": 1}
    with page.expect_response("**/api/v1/beschikbaarheid") as answer:
        box.uncheck()
    assert answer.value.json() == {"beschikbaar_aantal": 0}
    assert httpx.get(f"{live_api}/api/v1/beschikbaarheid", headers=auth).json() == {
        "beschikbaar_aantal": 0}


def test_canned_reply_and_internal_note_by_keyboard(page, live_api, make_token, create):
    target = create("sjabloon")
    log_in(page, live_api, make_token("adviseur", naam="Anne de Vries"))
    page.locator("#lijst").get_by_text(target["referentie"]).click()
    page.get_by_role("button", name="Claimen").click()
    expect(page.locator("#antwoord-tekst")).to_be_focused()

    page.get_by_label("Standaardantwoord invoegen").select_option(label="Even kijken")
    expect(page.locator("#antwoord-tekst")).to_have_value(
        "Ik zoek het even voor je uit. Ik ben zo terug.")
    expect(page.locator("#antwoord-tekst")).to_be_focused()

    page.get_by_label("Interne notitie (alleen voor collega's)").fill("Belt liever na vijven.")
    page.get_by_label("Interne notitie (alleen voor collega's)").press("Tab")
    page.keyboard.press("Enter")  # "Notitie opslaan"
    note = page.locator("#berichten li.notitie")
    expect(note).to_contain_text("Anne de Vries: Belt liever na vijven.")
    expect(note).to_contain_text("Interne notitie")


def test_search_finds_a_closed_overdracht(page, live_api, make_token, create):
    target = create("gezocht")
    auth = make_token("adviseur", naam="Anne de Vries")
    httpx.post(f"{live_api}/api/v1/overdrachten/{target['id']}/sluiten", headers=auth,
               json={"uitkomst": "opgelost"})
    log_in(page, live_api, auth)
    expect(page.locator("#wachtrijmelding")).to_have_text("0 overdrachten")
    page.get_by_label("Zoeken in alle overdrachten").fill("Bakkerij Jansen")
    page.get_by_label("Zoeken in alle overdrachten").press("Enter")
    expect(page.locator("#lijst")).to_contain_text(target["referentie"])
    expect(page.locator("#lijst")).to_contain_text("Gesloten")


def test_a_new_overdracht_gives_a_notification_when_asked(page, live_api, make_token, create):
    page.context.grant_permissions(["notifications"])
    page.add_init_script("""
        window.__meldingen = [];
        window.Notification = class { constructor(titel, opties) {
            window.__meldingen.push([titel, opties.body]); } };
        window.Notification.permission = "granted";
    """)  # the browser's notification centre is outside the page: record instead
    log_in(page, live_api, make_token("adviseur"))
    expect(page.locator("#wachtrijmelding")).to_have_text("0 overdrachten")
    page.get_by_label("Geluid en melding bij een nieuwe overdracht").check()
    target = create("melding")
    page.locator("#lijst").get_by_text(target["referentie"]).wait_for(timeout=20000)
    assert page.evaluate("window.__meldingen") == [["Nieuwe overdracht", target["referentie"]]]
