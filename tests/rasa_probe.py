"""Running a probe from ``tests/rasa_env/`` in the Rasa environment and reading the JSON
it prints last (Rasa and the app cannot share one Python environment)."""

from __future__ import annotations

import json
import subprocess

import pytest

from assistant.settings import REPO_ROOT

RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
PROBES = REPO_ROOT / "tests" / "rasa_env"
ENV = {"PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"}


def run_probe(name: str, *args: str, env: dict[str, str] | None = None,
              timeout: float = 300) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("De Rasa-omgeving ontbreekt: draai de tests met 'make test'.")
    result = subprocess.run([str(RASA_PYTHON), str(PROBES / name), *args],
                            capture_output=True, text=True, timeout=timeout, cwd=REPO_ROOT,
                            env=ENV if env is None else env)
    assert result.returncode == 0, result.stderr[-3000:]
    output = result.stdout.strip()
    return json.loads(output.splitlines()[-1]) if output else {}
