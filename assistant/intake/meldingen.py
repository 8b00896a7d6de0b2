"""Loads the Dutch texts of the intake from ``meldingen.yml`` (lazily, once).

Sections: ``meldingen`` (error messages), ``weergave`` (how values are shown) and
``labels`` (field names in the summary)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

MELDINGEN_FILE = Path(__file__).with_name("meldingen.yml")


@lru_cache
def load_texts() -> dict[str, dict[str, str]]:
    with MELDINGEN_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {section: dict(texts) for section, texts in data.items()}


def _render(section: str, code: str, values: dict[str, object]) -> str:
    try:
        template = load_texts()[section][code]
    except KeyError:
        raise KeyError(f"Tekst '{code}' ontbreekt in {MELDINGEN_FILE.name} ({section})") from None
    return template.format(**values)


def melding(code: str, **values: object) -> str:
    """The message for an error code, with its ``{placeholders}`` filled."""
    return _render("meldingen", code, values)


def weergave(code: str, **values: object) -> str:
    """A display text (how a valid value is shown to the ondernemer)."""
    return _render("weergave", code, values)
