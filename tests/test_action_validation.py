"""rasa_ext.action_validation: the action server's answers are checked with a validator
built once, with the same outcome as Rasa's own check (run in the Rasa environment)."""

from __future__ import annotations

import json
import subprocess

from assistant.settings import REPO_ROOT

RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
PROBE = REPO_ROOT / "tests" / "rasa_env" / "action_validation_probe.py"


def test_same_outcome_as_rasas_own_check():
    result = subprocess.run([str(RASA_PYTHON), str(PROBE)], capture_output=True, text=True,
                            timeout=300, cwd=REPO_ROOT,
                            env={"PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["installed"] is True
    assert found["schakel"] == found["rasa"]
    assert found["schakel"]["valid"] is True
    assert all(found["schakel"][name] == "fout: uitleg" for name in
               ("events_not_a_list", "unknown_event", "responses_not_objects"))
