"""rasa_ext.action_calls: the domain goes to the action server once, the answers stay the
same, and an action server that lost it gets it again (run in the Rasa environment
against two real action servers)."""

from __future__ import annotations

import time

import pytest

from scripts.services import Service, free_port, start_and_wait
from scripts.stack import action_server_command
from tests.rasa_probe import run_probe


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> dict[str, bool]:
    folder = tmp_path_factory.mktemp("action-calls")
    ports = [free_port(), free_port()]
    servers = [Service(f"actieserver-{port}", action_server_command(port),
                       f"http://127.0.0.1:{port}/health", {"SCHAKEL_DATA_DIR": str(folder)})
               for port in ports]
    try:
        start_and_wait(servers, folder, time.monotonic() + 120)
        return run_probe("action_calls_probe.py",
                         *(f"http://127.0.0.1:{port}/webhook" for port in ports))
    finally:
        for server in servers:
            server.stop()


@pytest.mark.parametrize("check", [
    "answer_depends_on_domain",
    "same_answers",
    "no_failure_message",
    "domain_sent_once",
    "domain_sent_again_when_asked",
    "one_session_kept",
    "ujson_same_json",
    "odd_values_as_json_does",
    "unencodable_raises_as_json_does",
])
def test_action_calls(checks, check):
    assert checks[check] is True, checks
