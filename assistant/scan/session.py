"""The scan as a pure, JSON-serialisable state machine (the chat layer keeps it in a slot).

The state holds only choices: mode, theme order, skipped themes and the answers. The
plan (which questions, in which order) is derived from it and the definition, so
everything else follows:

- the next question is the first planned question without an answer;
- pausing is keeping the state; resuming is asking ``current_question`` again;
- changing an answer is answering that question again (``answer(..., vraag_id=…)``);
  ``reopen`` clears a question or a whole theme, which is then asked next;
- the scan is finished when every planned question has an answer ("weet ik niet" counts).

Every function returns a new ``ScanSession``; nothing is changed in place. Store it with
``session.to_slot()`` and read it back with ``ScanSession.from_slot(value)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from assistant.scan.definition import WEET_NIET, Question, ScanDefinition, Theme

Modus = Literal["volledig", "kort"]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class ScanError(ValueError):
    """An impossible step: unknown question or theme, or an answer it does not have."""


class ScanSession(BaseModel):
    """The state of one scan. Example (as stored in the slot)::

        {"versie": "2026-11-1", "modus": "volledig",
         "volgorde": ["financien", "ambitie", "markt", ...],
         "overgeslagen": ["duurzaamheid"],
         "antwoorden": {"fin_inzicht": "ja", "fin_buffer": "weet_niet"}}
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    versie: Id
    modus: Modus = "volledig"
    volgorde: tuple[Id, ...] = Field(max_length=100)
    overgeslagen: tuple[Id, ...] = Field(default=(), max_length=100)
    antwoorden: dict[Id, Id] = Field(default_factory=dict, max_length=500)

    def to_slot(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_slot(cls, value: object) -> ScanSession | None:
        """The session stored in a slot, or None if the slot is empty or not a session."""
        if not isinstance(value, dict):
            return None
        try:
            return cls.model_validate(value)
        except ValidationError:
            return None


@dataclass(frozen=True, slots=True)
class Progress:
    nummer: int  # the number of the current question (1-based)
    totaal: int  # questions in the plan
    beantwoord: int
    thema: str  # name of the current theme ("" when finished)
    thema_nummer: int
    thema_totaal: int
    tekst: str  # "Vraag 7 van 24 · Financiën", from scan.yml


def start(definition: ScanDefinition, modus: Modus = "volledig",
          eerst: str | None = None) -> ScanSession:
    """A new scan. ``eerst``: the urgent theme, as a scan theme id ("financien") or a
    Schakel thema id ("financiering"); unknown or empty: the standard order."""
    order = [theme.id for theme in definition.themas]
    urgent = definition.find_theme(eerst)
    if urgent is not None:
        order.remove(urgent.id)
        order.insert(0, urgent.id)
    return ScanSession(versie=definition.versie, modus=modus, volgorde=tuple(order))


def move_first(definition: ScanDefinition, session: ScanSession, thema: str) -> ScanSession:
    """Put ``thema`` (scan or Schakel thema id) first in the order: the ondernemer named
    it as most urgent. Answers are kept; a skipped theme is un-skipped."""
    theme = _theme(definition, thema)
    order = [theme.id, *(t.id for t in themes_in_order(definition, session) if t.id != theme.id)]
    return session.model_copy(update={
        "volgorde": tuple(order),
        "overgeslagen": tuple(t for t in session.overgeslagen if t != theme.id),
    })


def themes_in_order(definition: ScanDefinition, session: ScanSession) -> list[Theme]:
    """The session's theme order; themes added to the definition later go last."""
    known = [t for t in session.volgorde if definition.has_theme(t)]
    known += [theme.id for theme in definition.themas if theme.id not in known]
    return [definition.theme(theme_id) for theme_id in known]


def planned_themes(definition: ScanDefinition, session: ScanSession) -> list[Theme]:
    return [t for t in themes_in_order(definition, session) if t.id not in session.overgeslagen]


def _theme_questions(theme: Theme, modus: Modus) -> tuple[Question, ...]:
    return theme.vragen if modus == "volledig" else (theme.kernvraag,)


def plan(definition: ScanDefinition, session: ScanSession) -> list[Question]:
    """Every question this scan asks, in order."""
    return [q for theme in planned_themes(definition, session)
            for q in _theme_questions(theme, session.modus)]


def current_question(definition: ScanDefinition, session: ScanSession) -> Question | None:
    """The question to ask now; None when the scan is finished."""
    return next((q for q in plan(definition, session) if q.id not in session.antwoorden), None)


def current_theme(definition: ScanDefinition, session: ScanSession) -> Theme | None:
    question = current_question(definition, session)
    return definition.theme_of(question.id) if question else None


def starts_theme(definition: ScanDefinition, session: ScanSession) -> bool:
    """True when the current question is the first of its theme still to be asked and
    nothing in that theme has been answered yet: time for the theme's ``intro``."""
    theme = current_theme(definition, session)
    return theme is not None and not any(q.id in session.antwoorden for q in theme.vragen)


def is_finished(definition: ScanDefinition, session: ScanSession) -> bool:
    return current_question(definition, session) is None


def progress(definition: ScanDefinition, session: ScanSession) -> Progress:
    questions = plan(definition, session)
    answered = sum(1 for q in questions if q.id in session.antwoorden)
    total = len(questions)
    themes = planned_themes(definition, session)
    theme = current_theme(definition, session)
    theme_number = themes.index(theme) + 1 if theme else len(themes)
    number = min(answered + 1, total)
    text = definition.teksten.voortgang.format(
        nummer=number, totaal=total, thema=theme.naam if theme else "",
        thema_nummer=theme_number, thema_totaal=len(themes),
    )
    return Progress(number, total, answered, theme.naam if theme else "", theme_number,
                    len(themes), text)


def _theme(definition: ScanDefinition, theme_id: str) -> Theme:
    theme = definition.find_theme(theme_id)
    if theme is None:
        raise ScanError(f"unknown theme {theme_id!r}")
    return theme


def answer(definition: ScanDefinition, session: ScanSession, waarde: str,
           vraag_id: str | None = None) -> ScanSession:
    """Record ``waarde`` for the current question, or for ``vraag_id`` (changing an
    earlier answer). Answering a question of a skipped theme un-skips that theme."""
    if vraag_id is None:
        question = current_question(definition, session)
        if question is None:
            raise ScanError("the scan is finished; name the question to change")
        vraag_id = question.id
    if not definition.is_valid_answer(vraag_id, waarde):
        raise ScanError(f"{waarde!r} is no answer to {vraag_id!r}")
    theme = definition.theme_of(vraag_id)
    return session.model_copy(update={
        "antwoorden": {**session.antwoorden, vraag_id: waarde},
        "overgeslagen": tuple(t for t in session.overgeslagen if t != theme.id),
    })


def reopen(definition: ScanDefinition, session: ScanSession, doel: str) -> ScanSession:
    """Clear the answer to question ``doel``, or all answers of theme ``doel`` (scan or
    Schakel thema id), so that it is asked again next (when it is in the plan: the quick
    scan asks only each theme's kernvraag). A skipped theme is un-skipped."""
    if definition.has_question(doel):
        cleared, theme = {doel}, definition.theme_of(doel)
    else:
        theme = _theme(definition, doel)
        cleared = {q.id for q in theme.vragen}
    return session.model_copy(update={
        "antwoorden": {k: v for k, v in session.antwoorden.items() if k not in cleared},
        "overgeslagen": tuple(t for t in session.overgeslagen if t != theme.id),
    })


def skip_theme(definition: ScanDefinition, session: ScanSession,
               thema: str | None = None) -> ScanSession:
    """Skip ``thema`` (default: the current theme). Its answers are dropped: the
    ondernemer chose not to answer about it. ``reopen`` brings it back."""
    theme = _theme(definition, thema) if thema else current_theme(definition, session)
    if theme is None:
        raise ScanError("the scan is finished; name the theme to skip")
    own = {q.id for q in theme.vragen}
    return session.model_copy(update={
        "antwoorden": {k: v for k, v in session.antwoorden.items() if k not in own},
        "overgeslagen": (*[t for t in session.overgeslagen if t != theme.id], theme.id),
    })


def set_mode(definition: ScanDefinition, session: ScanSession, modus: Modus) -> ScanSession:
    """Switch between the quick and the full scan; answers given so far are kept (after a
    quick scan, "volledig" asks only the remaining questions)."""
    return session.model_copy(update={"modus": modus})


def weet_niet_questions(definition: ScanDefinition, session: ScanSession) -> list[Question]:
    """Planned questions answered with "weet ik niet" (to offer a second look)."""
    return [q for q in plan(definition, session) if session.antwoorden.get(q.id) == WEET_NIET]


def prefill(definition: ScanDefinition, session: ScanSession,
            medewerkers: float | None) -> ScanSession:
    """Fill in the answers the intake already gives (``vooraf`` in a theme file, such as
    "geen personeel" for someone who works alone), so those questions are not asked.
    Answers already given are kept."""
    answers = dict(session.antwoorden)
    for question in definition.questions():
        if question.id in answers:
            continue
        rule = next((r for r in question.vooraf if r.applies(medewerkers)), None)
        if rule is not None:
            answers[question.id] = rule.antwoord
    return session.model_copy(update={"antwoorden": answers})


def previous_question(definition: ScanDefinition, session: ScanSession) -> Question | None:
    """The answered question just before the current one (the last one when finished)."""
    questions = plan(definition, session)
    current = current_question(definition, session)
    end = questions.index(current) if current is not None else len(questions)
    return next((q for q in reversed(questions[:end]) if q.id in session.antwoorden), None)
