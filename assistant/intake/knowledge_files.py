"""Reads the knowledge files the intake needs (read once, cached per path)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.settings import get_settings


def knowledge_file(name: str, knowledge_dir: Path | None = None) -> Path:
    return (knowledge_dir or get_settings().knowledge_dir) / name


@lru_cache
def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache
def read_csv(path: Path) -> tuple[dict[str, str], ...]:
    """Rows of a CSV file with a header line; lines starting with '#' are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))


def provincies(knowledge_dir: Path | None = None) -> dict[str, str]:
    """Provincie id → name, from provincies.yml."""
    data = read_yaml(knowledge_file("provincies.yml", knowledge_dir))
    return {entry["id"]: entry["naam"] for entry in data["provincies"]}
