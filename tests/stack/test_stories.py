"""Conversation tests: the Rasa test stories in tests/stories/ against the trained model.

`rasa test core` runs every story turn by turn and fails on any wrong intent or action.
The action server of the running stack is the action endpoint; the tracker store is in
memory so the stories never touch the stack's conversations.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT

pytestmark = pytest.mark.stack

RASA = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
STORIES = REPO_ROOT / "tests" / "stories"
TIMEOUT = 900  # seconds: loading the model and TensorFlow alone takes a while


def write_endpoints(path: Path, action_server_url: str) -> Path:
    path.write_text(
        "action_endpoint:\n"
        f'  url: "{action_server_url}/webhook"\n'
        "tracker_store:\n"
        "  type: InMemoryTrackerStore\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.timeout(TIMEOUT + 300)  # plus starting the stack
def test_all_stories_pass(stack, tmp_path: Path):
    if not RASA.exists():
        pytest.fail("De Rasa-omgeving ontbreekt: draai de tests met 'make test'.")
    endpoints = write_endpoints(tmp_path / "endpoints.yml", stack.settings.action_server_url)
    out = tmp_path / "results"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "PYTHONPATH": str(REPO_ROOT),  # the custom spaCy component in components/
        "RASA_TELEMETRY_ENABLED": "false",
    }
    result = subprocess.run(
        [
            str(RASA), "test", "core",
            "--stories", str(STORIES),
            "--model", str(stack.settings.rasa_model),
            "--endpoints", str(endpoints),
            "--fail-on-prediction-errors",
            "--out", str(out),
        ],
        capture_output=True, text=True, timeout=TIMEOUT, cwd=REPO_ROOT, env=env,
    )
    failed = out / "failed_test_stories.yml"
    report = failed.read_text(encoding="utf-8") if failed.exists() else "(geen bestand)"
    assert result.returncode == 0, (
        f"rasa test core faalde (exit {result.returncode}).\n"
        f"--- {failed.name} ---\n{report}\n"
        f"--- stderr (einde) ---\n{result.stderr[-4000:]}"
    )
