"""Which addresses may become a link (``href``): http and https only.

One rule for the knowledge schema (``url`` and ``bron`` fields) and for every page that
renders a stored address (the scan report): ``javascript:``, ``data:`` and other schemes
never become a link, whatever was stored.
"""

from __future__ import annotations

import re

WEB_URL_PATTERN = r"^https?://[^\s<>\"']+$"
_WEB_URL = re.compile(WEB_URL_PATTERN)


def is_web_url(value: object) -> bool:
    return isinstance(value, str) and _WEB_URL.fullmatch(value) is not None
