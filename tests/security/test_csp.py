"""Script injected into a page must not run: the chat page, the scan report and the
staff pages send a Content-Security-Policy without 'unsafe-inline', through the live
API, and their own code still works under it (real Chromium, no CSP violations)."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.api.test_scans import body

# The adviser page keeps its nonce'd inline code for now (api/csp.py: nonce_page_headers).
PAGES = ["/", "/chat", "/medewerkers", "/frontdesk", "/dashboard", "/adviseur", "/widget/demo"]
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def policy_of(response: httpx.Response) -> dict[str, str]:
    header = response.headers.get("content-security-policy", "")
    return {part.split()[0]: part for part in header.split(";") if part.strip()
            for part in [part.strip()]}


def scan_report(live_api: str) -> str:
    stored = httpx.post(f"{live_api}/api/v1/scans",
                        json=body(conversation_id="csp-gesprek"), timeout=30).json()
    return f"{live_api}{stored['rapport']}?gesprek=csp-gesprek"


@pytest.mark.parametrize("path", [*PAGES, "rapport"])
def test_pages_allow_no_inline_script_or_style(live_api, path):
    url = scan_report(live_api) if path == "rapport" else f"{live_api}{path}"
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200
    policy = policy_of(response)
    assert policy, f"{path}: no Content-Security-Policy"
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert policy["default-src"] == "default-src 'none'"
    assert "script-src" in policy and "style-src" in policy
    assert not INLINE_HANDLER.search(response.text), f"{path}: inline event handler"


@pytest.mark.parametrize("path", ["/", "rapport"])
def test_chat_page_and_report_have_no_inline_code_at_all(live_api, path):
    url = scan_report(live_api) if path == "rapport" else f"{live_api}{path}"
    html = httpx.get(url, timeout=30).text
    assert "<style" not in html and not STYLE_ATTRIBUTE.search(html)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html), "inline <script>"


@pytest.mark.parametrize("path", ["/", "rapport"])
def test_their_code_runs_under_the_policy(live_api, page, path):
    url = scan_report(live_api) if path == "rapport" else f"{live_api}{path}"
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(url)
    if path == "/":
        page.wait_for_function("document.getElementById('status').textContent !== ''")
    else:
        page.locator(".fill").first.wait_for()
        bar = page.locator(".bar").first.bounding_box()
        fill = page.locator(".fill").first.bounding_box()
        assert 0 < fill["width"] < bar["width"]  # the width class applied
    assert violations == []
