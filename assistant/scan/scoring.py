"""From answers to a result: theme scores, strengths, aandachtspunten and a direction.

The rules are transparent and live in ``knowledge/scan/``:

- **theme score**: the (weighted) mean of the scores of the answered options, 1.0–5.0 with
  one decimal, rounded half up. "Weet ik niet" and options without a score do not count.
  No counting answer: no score, and the status says why (overgeslagen, weet_niet,
  niet_van_toepassing, niet_gevraagd) with a text from scan.yml. Nothing is divided by 0.
- **one-line explanation**: the theme's ``samenvatting`` for the score's band. The result
  says only what was answered: when a question with a score is open (the quick scan, "weet
  ik niet"), the theme's ``kern`` texts (about the kernvraag only) are used, or, without a
  kernvraag answer, the general ``deels_beantwoord`` texts. The same goes for the strength
  and for an aandachtspunt that follows from the score alone (``uitleg_kern``).
- **order**: themes in the session's order (the urgent theme first), so equal scores put
  the theme the ondernemer named first.
- **strengths**: themes scoring at least ``sterk_vanaf``, best first.
- **aandachtspunten**: a theme's aandachtspunt applies when its conditions (``als``) hold,
  or, without conditions, when the theme scores below ``aandacht_onder``. At most one
  per theme and ``max_aandachtspunten`` in all; ``prioriteit: 1`` goes first, then the
  lowest theme score, then ``prioriteit``, then the order in the files.
- **direction**: the first rule in ``regels`` whose conditions all hold. The last rule
  has none; it applies only when at least ``min_themas_voor_richting`` themes scored.

``advise`` adds the regelingen that fit each aandachtspunt through a callable, so the
knowledge base's eligibility check plugs in without this module knowing it.
"""

from __future__ import annotations

import inspect
import logging
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.scan.definition import (
    WEET_NIET,
    AnswerCondition,
    AverageCondition,
    ScanDefinition,
    Theme,
    ThemeCondition,
    load_definition,
)
from assistant.scan.result import (
    ActionPoint,
    AnswerLine,
    DirectionResult,
    OrganisationRef,
    ScanResult,
    Signal,
    Strength,
    ThemeResult,
)
from assistant.scan.session import ScanSession, themes_in_order

log = logging.getLogger(__name__)

FindRegelingen = Callable[[list[str], Any], list[dict[str, Any]]]
NO_SCORE_RANK = 6.0  # sorts themes without a score after every real score


def round_score(value: float) -> float:
    """One decimal, half up (3.25 → 3.3), unlike ``round``."""
    return math.floor(value * 10 + 0.5) / 10


@dataclass(frozen=True)
class Facts:
    """What conditions are checked against."""

    answers: Mapping[str, str]
    scores: Mapping[str, float | None]
    average: float | None


def holds(condition: Any, facts: Facts) -> bool:
    if isinstance(condition, AnswerCondition):
        return facts.answers.get(condition.vraag) in condition.antwoord
    if isinstance(condition, ThemeCondition):
        return condition.holds(facts.scores.get(condition.thema))
    if isinstance(condition, AverageCondition):
        return condition.gemiddelde.holds(facts.average)
    raise TypeError(f"unknown condition {condition!r}")


Coverage = str  # "volledig", "kern" or "deels": which texts may describe a theme


def _real_answer(session: ScanSession, vraag_id: str) -> bool:
    return vraag_id in session.antwoorden and session.antwoorden[vraag_id] != WEET_NIET


def coverage(theme: Theme, session: ScanSession) -> Coverage:
    """Which of the theme's texts fit what was answered: "volledig" when every question with
    a score has a real answer (or the theme has no ``kern`` texts), "kern" when at least
    the kernvraag has one, else "deels"."""
    scored = [q for q in theme.vragen if q.scored]
    if theme.kern is None or all(_real_answer(session, q.id) for q in scored):
        return "volledig"
    return "kern" if _real_answer(session, theme.kernvraag.id) else "deels"


def _summary_text(definition: ScanDefinition, theme: Theme, band_id: str, band_naam: str,
                  covered: Coverage) -> str:
    if covered == "kern" and theme.kern is not None:
        return theme.kern.samenvatting[band_id]
    if covered == "deels":
        return definition.teksten.deels_beantwoord.samenvatting.format(band=band_naam.lower())
    return theme.samenvatting[band_id]


def _strength_text(definition: ScanDefinition, theme: Theme, covered: Coverage) -> str:
    if covered == "kern" and theme.kern is not None:
        return theme.kern.sterkte
    if covered == "deels":
        return definition.teksten.deels_beantwoord.sterkte
    return theme.sterkte


def _point_text(definition: ScanDefinition, point: Any, covered: Coverage) -> str:
    if point.als or covered == "volledig":
        return point.uitleg  # its conditions name answered questions
    if covered == "kern":
        return point.uitleg_kern or point.uitleg
    return definition.teksten.deels_beantwoord.aandachtspunt


def _theme_result(definition: ScanDefinition, theme: Theme, session: ScanSession) -> ThemeResult:
    lines: list[AnswerLine] = []
    total = weight = 0.0
    weet_niet = 0
    for question in theme.vragen:
        waarde = session.antwoorden.get(question.id)
        option = question.option(waarde) if waarde else None
        if waarde != WEET_NIET and option is None:
            continue  # not answered (or a value the definition no longer has)
        score = option.score if option else None
        lines.append(AnswerLine(vraag_id=question.id, vraag=question.tekst, waarde=waarde,
                                antwoord=definition.answer_title(question, waarde), score=score))
        weet_niet += waarde == WEET_NIET
        if score is not None:
            total += score * question.gewicht
            weight += question.gewicht
    texts = definition.teksten.geen_score
    common = {"id": theme.id, "naam": theme.naam, "antwoorden": lines}
    if weight:
        value = round_score(total / weight)
        band = definition.band(value)
        uitleg = _summary_text(definition, theme, band.id, band.naam, coverage(theme, session))
        return ThemeResult(**common, status="gescoord", score=value, band=band.id,
                           band_naam=band.naam, uitleg=uitleg)
    if theme.id in session.overgeslagen:
        return ThemeResult(**common, status="overgeslagen", uitleg=texts.overgeslagen)
    if weet_niet:
        return ThemeResult(**common, status="weet_niet", uitleg=texts.weet_niet)
    if lines:
        return ThemeResult(**common, status="niet_van_toepassing", uitleg=texts.niet_van_toepassing)
    return ThemeResult(**common, status="niet_gevraagd", uitleg=texts.niet_gevraagd)


def _strengths(definition: ScanDefinition, themes: list[ThemeResult],
               session: ScanSession) -> list[Strength]:
    limits = definition.drempels
    strong = [t for t in themes if t.score is not None and t.score >= limits.sterk_vanaf]
    strong.sort(key=lambda t: -t.score)  # stable: equal scores keep the session's order
    return [Strength(thema=t.id, naam=t.naam,
                     tekst=_strength_text(definition, definition.theme(t.id),
                                          coverage(definition.theme(t.id), session)))
            for t in strong[: limits.max_sterktes]]


def _action_points(definition: ScanDefinition, themes: dict[str, ThemeResult],
                   facts: Facts, session: ScanSession) -> list[ActionPoint]:
    limits = definition.drempels
    candidates = []
    for theme_index, theme in enumerate(themes_in_order(definition, session)):
        result = themes[theme.id]
        if result.status == "overgeslagen":
            continue
        rank_score = result.score if result.score is not None else NO_SCORE_RANK
        for point_index, point in enumerate(theme.aandachtspunten):
            if point.als:
                applies = all(holds(condition, facts) for condition in point.als)
            else:
                applies = result.score is not None and result.score < limits.aandacht_onder
            if applies:
                urgent_first = point.prioriteit != 1
                key = (urgent_first, rank_score, point.prioriteit, theme_index, point_index)
                candidates.append((key, theme, point))
    chosen: list[ActionPoint] = []
    used_themes: set[str] = set()
    for _, theme, point in sorted(candidates, key=lambda c: c[0]):
        if theme.id in used_themes or len(chosen) >= limits.max_aandachtspunten:
            continue
        used_themes.add(theme.id)
        organisations = [definition.organisaties[org] for org in point.organisaties]
        chosen.append(ActionPoint(
            id=point.id, thema=theme.id, thema_naam=theme.naam, titel=point.titel,
            uitleg=_point_text(definition, point, coverage(theme, session)),
            stappen=list(point.stappen), thema_ids=list(point.thema_ids),
            organisaties=[OrganisationRef(**org.model_dump()) for org in organisations],
        ))
    return chosen


def _direction(definition: ScanDefinition, facts: Facts, scored: int) -> DirectionResult | None:
    for rule in definition.regels:
        if not rule.als and scored < definition.drempels.min_themas_voor_richting:
            return None
        if all(holds(condition, facts) for condition in rule.als):
            richting = definition.richtingen[rule.richting]
            return DirectionResult(id=richting.id, naam=richting.naam, uitleg=richting.uitleg,
                                   reden=rule.reden)
    return None


def _signals(definition: ScanDefinition, session: ScanSession) -> list[Signal]:
    signals = []
    for vraag_id, waarde in session.antwoorden.items():
        if not definition.has_question(vraag_id):
            continue
        question = definition.question(vraag_id)
        option = question.option(waarde)
        if option is not None and option.gevoelig:
            signals.append(Signal(vraag_id=vraag_id, vraag=question.tekst, antwoord=option.titel))
    return signals


def score(definition: ScanDefinition, session: ScanSession) -> ScanResult:
    """The result of a (finished or unfinished) scan."""
    themes = [_theme_result(definition, theme, session)
              for theme in themes_in_order(definition, session)]
    by_id = {t.id: t for t in themes}
    values = [t.score for t in themes if t.score is not None]
    average = round_score(sum(values) / len(values)) if values else None
    facts = Facts(session.antwoorden, {t.id: t.score for t in themes}, average)
    direction = _direction(definition, facts, len(values))
    signals = _signals(definition, session)
    texts = definition.teksten
    notes = []
    if session.modus == "kort":
        notes.append(texts.korte_scan)
    if len(values) * 2 < len(themes):
        notes.append(texts.weinig_antwoorden)
    return ScanResult(
        definitie_versie=definition.versie,
        modus=session.modus,
        themas=themes,
        gemiddelde=average,
        sterktes=_strengths(definition, themes, session),
        aandachtspunten=_action_points(definition, by_id, facts, session),
        richting=direction,
        opmerkingen=notes,
        signalen=signals,
        adviseur_aanbevolen=bool(signals) or (
            direction is not None and direction.id in ("hervormen", "stoppen")),
    )


def _regeling_key(regeling: Mapping[str, Any]) -> str:
    for key in ("id", "naam", "titel"):
        if regeling.get(key):
            return f"{key}:{regeling[key]}"
    return repr(sorted(regeling.items(), key=lambda item: str(item[0])))


def _accepts(function: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def advise(result: ScanResult, find_regelingen: FindRegelingen, profile: Any = None, *,
           limit: int | None = None) -> ScanResult:
    """A copy of ``result`` with, per aandachtspunt, the regelingen that fit.

    ``find_regelingen(thema_ids, profile)`` returns dicts (best first); when it also takes
    a keyword ``vraag``, it gets the aandachtspunt in words (title and explanation) to
    rank by. Each regeling is shown once (under the first aandachtspunt it fits), at
    most ``limit`` per aandachtspunt (default: ``max_regelingen`` from scan.yml). If the
    lookup fails, the aandachtspunt keeps no regelingen and the failure is logged: the
    rest of the advice is worth more than an error.
    """
    if limit is None:
        limit = load_definition().drempels.max_regelingen
    wants_text = _accepts(find_regelingen, "vraag")
    seen: set[str] = set()
    points = []
    for point in result.aandachtspunten:
        try:
            extra = {"vraag": f"{point.titel}. {point.uitleg}"} if wants_text else {}
            found = list(find_regelingen(list(point.thema_ids), profile, **extra) or [])
        except Exception:
            log.warning("find_regelingen failed for aandachtspunt %s", point.id, exc_info=True)
            found = []
        chosen = []
        for regeling in found:
            if len(chosen) >= limit:
                break
            if not isinstance(regeling, Mapping) or _regeling_key(regeling) in seen:
                continue
            seen.add(_regeling_key(regeling))
            chosen.append(dict(regeling))
        points.append(point.model_copy(update={"regelingen": chosen}))
    return result.model_copy(update={"aandachtspunten": points})
