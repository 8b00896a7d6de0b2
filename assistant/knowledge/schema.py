"""The shape of one knowledge entry (a regeling, financier, programma, loket or onderwerp).

Field names are Dutch because editors write them in YAML (see ``knowledge/README.md``).
The models check types and formats; the loader checks the ids against the shared
vocabulary (thema's, sectoren, provincies) and the links between entries.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from assistant.web_links import WEB_URL_PATTERN

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A source date: a full ISO date, a year and month, a year, or "ongedateerd".
BRON_DATUM_PATTERN = r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|ongedateerd)$"
# The year a sum applies to: "2025" or a span such as "2024-2028".
JAAR_PATTERN = r"^\d{4}(?:-\d{4})?$"
URL_PATTERN = WEB_URL_PATTERN  # http(s) only: every url may end up in an href
LANDELIJK = "landelijk"
# How long facts without yearly amounts stay trusted after their peildatum.
REVIEW_MONTHS = 12


class Soort(StrEnum):
    regeling = "regeling"
    financiering = "financiering"
    fiscaal = "fiscaal"
    loket = "loket"
    programma = "programma"
    # A practical topic in our field (KVK, btw, vergunningen, ...): what to do and who
    # handles it.
    onderwerp = "onderwerp"
    # A question outside Schakel's field: we say we cannot help and name who can
    # (``vervolgstap.loket`` is required).
    buiten_veld = "buiten_veld"


# Kinds you do not "qualify" for: eligibility only checks their regio and the scan
# never lists them as regelingen.
WEGWIJZER_SOORTEN = frozenset({Soort.loket, Soort.onderwerp, Soort.buiten_veld})


class Niveau(StrEnum):
    landelijk = "landelijk"
    provinciaal = "provinciaal"
    regionaal = "regionaal"
    gemeentelijk = "gemeentelijk"
    europees = "europees"


class Status(StrEnum):
    actief = "actief"
    gesloten = "gesloten"
    onzeker = "onzeker"


class Rechtsvorm(StrEnum):
    eenmanszaak = "eenmanszaak"
    vof = "vof"
    maatschap = "maatschap"
    cv = "cv"
    bv = "bv"
    nv = "nv"
    stichting = "stichting"
    vereniging = "vereniging"
    cooperatie = "cooperatie"


def _year_as_text(value: object) -> object:
    """YAML reads ``2025`` as a number and ``2025-01-31`` as a date; both become text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    return value.isoformat() if isinstance(value, date) else value


def review_deadline(peildatum: date, has_amounts: bool) -> date:
    """The latest allowed ``controleren_voor``: 1 January after the peildatum's year for
    an entry with yearly amounts (they change with the year), otherwise 12 months after
    the peildatum (29 February becomes 28 February)."""
    if has_amounts:
        return date(peildatum.year + 1, 1, 1)
    months = peildatum.month - 1 + REVIEW_MONTHS
    year, month = peildatum.year + months // 12, months % 12 + 1
    try:
        return peildatum.replace(year=year, month=month)
    except ValueError:
        return date(year, month, 28)


def deadline_rule(peildatum: date, has_amounts: bool) -> str:
    """The review rule in Dutch, for messages to editors."""
    if has_amounts:
        return f"met bedragen is dat 1 januari na het jaar van de peildatum ({peildatum})"
    return f"zonder bedragen is dat {REVIEW_MONTHS} maanden na de peildatum ({peildatum})"


Text = Annotated[str, Field(min_length=1)]
Url = Annotated[str, Field(pattern=URL_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bereik(_Strict):
    """An inclusive range; either end may be open."""

    min: Annotated[float, Field(ge=0)] | None = None
    max: Annotated[float, Field(ge=0)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Bereik:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min mag niet groter zijn dan max")
        return self

    def contains(self, value: float) -> bool:
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Doelgroep(_Strict):
    """Machine-readable criteria. Empty lists and missing ranges mean: no limit."""

    medewerkers: Bereik | None = None
    sectoren: list[str] = []
    uitgesloten_sectoren: list[str] = []
    bedrijfsleeftijd_jaren: Bereik | None = None
    rechtsvorm: list[Rechtsvorm] = []
    uitgesloten_rechtsvorm: list[Rechtsvorm] = []
    toelichting: str = ""


class Bedrag(_Strict):
    omschrijving: Text
    jaar: Annotated[str, BeforeValidator(_year_as_text), Field(pattern=JAAR_PATTERN)]


class Bron(_Strict):
    url: Url | None = None
    titel: str | None = None
    datum: Annotated[str, BeforeValidator(_year_as_text), Field(pattern=BRON_DATUM_PATTERN)]
    toelichting: str | None = None

    @model_validator(mode="after")
    def _url_or_title(self) -> Bron:
        if not self.url and not self.titel:
            raise ValueError("geef een url of een titel van het brondocument")
        return self

    @property
    def label(self) -> str:
        return self.titel or self.url or ""


class Vervolgstap(_Strict):
    tekst: Text
    url: Url | None = None
    loket: str | None = None  # id of another entry (usually a loket)


class Entry(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    naam: Text
    afkorting: str | None = None
    synoniemen: list[Text] = []
    soort: Soort
    uitvoerder: Text
    niveau: Niveau
    regio: Annotated[list[str], Field(min_length=1)]
    themas: Annotated[list[str], Field(min_length=1)]
    status: Status = Status.actief
    status_toelichting: str | None = None
    doelgroep: Doelgroep = Doelgroep()
    samenvatting: Text
    voorwaarden: list[Text] = []
    bedragen: list[Bedrag] = []
    aanvragen: str | None = None
    vervolgstap: Vervolgstap
    bronnen: Annotated[list[Bron], Field(min_length=1)]
    peildatum: date
    # Review-by date. Optional: when left out it is derived from the peildatum (see
    # ``review_deadline``); an editor may set it earlier, never later.
    controleren_voor: Annotated[date | None, Field(validate_default=True)] = None

    @field_validator("controleren_voor")
    @classmethod
    def _review_in_time(cls, value: date | None, info: ValidationInfo) -> date | None:
        peildatum = info.data.get("peildatum")
        if peildatum is None:  # the peildatum itself is wrong; that is reported already
            return value
        has_amounts = bool(info.data.get("bedragen"))
        latest = review_deadline(peildatum, has_amounts)
        if value is None:
            return latest
        if value > latest:
            raise ValueError(
                f"{value} is te laat; verwacht uiterlijk {latest}: "
                f"{deadline_rule(peildatum, has_amounts)}"
            )
        if value <= peildatum:
            raise ValueError(
                f"{value} ligt niet na de peildatum ({peildatum}); "
                f"verwacht een datum tot en met {latest}"
            )
        return value

    @model_validator(mode="after")
    def _status_explained(self) -> Entry:
        if self.status is not Status.actief and not self.status_toelichting:
            raise ValueError(
                f"status '{self.status}' vraagt om een status_toelichting: leg uit wat er "
                "bekend is en waar de ondernemer het kan navragen"
            )
        return self

    @property
    def landelijk(self) -> bool:
        return LANDELIJK in self.regio

    @property
    def is_loket(self) -> bool:
        return self.soort is Soort.loket

    @property
    def is_wegwijzer(self) -> bool:
        """A loket, onderwerp or buiten_veld: information and a way in, not a scheme."""
        return self.soort in WEGWIJZER_SOORTEN

    @property
    def namen(self) -> list[str]:
        """Every name people may use for this entry: naam, afkorting and synoniemen."""
        names = [self.naam, *([self.afkorting] if self.afkorting else []), *self.synoniemen]
        return list(dict.fromkeys(names))

    @property
    def label(self) -> str:
        """Short name for reasons and messages: the afkorting when there is one."""
        return self.afkorting or self.naam

    @property
    def review_date(self) -> date:
        """``controleren_voor``, always set after validation."""
        return self.controleren_voor or review_deadline(self.peildatum, bool(self.bedragen))

    def past_review(self, today: date | None = None) -> bool:
        """True from the review-by date on: the facts must be checked again."""
        return (today or date.today()) >= self.review_date

    @property
    def is_stale(self) -> bool:
        """``past_review`` for today."""
        return self.past_review()


def field_name(loc: tuple[object, ...]) -> str:
    """Pydantic's error location as an editor reads it: ``bronnen[0].url``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def known_fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def is_valid_id(value: str) -> bool:
    return re.fullmatch(ID_PATTERN, value) is not None
