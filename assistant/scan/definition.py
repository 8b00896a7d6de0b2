"""The scan definition as data: the schema of ``knowledge/scan/`` and a cached loader.

Files (editors' guide: ``knowledge/scan/README.md``):

- ``scan.yml``: version, theme order, score bands, thresholds, texts, the five directions
  and the ordered direction rules;
- ``antwoorden.yml``: answer sets and the words that recognise answers in free text;
- ``organisaties.yml``: organisations an aandachtspunt can name;
- ``themas/<id>.yml``: one theme: questions, summary per band, strength, aandachtspunten.

``read_definition`` validates all of it and raises ``ScanDefinitionError`` listing every
problem as "file, field: what is wrong and what is expected". ``load_definition`` caches
the result and reloads when a file changed (the modification times are checked at most
once per second); a broken change is refused and the last good definition stays in use.
"""

from __future__ import annotations

import json
import logging
import string
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, Union

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from assistant.dutch_errors import dutch_message, show
from assistant.reloading import ReloadingCache
from assistant.settings import get_settings

log = logging.getLogger(__name__)

SCAN_DIR = "scan"
WEET_NIET = "weet_niet"
RICHTINGEN = ("groeien", "versnellen", "vernieuwen", "hervormen", "stoppen")
CHECK_INTERVAL = 1.0  # seconds: how often the files' modification times are looked at
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_]*$"
URL_PATTERN = r"^https://\S+$"


def _number_as_text(value: Any) -> Any:
    """YAML reads ``waarde: 3`` as a number; answer values are text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=40)]
Waarde = Annotated[Slug, BeforeValidator(_number_as_text)]
Tekst = Annotated[
    str,
    BeforeValidator(_number_as_text),
    StringConstraints(strip_whitespace=True, min_length=1, max_length=600),
]
Score = Annotated[int, Field(ge=1, le=5)]
Signaal = Literal["ja", "nee", "deels"]
RichtingId = Literal["groeien", "versnellen", "vernieuwen", "hervormen", "stoppen"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ------------------------------------------------------------------ answers, questions


class Option(_Model):
    """One answer option: a button with a title, a value and a score (or none)."""

    waarde: Waarde
    titel: Tekst
    score: Score | None = None
    signaal: Signaal | None = None
    getal: int | None = Field(default=None, ge=1, le=5)
    trefwoorden: tuple[Tekst, ...] = ()
    gevoelig: bool = False


class _Range(_Model):
    """``min`` and/or ``max``, inclusive; subclasses set the kind of number."""

    what: ClassVar[str] = ""
    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _a_bound(self) -> _Range:
        if self.min is None and self.max is None:
            raise ValueError(f"geef 'min', 'max' of allebei ({self.what})")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is groter dan 'max'")
        return self

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)


class Aantal(_Range):
    """A range of numbers of people."""

    what: ClassVar[str] = "een aantal mensen"
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=0)


class Prefill(_Model):
    """An answer the intake already gives: "werkt alleen (1 medewerker)" → "geen personeel"."""

    medewerkers: Aantal
    antwoord: Waarde

    def applies(self, medewerkers: float | None) -> bool:
        return self.medewerkers.holds(medewerkers)


class Question(_Model):
    id: Slug
    tekst: Tekst
    waarom: Tekst
    antwoorden: Slug | None = None  # an answer set from antwoorden.yml ...
    opties: tuple[Option, ...] = ()  # ... or options of its own
    extra: tuple[Option, ...] = ()  # appended to the answer set
    scores: dict[Waarde, Score | None] = {}
    gevoelig: tuple[Waarde, ...] = ()
    gewicht: float = Field(default=1.0, gt=0, le=10)
    vooraf: tuple[Prefill, ...] = ()  # answers known from the intake: not asked

    @model_validator(mode="after")
    def _set_or_options(self) -> Question:
        if self.antwoorden and self.opties:
            raise ValueError("geef 'antwoorden' (een antwoordset) of 'opties', niet allebei")
        if not self.antwoorden and not self.opties:
            raise ValueError("geef 'antwoorden' (een antwoordset uit antwoorden.yml) of 'opties'")
        return self

    def option(self, waarde: str) -> Option | None:
        return next((option for option in self.opties if option.waarde == waarde), None)

    @property
    def scored(self) -> bool:
        return any(option.score is not None for option in self.opties)

    @property
    def numbered(self) -> bool:
        """True when the options are a 1–5 scale ("geef een cijfer")."""
        return any(option.getal is not None for option in self.opties)


# -------------------------------------------------------------------------- conditions


class Bounds(_Range):
    """A range of scores (1 to 5)."""

    what: ClassVar[str] = "een score van 1 tot 5"
    min: float | None = Field(default=None, ge=1, le=5)
    max: float | None = Field(default=None, ge=1, le=5)


class AnswerCondition(_Model):
    """The answer to ``vraag`` is one of ``antwoord``."""

    vraag: Slug
    antwoord: tuple[Waarde, ...] = Field(min_length=1)


class ThemeCondition(Bounds):
    """The score of ``thema`` lies between ``min`` and ``max`` (no score: false)."""

    thema: Slug


class AverageCondition(_Model):
    """The average of the theme scores lies within ``gemiddelde`` (no scores: false)."""

    gemiddelde: Bounds


CONDITION_KEYS = ("vraag", "thema", "gemiddelde")


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return next((key for key in CONDITION_KEYS if key in value), None)
    kinds = {AnswerCondition: "vraag", ThemeCondition: "thema", AverageCondition: "gemiddelde"}
    return kinds.get(type(value))


Condition = Annotated[
    Union[  # noqa: UP007  (a tagged union needs the Union form)
        Annotated[AnswerCondition, Tag("vraag")],
        Annotated[ThemeCondition, Tag("thema")],
        Annotated[AverageCondition, Tag("gemiddelde")],
    ],
    Discriminator(
        _condition_kind,
        custom_error_type="voorwaarde",
        custom_error_message="verwacht een voorwaarde met 'vraag', 'thema' of 'gemiddelde'",
    ),
]


# ----------------------------------------------------------------------------- themes


class Aandachtspunt(_Model):
    id: Slug
    titel: Tekst
    uitleg: Tekst
    # Without 'als' the point follows from the theme score. When only the kernvraag was
    # answered (the quick scan), this explanation is used: it says nothing about questions
    # that were not asked.
    uitleg_kern: Tekst | None = None
    stappen: tuple[Tekst, ...] = Field(min_length=1)
    als: tuple[Condition, ...] = ()  # empty: the theme's score is below aandacht_onder
    prioriteit: int = Field(default=2, ge=1, le=9)  # 1 goes before everything
    thema_ids: tuple[Slug, ...] = ()  # empty: the theme's thema_ids
    organisaties: tuple[Slug, ...] = ()


class KernTeksten(_Model):
    """A theme's summary per band and strength that speak only about the kernvraag."""

    samenvatting: dict[Slug, Tekst]
    sterkte: Tekst


class Theme(_Model):
    id: Slug
    naam: Tekst
    intro: Tekst
    # Words that name this theme in free text ("geld" → financiën): to start with it, or
    # to change an earlier answer ("bij digitalisering bedoelde ik nee").
    trefwoorden: tuple[Tekst, ...] = ()
    thema_ids: tuple[Slug, ...] = Field(min_length=1)
    vragen: tuple[Question, ...] = Field(min_length=1)
    samenvatting: dict[Slug, Tekst]
    sterkte: Tekst
    # The texts when only the kernvraag was answered (the quick scan): about that question
    # only. Required when the theme has more than one question with a score.
    kern: KernTeksten | None = None
    aandachtspunten: tuple[Aandachtspunt, ...] = ()

    @property
    def kernvraag(self) -> Question:
        """The first question: the one the quick scan asks."""
        return self.vragen[0]


# ---------------------------------------------------------------------------- scan.yml


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _check_placeholders(text: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    unknown = sorted(_placeholders(text) - set(allowed))
    if unknown:
        raise ValueError(
            f"onbekende invulplek {{{unknown[0]}}}; toegestaan: "
            + ", ".join(f"{{{name}}}" for name in allowed)
        )
    return text


class Band(_Model):
    id: Slug
    naam: Tekst
    tot: float | None = Field(default=None, gt=1, le=5)


class Drempels(_Model):
    sterk_vanaf: float = Field(ge=1, le=5)
    aandacht_onder: float = Field(ge=1, le=5)
    max_sterktes: int = Field(ge=0, le=9)
    max_aandachtspunten: int = Field(ge=0, le=9)
    max_regelingen: int = Field(ge=0, le=20)
    min_themas_voor_richting: int = Field(ge=1, le=20)
    vergelijking_marge: float = Field(ge=0, le=2)


class GeenScoreTeksten(_Model):
    overgeslagen: Tekst
    weet_niet: Tekst
    niet_van_toepassing: Tekst
    niet_gevraagd: Tekst


class VergelijkingTeksten(_Model):
    beter: Tekst
    slechter: Tekst
    gelijk: Tekst
    nieuw: Tekst
    geen_score: Tekst
    onbekend: Tekst
    richting_gelijk: Tekst
    richting_anders: Tekst

    @field_validator("richting_gelijk", "richting_anders")
    @classmethod
    def _direction_names(cls, text: str) -> str:
        return _check_placeholders(text, ("vorige", "nu"))


PROGRESS_FIELDS = ("nummer", "totaal", "thema", "thema_nummer", "thema_totaal")

# The placeholders each chat fragment may use.
CHAT_FIELDS = {
    "score_regel": ("thema", "score", "uitleg"),
    "score_regel_geen": ("thema", "uitleg"),
    "sterkte_regel": ("thema", "tekst"),
    "eerste_stap": ("stap",),
    "regelingen": ("namen",),
    "organisaties": ("namen",),
    "vergelijking_regel": ("thema", "vorige", "nu", "trend"),
    "vergelijking_regel_geen": ("thema", "trend"),
    "bevestig": ("antwoord",),
    "bevestig_andere_vraag": ("vraag", "antwoord"),
}
TrendId = Literal["beter", "slechter", "gelijk", "nieuw", "geen_score", "onbekend"]


class ChatTeksten(_Model):
    """Fragments the chat puts together: result lines, the vervolgscan, explanations."""

    score_regel: Tekst
    score_regel_geen: Tekst
    sterkte_regel: Tekst
    eerste_stap: Tekst
    regelingen: Tekst
    organisaties: Tekst
    vergelijking_regel: Tekst
    vergelijking_regel_geen: Tekst
    trend_kort: dict[TrendId, Tekst]
    soort: dict[Literal["kort", "volledig"], Tekst]
    of: Tekst
    knop_geen_voorkeur: Tekst
    waarom_urgentie: Tekst
    waarom_modus: Tekst
    waarom_toestemming: Tekst
    # The short check when a free-text answer does not clearly map to one option.
    bevestig: Tekst  # {antwoord}
    bevestig_andere_vraag: Tekst  # {vraag}, {antwoord}: the text answers another question
    knop_bevestig_ja: Tekst
    knop_bevestig_nee: Tekst
    bevestig_nee: Tekst  # after "no": the question comes again with its buttons

    @field_validator(*CHAT_FIELDS)
    @classmethod
    def _known_fields(cls, text: str, info: Any) -> str:
        return _check_placeholders(text, CHAT_FIELDS[info.field_name])

    @field_validator("trend_kort")
    @classmethod
    def _every_trend(cls, texts: dict[str, str]) -> dict[str, str]:
        missing = [t for t in ("beter", "slechter", "gelijk", "nieuw", "geen_score", "onbekend")
                   if t not in texts]
        if missing:
            raise ValueError("ontbreekt: " + ", ".join(missing))
        return texts

    @field_validator("soort")
    @classmethod
    def _both_modes(cls, texts: dict[str, str]) -> dict[str, str]:
        if set(texts) != {"kort", "volledig"}:
            raise ValueError("verwacht een tekst voor 'kort' en voor 'volledig'")
        return texts


class DeelsTeksten(_Model):
    """Texts for a theme where some questions with a score were not answered (and the
    kernvraag neither): they name the band, never what was not asked."""

    samenvatting: Tekst  # may contain {band}
    sterkte: Tekst
    aandachtspunt: Tekst

    @field_validator("samenvatting")
    @classmethod
    def _band_only(cls, text: str) -> str:
        return _check_placeholders(text, ("band",))


class Teksten(_Model):
    voortgang: Tekst
    deels_beantwoord: DeelsTeksten
    geen_score: GeenScoreTeksten
    geen_sterktes: Tekst
    geen_aandachtspunten: Tekst
    weinig_antwoorden: Tekst
    richting_onbekend: Tekst
    korte_scan: Tekst
    vergelijking: VergelijkingTeksten
    chat: ChatTeksten
    maanden: tuple[Tekst, ...] = Field(min_length=12, max_length=12)

    @field_validator("voortgang")
    @classmethod
    def _progress_fields(cls, text: str) -> str:
        return _check_placeholders(text, PROGRESS_FIELDS)


class RichtingDef(_Model):
    id: RichtingId
    naam: Tekst
    uitleg: Tekst


class Regel(_Model):
    richting: RichtingId
    reden: Tekst
    als: tuple[Condition, ...] = ()


class ScanFile(_Model):
    versie: Annotated[Tekst, StringConstraints(max_length=40)]
    naam: Tekst
    knop_intent: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    themas: tuple[Slug, ...] = Field(min_length=1)
    banden: tuple[Band, ...] = Field(min_length=2)
    drempels: Drempels
    teksten: Teksten
    richtingen: tuple[RichtingDef, ...]
    regels: tuple[Regel, ...] = Field(min_length=1)


# ---------------------------------------------------------------- the other two files


CommandId = Literal[
    "waarom", "overslaan", "thema_overslaan", "pauze", "stoppen", "opnieuw", "verder", "vorige",
    "wijzigen", "wijzigen_zwak",
]


class WeetNiet(_Model):
    titel: Tekst
    zinnen: tuple[Tekst, ...] = Field(min_length=1)


class AnswersFile(_Model):
    weet_niet: WeetNiet
    ontkenning: tuple[Tekst, ...] = ()
    signalen: dict[Signaal, tuple[Tekst, ...]] = {}  # order = precedence
    emoji: dict[
        Annotated[str, StringConstraints(min_length=1, max_length=16)],
        Literal["ja", "nee", "deels", "weet_niet"],
    ] = {}
    opdrachten: dict[CommandId, tuple[Tekst, ...]] = {}
    # Choosing the quick or the full scan, and "no preference" for the first theme.
    modus: dict[Literal["kort", "volledig"], tuple[Tekst, ...]] = {}
    geen_voorkeur: tuple[Tekst, ...] = ()
    # Words that make an answer a contrast ("wel een plan, maar niet op papier"): such an
    # answer is checked with the ondernemer before it counts.
    tegenstelling: tuple[Tekst, ...] = ()
    # Sentence starts that count as "ja" but do not contradict another signal
    # ("we hebben geen website" is a plain "nee").
    zwakke_signalen: tuple[Tekst, ...] = ()
    # Words that say where it matters most ("geld is mijn grootste zorg").
    urgentie: tuple[Tekst, ...] = ()
    antwoordsets: dict[Slug, tuple[Option, ...]]


class Organisation(_Model):
    id: Slug
    naam: Tekst
    rol: Tekst
    url: Annotated[str, StringConstraints(pattern=URL_PATTERN)] | None = None


class OrganisationsFile(_Model):
    organisaties: tuple[Organisation, ...] = Field(min_length=1)


class _SchakelThema(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str


class _SchakelThemasFile(BaseModel):
    model_config = ConfigDict(extra="ignore")
    themas: tuple[_SchakelThema, ...]


# ------------------------------------------------------------------ the whole definition


@dataclass(frozen=True, eq=False)
class ScanDefinition:
    """The loaded, checked scan. Immutable; compare by identity (one per load)."""

    versie: str
    naam: str
    knop_intent: str
    themas: tuple[Theme, ...]
    banden: tuple[Band, ...]
    drempels: Drempels
    teksten: Teksten
    herkenning: AnswersFile
    organisaties: Mapping[str, Organisation]
    richtingen: Mapping[str, RichtingDef]
    regels: tuple[Regel, ...]
    _themes: dict[str, Theme] = field(init=False, repr=False)
    _questions: dict[str, Question] = field(init=False, repr=False)
    _theme_of: dict[str, Theme] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_themes", {theme.id: theme for theme in self.themas})
        questions = {q.id: q for theme in self.themas for q in theme.vragen}
        object.__setattr__(self, "_questions", questions)
        owners = {q.id: theme for theme in self.themas for q in theme.vragen}
        object.__setattr__(self, "_theme_of", owners)

    def questions(self) -> Iterator[Question]:
        return iter(self._questions.values())

    def theme(self, theme_id: str) -> Theme:
        return self._themes[theme_id]

    def has_theme(self, theme_id: str) -> bool:
        return theme_id in self._themes

    def question(self, vraag_id: str) -> Question:
        return self._questions[vraag_id]

    def has_question(self, vraag_id: str) -> bool:
        return vraag_id in self._questions

    def theme_of(self, vraag_id: str) -> Theme:
        return self._theme_of[vraag_id]

    def find_theme(self, name: str | None) -> Theme | None:
        """A scan theme by its own id or by a Schakel thema id ("financiering")."""
        if not name:
            return None
        if name in self._themes:
            return self._themes[name]
        return next((theme for theme in self.themas if name in theme.thema_ids), None)

    def band(self, score: float) -> Band:
        below = (band for band in self.banden if band.tot is not None and score < band.tot)
        return next(below, self.banden[-1])

    def is_valid_answer(self, vraag_id: str, waarde: str) -> bool:
        question = self._questions.get(vraag_id)
        return question is not None and (waarde == WEET_NIET or question.option(waarde) is not None)

    def answer_title(self, question: Question, waarde: str) -> str:
        if waarde == WEET_NIET:
            return self.herkenning.weet_niet.titel
        option = question.option(waarde)
        return option.titel if option else waarde

    def payload(self, question: Question, waarde: str) -> str:
        """The button payload: ``/scan_antwoord{"vraag":"fin_buffer","antwoord":"ja"}``."""
        data = json.dumps({"vraag": question.id, "antwoord": waarde}, separators=(",", ":"))
        return f"/{self.knop_intent}{data}"

    def buttons(self, question: Question) -> list[dict[str, str]]:
        """Buttons for a question (Rasa's ``{"title", "payload"}``), "Weet ik niet" last."""
        values = [option.waarde for option in question.opties] + [WEET_NIET]
        return [
            {"title": self.answer_title(question, value), "payload": self.payload(question, value)}
            for value in values
        ]


# ------------------------------------------------------------------ problems, messages


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, {self.field}: {self.message}" if self.field else (
            f"{self.file}: {self.message}"
        )


class ScanDefinitionError(ValueError):
    """The scan files are broken; ``problems`` lists each problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"De bedrijfsscan kan niet worden geladen. Verbeter eerst:\n{lines}")


def _dutch_message(error: Mapping[str, Any]) -> str:
    """The shared Dutch message, with the hints that only the scan files need."""
    kind, ctx = error["type"], dict(error.get("ctx") or {})
    if kind == "string_type" and isinstance(error.get("input"), bool):
        return ("verwacht tekst, maar YAML leest dit als true/false (zoals yes, no, on, off); "
                'zet het tussen aanhalingstekens, bijvoorbeeld "no"')
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
        return (f"{show(error.get('input'))} is geen geldige id; verwacht kleine letters, "
                "cijfers en _ (zoals fin_buffer)")
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == URL_PATTERN:
        return f"verwacht een adres dat begint met https://; gevonden: {show(error.get('input'))}"
    if kind == "extra_forbidden":
        return "onbekend veld; controleer de spelling (zie README.md)"
    return dutch_message(error)


def _identity(node: Any) -> str | None:
    if isinstance(node, Mapping):
        for key in ("id", "waarde", "richting"):
            if isinstance(node.get(key), str | int):
                return str(node[key])
    return None


def field_path(loc: Iterable[Any], data: Any) -> str:
    """``('vragen', 1, 'antwoorden')`` → ``vragen[1] (fin_buffer).antwoorden``.

    List items get the id they carry; pydantic's union tags are left out.
    """
    parts: list[str] = []
    node, after_index = data, False
    for key in loc:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and 0 <= key < len(node) else None
            ident = _identity(node)
            parts.append(f"[{key}]" + (f" ({ident})" if ident else ""))
            after_index = True
            continue
        if after_index and key == _condition_kind(node):
            after_index = False  # the union's tag, not a field
            continue
        after_index = False
        if key == "[key]":
            parts.append(" (de naam)")
            continue
        parts.append(f".{key}" if parts else str(key))
        node = node.get(key) if isinstance(node, Mapping) else None
    return "".join(parts)


# --------------------------------------------------------------------------- reading


class _Reader:
    """Reads the files of one knowledge folder and collects every problem."""

    def __init__(self, knowledge_dir: Path) -> None:
        self.root = knowledge_dir
        self.problems: list[Problem] = []

    def name(self, path: Path) -> str:
        try:
            return f"{self.root.name}/{path.relative_to(self.root).as_posix()}"
        except ValueError:
            return str(path)

    def add(self, path: Path, where: str, message: str) -> None:
        self.problems.append(Problem(self.name(path), where, message))

    def model(self, path: Path, model: type[BaseModel], missing: str = "") -> Any:
        """The file's contents validated as ``model``, or None (problems recorded)."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.add(path, "", "bestand ontbreekt" + (f"; {missing}" if missing else ""))
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self.add(path, "", f"kan het bestand niet lezen als UTF-8-tekst ({type(exc).__name__})")
            return None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"regel {mark.line + 1}, kolom {mark.column + 1}" if mark else ""
            detail = getattr(exc, "problem", None) or "onleesbaar"
            self.add(path, where, f"geen geldige YAML ({detail}); controleer inspringing en quotes")
            return None
        if not isinstance(data, dict):
            self.add(path, "", "verwacht bovenaan een blok met velden (sleutel: waarde)")
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                self.add(path, field_path(error["loc"], data), _dutch_message(error))
            return None


def _listing(values: Iterable[str]) -> str:
    return ", ".join(sorted(values)) or "(geen)"


def _resolve_options(question: Question, sets: Mapping[str, tuple[Option, ...]]) -> Question:
    base = sets.get(question.antwoorden, ()) if question.antwoorden else question.opties
    options = []
    for option in (*base, *question.extra):
        update: dict[str, Any] = {}
        if option.waarde in question.scores:
            update["score"] = question.scores[option.waarde]
        if option.waarde in question.gevoelig:
            update["gevoelig"] = True
        options.append(option.model_copy(update=update) if update else option)
    return question.model_copy(update={"opties": tuple(options)})


class _Checker:
    """Cross-file checks: references, uniqueness, the rules' shape."""

    def __init__(self, reader: _Reader, scan_path: Path) -> None:
        self.reader = reader
        self.scan_path = scan_path
        self.questions: dict[str, Question] = {}
        self.question_files: dict[str, Path] = {}
        self.themes: set[str] = set()
        self.org_ids: set[str] = set()
        self.schakel_ids: set[str] = set()
        self.band_ids: set[str] = set()

    def add(self, path: Path, where: str, message: str) -> None:
        self.reader.add(path, where, message)

    def unique(self, path: Path, where: str, ids: Iterable[str], what: str) -> None:
        seen: set[str] = set()
        for index, ident in enumerate(ids):
            if ident in seen:
                self.add(path, f"{where}[{index}]", f"{what} '{ident}' staat er twee keer in")
            seen.add(ident)

    def options(self, path: Path, where: str, options: tuple[Option, ...]) -> None:
        if len(options) < 2:
            self.add(path, where, "verwacht minstens twee antwoorden")
        self.unique(path, where, (o.waarde for o in options), "antwoord")
        for index, option in enumerate(options):
            if option.waarde == WEET_NIET:
                self.add(path, f"{where}[{index}].waarde",
                         f"'{WEET_NIET}' is gereserveerd voor de knop 'Weet ik niet'")
        numbers = [o.getal for o in options if o.getal is not None]
        if numbers and (len(numbers) != len(options) or len(set(numbers)) != len(numbers)):
            self.add(path, where, "geef elk antwoord een eigen 'getal', of geen enkel antwoord")

    def question(self, path: Path, where: str, raw: Question, resolved: Question,
                 sets: Mapping[str, tuple[Option, ...]]) -> None:
        if raw.id in self.questions:
            other = self.reader.name(self.question_files[raw.id])
            self.add(path, f"{where}.id", f"vraag-id '{raw.id}' bestaat al in {other}")
        self.questions[raw.id] = resolved
        self.question_files[raw.id] = path
        if raw.antwoorden and raw.antwoorden not in sets:
            self.add(path, f"{where}.antwoorden", f"onbekende antwoordset '{raw.antwoorden}'; "
                     f"verwacht een van: {_listing(sets)}")
            return
        self.options(path, f"{where}.opties", resolved.opties)
        known = {o.waarde for o in resolved.opties}
        for index, prefill in enumerate(raw.vooraf):
            if prefill.antwoord not in known:
                self.add(path, f"{where}.vooraf[{index}].antwoord", f"'{prefill.antwoord}' is "
                         f"geen antwoord van deze vraag; verwacht een van: {_listing(known)}")
        for key in (*raw.scores, *raw.gevoelig):
            if key not in known:
                self.add(path, where, f"antwoord '{key}' (in scores of gevoelig) bestaat niet bij "
                         f"deze vraag; verwacht een van: {_listing(known)}")

    def condition(self, path: Path, where: str, condition: Any) -> None:
        if isinstance(condition, AnswerCondition):
            question = self.questions.get(condition.vraag)
            if question is None:
                self.add(path, f"{where}.vraag", f"onbekende vraag '{condition.vraag}'")
                return
            known = {o.waarde for o in question.opties} | {WEET_NIET}
            for value in condition.antwoord:
                if value not in known:
                    self.add(path, f"{where}.antwoord", f"'{value}' is geen antwoord van "
                             f"{condition.vraag}; verwacht een van: {_listing(known)}")
        elif isinstance(condition, ThemeCondition) and condition.thema not in self.themes:
            self.add(path, f"{where}.thema", f"onbekend thema '{condition.thema}'; verwacht een "
                     f"van: {_listing(self.themes)}")

    def conditions(self, path: Path, where: str, conditions: Iterable[Any]) -> None:
        for index, condition in enumerate(conditions):
            self.condition(path, f"{where}.als[{index}]", condition)


    def known_thema_ids(self, path: Path, where: str, ids: Iterable[str]) -> None:
        for thema_id in ids:
            if thema_id not in self.schakel_ids:
                self.add(path, where, f"onbekende thema-id '{thema_id}'; verwacht een id uit "
                         f"themas.yml: {_listing(self.schakel_ids)}")

    def theme(self, path: Path, theme_id: str, raw: Theme,
              sets: Mapping[str, tuple[Option, ...]]) -> Theme:
        """Check one theme file; return it with resolved options and inherited thema_ids."""
        if raw.id != theme_id:
            self.add(path, "id", f"'{raw.id}' moet gelijk zijn aan de bestandsnaam ('{theme_id}')")
        self.known_thema_ids(path, "thema_ids", raw.thema_ids)
        if set(raw.samenvatting) != self.band_ids:
            self.add(path, "samenvatting", f"verwacht precies één tekst per band: "
                     f"{_listing(self.band_ids)}; gevonden: {_listing(raw.samenvatting)}")
        questions = []
        for index, question in enumerate(raw.vragen):
            resolved = _resolve_options(question, sets)
            self.question(path, f"vragen[{index}] ({question.id})", question, resolved, sets)
            questions.append(resolved)
        if raw.kern is not None and set(raw.kern.samenvatting) != self.band_ids:
            self.add(path, "kern.samenvatting", f"verwacht precies één tekst per band: "
                     f"{_listing(self.band_ids)}; gevonden: {_listing(raw.kern.samenvatting)}")
        if raw.kern is None and sum(q.scored for q in questions) > 1:
            self.add(path, "kern", "verwacht 'kern' met 'samenvatting' (één tekst per band) en "
                     "'sterkte': de teksten als alleen de kernvraag beantwoord is (korte scan)")
        if questions[0].opties and not questions[0].scored:  # no options: already reported
            self.add(path, f"vragen[0] ({questions[0].id})", "de eerste vraag is de kernvraag "
                     "(ook in de korte scan) en heeft minstens één antwoord met een score nodig")
        points = []
        for index, point in enumerate(raw.aandachtspunten):
            where = f"aandachtspunten[{index}] ({point.id})"
            for org in point.organisaties:
                if org not in self.org_ids:
                    self.add(path, f"{where}.organisaties", f"onbekende organisatie '{org}'; "
                             f"verwacht een id uit organisaties.yml: {_listing(self.org_ids)}")
            self.known_thema_ids(path, f"{where}.thema_ids", point.thema_ids)
            points.append(point if point.thema_ids else
                          point.model_copy(update={"thema_ids": raw.thema_ids}))
        return raw.model_copy(update={"vragen": tuple(questions),
                                      "aandachtspunten": tuple(points)})


def _check_scan_file(checker: _Checker, scan: ScanFile) -> None:
    path = checker.scan_path
    checker.unique(path, "themas", scan.themas, "thema")
    checker.unique(path, "banden", (b.id for b in scan.banden), "band")
    for index, band in enumerate(scan.banden):
        last = index == len(scan.banden) - 1
        if last and band.tot is not None:
            checker.add(path, f"banden[{index}] ({band.id}).tot",
                        "de laatste (hoogste) band heeft geen 'tot'")
        if not last and band.tot is None:
            checker.add(path, f"banden[{index}] ({band.id}).tot", "verwacht een grens 'tot'")
        previous = scan.banden[index - 1].tot if index else None
        if band.tot is not None and previous is not None and band.tot <= previous:
            checker.add(path, f"banden[{index}] ({band.id}).tot",
                        "de banden staan van laag naar hoog; 'tot' moet oplopen")
    defined = [r.id for r in scan.richtingen]
    checker.unique(path, "richtingen", defined, "richting")
    for missing in (r for r in RICHTINGEN if r not in defined):
        checker.add(path, "richtingen", f"richting '{missing}' ontbreekt; verwacht alle vijf: "
                    + ", ".join(RICHTINGEN))
    for index, rule in enumerate(scan.regels):
        where = f"regels[{index}] ({rule.richting})"
        last = index == len(scan.regels) - 1
        if last and rule.als:
            checker.add(path, where, "de laatste regel moet zonder 'als' zijn, zodat er altijd "
                        "een richting is")
        if not last and not rule.als:
            checker.add(path, where, "een regel zonder 'als' hoort onderaan; de regels eronder "
                        "worden nooit gebruikt")
        checker.conditions(path, where, rule.als)


def read_definition(knowledge_dir: Path) -> ScanDefinition:
    """Read and check ``<knowledge_dir>/scan/``; raise ``ScanDefinitionError`` if broken."""
    knowledge_dir = Path(knowledge_dir)
    scan_dir = knowledge_dir / SCAN_DIR
    reader = _Reader(knowledge_dir)
    scan_path = scan_dir / "scan.yml"
    scan: ScanFile | None = reader.model(scan_path, ScanFile)
    answers: AnswersFile | None = reader.model(scan_dir / "antwoorden.yml", AnswersFile)
    orgs: OrganisationsFile | None = reader.model(scan_dir / "organisaties.yml", OrganisationsFile)
    schakel: _SchakelThemasFile | None = reader.model(knowledge_dir / "themas.yml",
                                                       _SchakelThemasFile)
    theme_dir = scan_dir / "themas"
    raw_themes: dict[str, tuple[Path, Theme]] = {}
    listed = scan.themas if scan else ()
    for theme_id in listed:
        path = theme_dir / f"{theme_id}.yml"
        theme = reader.model(path, Theme, missing="scan.yml noemt dit thema in 'themas'")
        if theme is not None:
            raw_themes[theme_id] = (path, theme)
    for path in sorted(theme_dir.glob("*.yml")):
        if scan and path.stem not in listed:
            reader.add(path, "", "staat niet in 'themas' in scan.yml; zet het daar bij of "
                       "haal het bestand weg")
    if reader.problems or not (scan and answers and orgs and schakel):
        raise ScanDefinitionError(reader.problems)

    checker = _Checker(reader, scan_path)
    checker.themes = set(raw_themes)
    for set_id, options in answers.antwoordsets.items():
        checker.options(scan_dir / "antwoorden.yml", f"antwoordsets.{set_id}", options)
    checker.unique(scan_dir / "organisaties.yml", "organisaties",
                   (o.id for o in orgs.organisaties), "organisatie")
    checker.org_ids = {o.id for o in orgs.organisaties}
    checker.schakel_ids = {t.id for t in schakel.themas}
    checker.band_ids = {b.id for b in scan.banden}
    themes = [checker.theme(path, theme_id, raw, answers.antwoordsets)
              for theme_id, (path, raw) in raw_themes.items()]
    point_ids = [(path, p.id) for path, raw in raw_themes.values() for p in raw.aandachtspunten]
    seen_points: set[str] = set()
    for path, point_id in point_ids:
        if point_id in seen_points:
            reader.add(path, "aandachtspunten", f"aandachtspunt-id '{point_id}' bestaat al")
        seen_points.add(point_id)
    for path, raw in raw_themes.values():
        for index, point in enumerate(raw.aandachtspunten):
            checker.conditions(path, f"aandachtspunten[{index}] ({point.id})", point.als)
    _check_scan_file(checker, scan)
    if reader.problems:
        raise ScanDefinitionError(reader.problems)
    return ScanDefinition(
        versie=scan.versie,
        naam=scan.naam,
        knop_intent=scan.knop_intent,
        themas=tuple(themes),
        banden=scan.banden,
        drempels=scan.drempels,
        teksten=scan.teksten,
        herkenning=answers,
        organisaties={o.id: o for o in orgs.organisaties},
        richtingen={r.id: r for r in scan.richtingen},
        regels=scan.regels,
    )


# ---------------------------------------------------------------------------- caching

_clock = time.monotonic


def _files(knowledge_dir: Path) -> list[Path]:
    return [knowledge_dir / "themas.yml", *sorted((knowledge_dir / SCAN_DIR).rglob("*.yml"))]


def _refused(previous: ScanDefinition, exc: Exception) -> None:
    log.error("Scan definition change refused; version %s stays in use.\n%s",
              previous.versie, exc)


_cache: ReloadingCache[ScanDefinition] = ReloadingCache(
    read_definition, _files, ScanDefinitionError, _refused, clock=lambda: _clock(),
    interval=CHECK_INTERVAL)


def load_definition(knowledge_dir: Path | None = None) -> ScanDefinition:
    """The scan definition, cached; re-read when a file changed (checked ≤ once a second).

    The first load raises ``ScanDefinitionError`` when the files are broken. A later
    broken change is logged and refused: the last good definition stays in use.
    """
    return _cache.get(Path(knowledge_dir or get_settings().knowledge_dir))


def clear_cache() -> None:
    _cache.clear()
