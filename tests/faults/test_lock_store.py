"""The atomic Redis lock store hands out every ticket once, also when two Rasa servers
ask at the same moment (a real Redis, the Rasa environment)."""

from __future__ import annotations

import json
import subprocess

import pytest

from assistant.settings import REPO_ROOT
from scripts.services import LOOPBACK
from scripts.stack import RASA_PYTHON
from scripts.stack_prod import ProdStack

pytestmark = pytest.mark.stack
PROBE = REPO_ROOT / "tests" / "rasa_env" / "lock_store_probe.py"


def probe(stack: ProdStack, kind: str) -> dict:
    result = subprocess.run(
        [str(RASA_PYTHON), str(PROBE), LOOPBACK, str(stack.redis.port), stack.redis.password,
         kind], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"})
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_ticket_is_unique_and_the_lock_is_gone_afterwards(prod_stack: ProdStack):
    outcome = probe(prod_stack, "atomic")
    assert len(outcome["tickets"]) == 50
    assert len(set(outcome["tickets"])) == 50, sorted(outcome["tickets"])
    assert outcome["in_lock"] == 50
    assert outcome["left"] is False
