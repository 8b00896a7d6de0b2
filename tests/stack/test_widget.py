"""The website chat widget in real headless Chromium against the real stack: Rasa's
socketio channel (long-polling), the action server and the API that serves the widget."""

from __future__ import annotations

import re
import time
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.stack, pytest.mark.browser]

HOSTILE_SCRIPT = "<script>window.__xss = 1</script>"
HOSTILE_IMG = "<img src=x onerror=\"window.__xss = 2\">"


@pytest.fixture
def widget_page(stack, browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def demo_url(stack, **params: str) -> str:
    query = "&".join(f"{key}={quote(value)}" for key, value in params.items())
    return f"{stack.settings.api_url}/widget/demo" + (f"?{query}" if query else "")


def open_widget(page, url: str):
    page.goto(url)
    page.get_by_role("button", name="Chat met Schakel").click()
    return page.get_by_role("log")


def say(page, text: str) -> None:
    field = page.get_by_label("Je bericht")
    field.fill(text)
    field.press("Enter")


def session_id(page) -> str:
    return page.evaluate("window.SchakelWidget.sessie()")


def adviser_says(stack, sender: str, text: str) -> None:
    """What the hand-off does when an adviser replies: a bot event, sent on the channel
    the ondernemer last used (output_channel=latest)."""
    response = httpx.post(
        f"{stack.settings.rasa_url}/conversations/{sender}/tracker/events",
        params={"execute_side_effects": "true", "output_channel": "latest"},
        json=[{"event": "bot", "text": text, "metadata": {"van": "adviseur"}}],
        timeout=30,
    )
    response.raise_for_status()


def test_script_is_one_file_that_leaves_the_page_alone(stack):
    response = httpx.get(f"{stack.settings.api_url}/widget/schakel-widget.js", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert "sourceMappingURL" not in response.text
    assert "Socket.IO v4.8.1" in response.text
    again = httpx.get(f"{stack.settings.api_url}/widget/schakel-widget.js",
                      headers={"If-None-Match": response.headers["etag"]}, timeout=10)
    assert again.status_code == 304


def test_conversation_buttons_reload_and_a_live_adviser_message(
    stack, widget_page, screenshot_dir
):
    page = widget_page
    log = open_widget(page, demo_url(stack))
    # The greeting arrives with the main options as buttons.
    expect(log.get_by_text("Hoi! Ik ben Schakel")).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Je bericht")).to_be_focused()
    sender = session_id(page)
    assert re.fullmatch(r"[0-9a-f]{32}", sender)

    say(page, "wat kun je allemaal")
    expect(log.get_by_text("Ik kan je helpen met", exact=False)).to_be_visible(timeout=30_000)
    # Old buttons are switched off; the newest ones work.
    expect(log.get_by_role("button", name="Bedrijfsscan doen").first).to_be_disabled()
    log.get_by_role("button", name="Een adviseur spreken").last.click()
    expect(log.locator("li.ik").last).to_contain_text("Een adviseur spreken")
    page.wait_for_function(
        "() => document.querySelector('#schakel-widget').shadowRoot"
        ".querySelectorAll('li.bot').length >= 3", timeout=30_000)

    # What a user types, or what comes back, is text: nothing runs.
    say(page, HOSTILE_SCRIPT)
    expect(log.get_by_text(HOSTILE_SCRIPT, exact=True)).to_be_visible()
    adviser_says(stack, sender, f"Anne (adviseur): {HOSTILE_IMG} Kijk op "
                 "https://www.rvo.nl/subsidies-financiering of javascript:alert(1)")
    adviser = log.locator("li.adviseur")
    expect(adviser).to_be_visible(timeout=15_000)  # shown as the adviser, not as Schakel
    expect(adviser.locator(".afzender")).to_have_text("Anne (adviseur)")
    expect(adviser.locator(".tekst")).to_contain_text(HOSTILE_IMG)
    link = adviser.get_by_role("link")
    expect(link).to_have_count(1)  # javascript: is not a link
    expect(link).to_have_attribute("href", "https://www.rvo.nl/subsidies-financiering")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_attribute("target", "_blank")
    shadow_has = "sel => document.querySelector('#schakel-widget').shadowRoot.querySelector(sel)"
    assert page.evaluate(f"({shadow_has})('.gesprek img, .gesprek script')") is None
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("typeof window.io") == "undefined"  # the page's globals stay
    assert page.dialogs == [] and page.errors == []
    page.screenshot(path=str(screenshot_dir / "widget.png"))

    # A reload keeps the conversation and the session.
    count = log.locator("li").count()
    page.reload()
    log = page.get_by_role("log")
    expect(log.locator("li")).to_have_count(count)
    expect(log.get_by_text(HOSTILE_SCRIPT, exact=True)).to_be_visible()
    assert session_id(page) == sender
    # The restored page is connected again: a new question gets its answer there.
    say(page, "ben je een robot?")
    expect(log.get_by_text("computerprogramma", exact=False)).to_be_visible(timeout=30_000)
    events = httpx.get(f"{stack.settings.rasa_url}/conversations/{sender}/tracker",
                       timeout=30).json()["events"]
    user_texts = [e.get("text") for e in events if e["event"] == "user"]
    assert "ben je een robot?" in user_texts and HOSTILE_SCRIPT in user_texts
    assert events[-1]["event"] != "user"
    channels = {e.get("input_channel") for e in events if e["event"] == "user"}
    assert channels == {"socketio"}


def test_a_short_network_drop_reconnects_and_sends_what_was_typed(stack, widget_page):
    page = widget_page
    log = open_widget(page, demo_url(stack))
    expect(log.get_by_text("Hoi! Ik ben Schakel")).to_be_visible(timeout=30_000)
    status = page.get_by_role("status")

    page.context.set_offline(True)
    expect(status).to_contain_text("verbinding is even weg", timeout=60_000)
    say(page, "dankjewel")
    expect(status).to_contain_text("zodra de verbinding terug is")
    time.sleep(1)
    page.context.set_offline(False)
    expect(log.get_by_text("Graag gedaan", exact=False)).to_be_visible(timeout=60_000)


def test_keyboard_only_and_screen_reader_labels(stack, widget_page):
    page = widget_page
    page.goto(demo_url(stack))
    starter = page.get_by_role("button", name="Chat met Schakel")
    expect(starter).to_have_attribute("aria-expanded", "false")
    for _ in range(10):  # tab from the top of the page to the widget
        page.keyboard.press("Tab")
        if starter.evaluate("el => el.getRootNode().activeElement === el"):
            break
    else:
        pytest.fail("the chat button is not reachable with Tab")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Schakel")
    expect(dialog).to_be_visible()
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(log.get_by_text("Hoi! Ik ben Schakel")).to_be_visible(timeout=30_000)
    page.keyboard.type("dankjewel")
    page.keyboard.press("Enter")
    expect(log.get_by_text("Graag gedaan", exact=False)).to_be_visible(timeout=30_000)
    # Screen readers hear who said what.
    assert log.locator("li.ik .verborgen").first.text_content() == "Jij: "
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(starter).to_have_attribute("aria-expanded", "false")
    assert starter.evaluate("el => el.getRootNode().activeElement === el")


def contrast(first: str, second: str) -> float:
    def luminance(css: str) -> float:
        channels = [int(x) / 255 for x in re.findall(r"\d+", css)[:3]]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("kleur", ["#0b4f8a", "#ffd400", "#7fbf3f"])
def test_any_site_colour_keeps_aa_contrast(stack, widget_page, kleur):
    page = widget_page
    log = open_widget(page, demo_url(stack, kleur=kleur, titel="Ondernemersloket",
                                     openingstekst="Welkom bij het Ondernemersloket!"))
    expect(page.get_by_role("dialog", name="Ondernemersloket")).to_be_visible()
    expect(log.get_by_text("Welkom bij het Ondernemersloket!")).to_be_visible()
    expect(log.get_by_role("button", name="Bedrijfsscan doen")).to_be_visible(timeout=30_000)
    say(page, "hallo")
    expect(log.locator("li.ik")).to_have_count(1)
    colours = page.evaluate(
        """() => {
          const root = document.querySelector('#schakel-widget').shadowRoot;
          const pick = (sel) => { const s = getComputedStyle(root.querySelector(sel));
                                  return [s.color, s.backgroundColor]; };
          return {header: pick('header'), mine: pick('li.ik .bel'),
                  knop: [getComputedStyle(root.querySelector('.knoppen button')).color,
                         'rgb(255, 255, 255)'],
                  bot: pick('li.bot .bel'), send: pick('form button')};
        }"""
    )
    for part, (fg, bg) in colours.items():
        assert contrast(fg, bg) >= 4.5, (part, fg, bg)
