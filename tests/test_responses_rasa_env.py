"""Every response renders through Rasa's NLG without a placeholder error, and button
payloads reach the channel as Rasa parses them (run in the Rasa environment)."""

from __future__ import annotations

import json
import subprocess

from assistant.settings import REPO_ROOT

RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
PROBE = REPO_ROOT / "tests" / "rasa_env" / "responses_probe.py"


def test_every_response_renders_cleanly():
    result = subprocess.run([str(RASA_PYTHON), str(PROBE)], capture_output=True, text=True,
                            timeout=300, cwd=REPO_ROOT,
                            env={"PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["responses"] > 50
    assert found["failed"] == []
    assert '/feedback{"feedback_score": 5}' in found["payloads"]
    assert not any("{{" in payload for payload in found["payloads"])
