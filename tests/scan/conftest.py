"""Fixtures for the scan tests: the real definition, and a copy of the scan files to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.scan.definition import ScanDefinition, read_definition
from assistant.settings import REPO_ROOT

KNOWLEDGE = REPO_ROOT / "knowledge"


@pytest.fixture(scope="session")
def definition() -> ScanDefinition:
    return read_definition(KNOWLEDGE)


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A knowledge folder with a copy of the real scan files and themas.yml."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE / "scan", target / "scan")
    shutil.copy(KNOWLEDGE / "themas.yml", target / "themas.yml")
    return target


@pytest.fixture
def edit_yaml(knowledge_copy: Path) -> Callable[[str, Callable[[Any], None]], None]:
    """``edit_yaml("scan/themas/financien.yml", change)``: load, change in place, save."""

    def edit(relative: str, change: Callable[[Any], None]) -> None:
        path = knowledge_copy / relative
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")

    return edit
