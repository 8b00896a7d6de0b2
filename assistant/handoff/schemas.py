"""Shapes of the overdracht API, shared by the service, the routes and the client."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from assistant.handoff.expectation import render
from assistant.handoff.models import Kanaal, Overdracht, Reden, Status, Uitkomst, Urgentie

Tekst = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]


class TranscriptRegel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    van: Literal["ondernemer", "bot", "adviseur"]
    tekst: Annotated[str, StringConstraints(max_length=4000)]
    tijd: AwareDatetime


class OverdrachtIn(BaseModel):
    """What the action server sends when the bot hands a conversation over."""

    model_config = ConfigDict(extra="forbid")

    kanaal: Kanaal
    conversation_id: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    reden: Reden
    # Left out: "hoog" for sensitive situations, otherwise "normaal".
    urgentie: Urgentie | None = None
    thema: Code | None = Field(None, description="id uit knowledge/themas.yml")
    regio: Code | None = Field(None, description="provincie-id uit knowledge/provincies.yml")
    contactvoorkeur: Literal["email", "telefoon", "chat"] | None = Field(
        None, description="zoals bij de intake: email, telefoon of chat"
    )
    intake_referentie: Annotated[str, StringConstraints(max_length=40)] | None = None
    intake: dict[str, Any] | None = Field(None, description="momentopname van de intake")
    scan: dict[str, Any] | None = Field(None, description="samenvatting van de bedrijfsscan")
    transcript: list[TranscriptRegel] = Field(default_factory=list, max_length=1000)
    # The ondernemer's consent (AVG): to which version of the text, and when (left out:
    # the moment the API stores the overdracht).
    toestemming_tekstversie: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    toestemming_op: AwareDatetime | None = None

    def fingerprint(self) -> str:
        """A stable hash of the content, to recognise a replay of the same request."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Verwachting(BaseModel):
    """What the ondernemer is told: a code for the bot, its parameters and the text."""

    code: Literal["live_overname", "contact_binnen_werkdagen", "contact_gevraagd"]
    params: dict[str, Any]
    tekst: str


class OverdrachtAangemaakt(BaseModel):
    id: int
    referentie: str
    status: Status
    verwachting: Verwachting
    aangemaakt_op: datetime


class Medewerker(BaseModel):
    id: int | None
    naam: str


class BerichtUit(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    van: str
    tekst: str
    tijd: datetime
    afgeleverd: bool


class OverdrachtSamenvatting(BaseModel):
    """One row of the queue."""

    id: int
    referentie: str
    status: Status
    kanaal: Kanaal
    reden: Reden
    urgentie: Urgentie
    thema: str | None
    regio: str | None
    contactvoorkeur: str | None
    aangemaakt_op: datetime
    geclaimd_door: Medewerker | None
    geclaimd_op: datetime | None
    terugval_op: datetime | None = Field(
        None, description="niemand claimde op tijd: de ondernemer kreeg terugbellen aangeboden")
    teruggezet_op: datetime | None = Field(
        None, description="de adviseur zweeg te lang: terug naar Schakel en de wachtrij")

    @classmethod
    def from_model(cls, overdracht: Overdracht) -> Self:
        derived = cls._derived(overdracht)
        plain = {name: getattr(overdracht, name) for name in cls.model_fields.keys() - derived}
        return cls.model_validate(plain | derived, from_attributes=True)

    @classmethod
    def _derived(cls, overdracht: Overdracht) -> dict[str, Any]:
        """Fields that are not plain columns of the model."""
        naam = overdracht.geclaimd_door_naam
        claimant = None if naam is None else Medewerker(id=overdracht.geclaimd_door_id, naam=naam)
        return {"geclaimd_door": claimant}


class OverdrachtDetail(OverdrachtSamenvatting):
    """One overdracht with everything the adviser needs."""

    conversation_id: str
    intake_referentie: str | None
    intake: dict[str, Any] | None
    contact_email: str | None = Field(None, description="gegeven tijdens het wachten")
    contact_telefoon: str | None = Field(None, description="gegeven tijdens het wachten")
    scan: dict[str, Any] | None
    transcript: list[dict[str, Any]]
    verwachting: Verwachting
    eerste_reactie_op: datetime | None
    gesloten_op: datetime | None
    uitkomst: Uitkomst | None
    doorverwezen_naar: str | None
    notitie: str | None
    berichten: list[BerichtUit]

    @classmethod
    def _derived(cls, overdracht: Overdracht) -> dict[str, Any]:
        return super()._derived(overdracht) | {"verwachting": verwachting_of(overdracht)}


def verwachting_of(overdracht: Overdracht) -> Verwachting:
    """The stored expectation of an overdracht, with its text rendered."""
    stored = overdracht.verwachting
    return Verwachting.model_validate(asdict(render(stored["code"], stored["params"])))


class BerichtIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tekst: Tekst


class SluitenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    uitkomst: Uitkomst
    doorverwezen_naar: Annotated[str, StringConstraints(max_length=200)] | None = None
    notitie: Annotated[str, StringConstraints(max_length=4000)] | None = None


class AdviseurBericht(BaseModel):
    """An adviser's message as the ondernemer's chat page shows it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    tekst: str
    tijd: datetime


class GesprekBerichten(BaseModel):
    """For the chat page of a channel without push (REST): is an overdracht open, is an
    adviser in the conversation now, and their messages since the last poll."""

    open: bool
    overgenomen: bool
    adviseur: str | None = Field(None, description="voornaam van de adviseur")
    berichten: list[AdviseurBericht]
