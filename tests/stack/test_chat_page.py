"""The plain chat page served by the API, in real headless Chromium, against the real stack."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.stack, pytest.mark.browser]


def bot_messages(page) -> list[str]:
    return page.locator("#gesprek li.bot").all_inner_texts()


def test_a_new_visitor_can_talk_to_schakel(stack, page, screenshot_dir):
    page.goto(f"{stack.settings.api_url}/")
    page.wait_for_selector("#gesprek li.bot")  # the page says hallo for the visitor
    assert "Ik ben Schakel" in bot_messages(page)[0]

    page.fill("#bericht", "ben je een robot?")
    page.keyboard.press("Enter")
    page.locator("#gesprek li.bot").nth(1).wait_for()  # (no eval: the page's CSP)
    assert "computerprogramma" in bot_messages(page)[-1]

    page.get_by_role("button", name="Nee, ga maar door").click()
    page.locator("#gesprek li.bot").nth(2).wait_for()
    assert "Ik kan je helpen met" in bot_messages(page)[-1]
    page.screenshot(path=str(screenshot_dir / "chat.png"), full_page=True)

    page.reload()  # the conversation is kept
    page.wait_for_selector("#gesprek li.bot")
    assert len(bot_messages(page)) >= 3


def test_hostile_text_is_shown_as_text(stack, page):
    page.goto(f"{stack.settings.api_url}/")
    page.wait_for_selector("#gesprek li.bot")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog), dialog.dismiss()))
    page.fill("#bericht", "<img src=x onerror=alert(1)><script>alert(2)</script>")
    page.keyboard.press("Enter")
    page.locator("#gesprek li.bot").nth(1).wait_for()  # (no eval: the page's CSP)
    assert page.locator("#gesprek li.ik").last.inner_text().startswith("<img src=x")
    assert page.locator("#gesprek img").count() == 0
    assert dialogs == []
