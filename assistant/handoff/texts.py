"""The Dutch texts of the overdracht, read from ``teksten.yml`` (not from Python)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TEXTS_PATH = Path(__file__).with_name("teksten.yml")
TEMPLATES_PATH = Path(__file__).with_name("antwoordsjablonen.yml")


@lru_cache
def load_texts(path: Path = TEXTS_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must hold a mapping of texts")
    return data


def text(*keys: str, **params: Any) -> str:
    """The text at ``keys`` (e.g. ``text("systeem", "geclaimd", naam="Anne")``)."""
    node: Any = load_texts()
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            raise KeyError(f"no text {'.'.join(keys)} in {TEXTS_PATH.name}")
        node = node[key]
    if not isinstance(node, str):
        raise KeyError(f"{'.'.join(keys)} in {TEXTS_PATH.name} is not a text")
    return node.format(**params)


def dutch_date(day: date) -> str:
    """``date(2026, 4, 28)`` → ``"dinsdag 28 april"``."""
    texts = load_texts()
    return f"{texts['dagen'][day.weekday()]} {day.day} {texts['maanden'][day.month - 1]}"


def canned_replies(path: Path = TEMPLATES_PATH) -> list[dict[str, str]]:
    """The advisers' standard replies: ``[{"titel", "tekst"}]`` (read on every call, so
    a beheerder's change counts without a restart)."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return [{"titel": str(item["titel"]), "tekst": str(item["tekst"]).strip()}
            for item in data.get("antwoordsjablonen", [])]
