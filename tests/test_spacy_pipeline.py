"""The spaCy component in the Rasa environment: real model when installed, otherwise
the blank Dutch fallback with lookup lemmas and one clear warning."""

from __future__ import annotations

from pathlib import Path

from tests.rasa_probe import run_probe


def spacy_probe(*args: str) -> dict:
    return run_probe("spacy_pipeline_probe.py", *args,
                     env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"})


def test_missing_model_falls_back_to_blank_dutch_with_lemmas():
    report = spacy_probe("nl_model_dat_niet_bestaat")
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
    spacy_probe("--save-small", str(saved))
    report = spacy_probe(str(saved))
    pipeline = report["pipeline"]
    assert pipeline["terugval"] is False
    assert pipeline["actief"] == str(saved)
    assert pipeline["model_versie"] == "0.0.1"
    assert "sentencizer" in pipeline["componenten"]
    assert report["warnings"] == []
