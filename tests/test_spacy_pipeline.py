"""The spaCy component in the Rasa environment: real model when installed, otherwise
the blank Dutch fallback with lookup lemmas and one clear warning."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from assistant.settings import REPO_ROOT

RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
PROBE = REPO_ROOT / "tests" / "rasa_env" / "spacy_pipeline_probe.py"


def run_probe(*args: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("De Rasa-omgeving ontbreekt: draai de tests met 'make test'.")
    result = subprocess.run(
        [str(RASA_PYTHON), str(PROBE), *args],
        capture_output=True, text=True, timeout=300, cwd=REPO_ROOT,
        env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1]) if result.stdout.strip() else {}


def test_missing_model_falls_back_to_blank_dutch_with_lemmas():
    report = run_probe("nl_model_dat_niet_bestaat")
    pipeline = report["pipeline"]
    assert pipeline["terugval"] is True
    assert pipeline["actief"] == "spacy.blank('nl')"
    assert pipeline["taal"] == "nl"
    assert "lemmatizer" in pipeline["componenten"]
    assert "zoeken" in report["lemmas"]  # "zochten"
    assert "aanvragen" in report["lemmas"]  # "aangevraagd"
    assert len(report["warnings"]) == 1
    assert "spacy.blank('nl')" in report["warnings"][0]


def test_installed_pipeline_is_used_without_warning(tmp_path: Path):
    saved = tmp_path / "small_nl"
    run_probe("--save-small", str(saved))
    report = run_probe(str(saved))
    pipeline = report["pipeline"]
    assert pipeline["terugval"] is False
    assert pipeline["actief"] == str(saved)
    assert pipeline["model_versie"] == "0.0.1"
    assert "sentencizer" in pipeline["componenten"]
    assert report["warnings"] == []
