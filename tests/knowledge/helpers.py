"""Building small knowledge directories for tests: the real vocabulary plus entries."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

REPO_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
VOCAB_FILES = ("themas.yml", "provincies.yml", "sectoren.yml")


def entry_data(entry_id: str = "test-regeling", **overrides: Any) -> dict[str, Any]:
    """A valid entry as an editor would write it."""
    data: dict[str, Any] = {
        "id": entry_id,
        "naam": "Testregeling voor innovatie",
        "afkorting": "TR",
        "synoniemen": ["proefregeling"],
        "soort": "regeling",
        "uitvoerder": "RVO",
        "niveau": "landelijk",
        "regio": ["landelijk"],
        "themas": ["innovatie"],
        "doelgroep": {"medewerkers": {"max": 249}, "toelichting": "Mkb-bedrijven."},
        "samenvatting": "Een regeling om te testen.",
        "voorwaarden": ["Je bedrijf is mkb."],
        "bedragen": [{"omschrijving": "Hooguit € 1.000.", "jaar": 2025}],
        "aanvragen": "Bij RVO.",
        "vervolgstap": {"tekst": "Vraag het aan bij RVO.", "url": "https://www.rvo.nl/"},
        "bronnen": [{"url": "https://www.rvo.nl/", "datum": "2025-01-31"}],
        "peildatum": "2025-01-31",
    }
    data.update(overrides)
    return data


def write_entry(knowledge_dir: Path, data: dict[str, Any], folder: str = "regelingen") -> Path:
    path = knowledge_dir / folder / f"{data['id']}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def make_knowledge_dir(root: Path, *entries: dict[str, Any]) -> Path:
    """A knowledge directory with the shared vocabulary and the given regelingen."""
    knowledge_dir = root / "knowledge"
    knowledge_dir.mkdir(parents=True, exist_ok=True)
    for name in VOCAB_FILES:
        shutil.copy(REPO_KNOWLEDGE / name, knowledge_dir / name)
    for data in entries or (entry_data(),):
        folder = "loketten" if data.get("soort") == "loket" else "regelingen"
        write_entry(knowledge_dir, data, folder)
    return knowledge_dir


def copy_real_knowledge(root: Path) -> Path:
    """A copy of the real knowledge directory (entries and vocabulary)."""
    target = root / "knowledge"
    shutil.copytree(REPO_KNOWLEDGE, target, ignore=shutil.ignore_patterns("scan", "*.csv"))
    return target
