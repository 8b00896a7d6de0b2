"""The atomic Redis lock store hands out every ticket once, also when two Rasa servers
ask at the same moment (a real Redis, the Rasa environment)."""

from __future__ import annotations

import pytest

from scripts.services import LOOPBACK
from scripts.stack_prod import ProdStack
from tests.rasa_probe import run_probe

pytestmark = pytest.mark.stack


def probe(stack: ProdStack, kind: str) -> dict:
    return run_probe("lock_store_probe.py", LOOPBACK, str(stack.redis.port),
                     stack.redis.password, kind, timeout=120)


def test_every_ticket_is_unique_and_the_lock_is_gone_afterwards(prod_stack: ProdStack):
    outcome = probe(prod_stack, "atomic")
    assert len(outcome["tickets"]) == 50
    assert len(set(outcome["tickets"])) == 50, sorted(outcome["tickets"])
    assert outcome["in_lock"] == 50
    assert outcome["left"] is False
