"""A small smoke run of the benchmark driver against the running stack (not a benchmark:
it checks that the driver works and the stack answers every message)."""

from __future__ import annotations

import pytest

from scripts.bench import SCHAKEL_CONVERSATIONS, drive, memory, print_table
from tests.aio import run_async

pytestmark = pytest.mark.stack


def test_bench_driver_smoke(stack, capsys):
    url = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    result = run_async(drive(url, SCHAKEL_CONVERSATIONS, concurrency=2, seconds=3))
    assert result.errors == 0
    assert len(result.latencies_ms) > 0
    print_table("smoke", [result])
    assert "msg/s" in capsys.readouterr().out
    assert all(mb > 0 for mb in memory(stack.services).values())
    # nginx spreads the messages over every Rasa server (its log names the upstream)
    access = (stack.settings.data_dir / "logs" / "nginx-access.log").read_text()
    assert all(f"127.0.0.1:{port}" in access for port in stack.rasa_ports), stack.rasa_ports
