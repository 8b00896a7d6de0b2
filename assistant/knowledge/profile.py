"""The company profile the eligibility check works with.

Every field is optional: a missing fact makes a verdict ``misschien`` with the question
that would decide it. ``provincie`` may be left out when ``gemeente`` is known.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from assistant.knowledge.schema import Rechtsvorm


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    medewerkers: Annotated[int, Field(ge=0, le=1_000_000)] | None = Field(
        None, description="Aantal mensen dat in het bedrijf werkt (0 voor een zzp'er)."
    )
    sector: str | None = Field(None, description="Sector-id uit knowledge/sectoren.yml.")
    provincie: str | None = Field(None, description="Provincie-id uit knowledge/provincies.yml.")
    gemeente: str | None = Field(None, max_length=100, description="Gemeente van het bedrijf.")
    bedrijfsleeftijd_jaren: Annotated[float, Field(ge=0, le=1000)] | None = Field(
        None, description="Hoe lang het bedrijf bestaat, in jaren."
    )
    rechtsvorm: Rechtsvorm | None = None
    themas: list[str] = Field(
        default_factory=list, max_length=20, description="Thema-ids van de plannen of vragen."
    )

    def with_provincie(self, provincie: str | None) -> Profile:
        return self.model_copy(update={"provincie": provincie})


def provincie_of_gemeente(gemeente: str) -> str | None:
    """The provincie id of a gemeente name, or None when the name is not certain."""
    from assistant.intake import lookup_gemeente  # lazily: reads the gemeenten list

    try:
        result = lookup_gemeente(gemeente)
    except (OSError, ValueError, KeyError):
        return None
    if not result.ok or not getattr(result, "certain", False):
        return None
    return result.value.provincie


_RECHTSVORM_WORDS = {
    "eenmanszaak": "eenmanszaak", "eenmanszaakje": "eenmanszaak", "zzp": "eenmanszaak",
    "zzper": "eenmanszaak", "zzpers": "eenmanszaak", "vof": "vof", "maatschap": "maatschap",
    "cv": "cv", "bv": "bv", "nv": "nv", "stichting": "stichting", "vereniging": "vereniging",
    "cooperatie": "cooperatie",
}


def rechtsvorm_in(text: str) -> str | None:
    """The rechtsvorm a message names ("ik heb een eenmanszaak in de bouw" → eenmanszaak),
    when it names exactly one."""
    from assistant.knowledge.text import words

    found = {_RECHTSVORM_WORDS[word] for word in words(text) if word in _RECHTSVORM_WORDS}
    return found.pop() if len(found) == 1 else None
