"""Finding 1 on the real stack: the action server holds the credential that the API asks
for (``scripts/stack.py`` makes one per start), an outsider does not."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlalchemy import func, select

from assistant import db
from assistant.stats.models import Gebeurtenis

pytestmark = pytest.mark.stack


def events(stack) -> int:
    with db.session_scope(stack.settings.database_url) as session:
        return session.scalar(select(func.count()).select_from(Gebeurtenis))


def test_the_action_server_writes_and_an_outsider_cannot(stack, chat):
    before = events(stack)
    chat.say("hallo")  # a new conversation: the action server records gesprek_gestart
    deadline = time.monotonic() + 20
    while events(stack) == before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert events(stack) == before + 1

    outsider = httpx.post(f"{stack.settings.api_url}/api/v1/gebeurtenissen",
                          json={"soort": "gesprek_gestart"}, timeout=10)
    assert outsider.status_code == 401
    assert events(stack) == before + 1
