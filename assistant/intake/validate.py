"""Validation of a complete intake record, as the API stores it (the chat may call it
too before submitting). Uses the same validators as the conversation.

Required: ``toestemming`` (true) with ``toestemming_tekstversie``, ``contactpersoon``,
``hulpvraag``, ``contactvoorkeur`` and the matching contact detail (``email`` for
email, ``telefoon`` for telefoon, ``conversation_id`` for chat). Everything else is
optional. Free-text values are accepted as the ondernemer typed them; typo guesses are
not (the chat confirms those first), so the API never stores a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from assistant.intake.contact import parse_contactvoorkeur, validate_email, validate_telefoon
from assistant.intake.free_text import (
    validate_bedrijfsnaam,
    validate_contactpersoon,
    validate_hulpvraag,
)
from assistant.intake.gemeenten import lookup_gemeente
from assistant.intake.kvk import validate_kvk
from assistant.intake.medewerkers import parse_medewerkers
from assistant.intake.meldingen import melding
from assistant.intake.result import Absent, Invalid, Valid
from assistant.intake.sector import parse_sector
from assistant.intake.text import clean
from assistant.intake.thema import classify_thema, validate_thema

THEMA_MIN_CONFIDENCE = 0.5
TEKSTVERSIE_MAX = 50
KANAAL_MAX = 30
CONVERSATION_ID_MAX = 200
CONTACT_DETAIL = {"email": "email", "telefoon": "telefoon", "chat": "conversation_id"}


@dataclass(frozen=True, slots=True)
class FieldError:
    veld: str
    code: str
    melding: str


@dataclass
class IntakeValidation:
    values: dict[str, Any] = field(default_factory=dict)
    fouten: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.fouten

    def fail(self, veld: str, code: str, **placeholders: object) -> None:
        self.fouten.append(FieldError(veld, code, melding(code, **placeholders)))


def _present(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or clean(value) != "")


def _optional(
    data: Mapping[str, Any], result: IntakeValidation, veld: str,
    validator: Callable[[object], Valid | Absent | Invalid],
) -> Valid | Absent | None:
    """The validator's outcome for a field, or None when it is absent or wrong (then
    its error is recorded)."""
    if not _present(data.get(veld)):
        return None
    outcome = validator(data[veld])
    if isinstance(outcome, Invalid):
        result.fouten.append(FieldError(veld, outcome.code, outcome.message))
        return None
    return outcome


def _consent(data: Mapping[str, Any], result: IntakeValidation) -> None:
    if data.get("toestemming") is not True:
        result.fail("toestemming", "toestemming_ontbreekt")
        return
    versie = clean(data.get("toestemming_tekstversie"))
    if not versie or len(versie) > TEKSTVERSIE_MAX:
        result.fail("toestemming_tekstversie", "toestemming_tekstversie_ontbreekt")
    op = data.get("toestemming_op") or datetime.now(UTC)
    if isinstance(op, datetime) and op.tzinfo is None:
        op = op.replace(tzinfo=UTC)
    result.values.update(toestemming_tekstversie=versie, toestemming_op=op)


def _required_text(data: Mapping[str, Any], result: IntakeValidation) -> None:
    for veld, validator in (("contactpersoon", validate_contactpersoon),
                            ("hulpvraag", validate_hulpvraag)):
        if not _present(data.get(veld)):
            result.fail(veld, "veld_verplicht")
        elif outcome := _optional(data, result, veld, validator):
            result.values[veld] = outcome.value


def _company(data: Mapping[str, Any], result: IntakeValidation) -> None:
    values = result.values
    values["is_starter"] = bool(data.get("is_starter"))
    outcome = _optional(data, result, "bedrijfsnaam", validate_bedrijfsnaam)
    values["bedrijfsnaam"] = outcome.value if isinstance(outcome, Valid) else None
    outcome = _optional(data, result, "kvk_nummer", validate_kvk)
    values["kvk_nummer"] = outcome.value if isinstance(outcome, Valid) else None
    if isinstance(outcome, Absent) and outcome.code == "starter":
        values["is_starter"] = True
    if outcome := _optional(data, result, "sector", lambda raw: parse_sector(raw, fuzzy=False)):
        values["sector"] = outcome.value
    if outcome := _optional(data, result, "medewerkers", parse_medewerkers):
        values["medewerkers"] = outcome.value.aantal
        values["grootteklasse"] = outcome.value.klasse
    if outcome := _optional(data, result, "gemeente",
                            lambda raw: lookup_gemeente(raw, fuzzy=False)):
        values["gemeente"] = outcome.value.naam
        values["provincie"] = outcome.value.provincie


def _thema(data: Mapping[str, Any], result: IntakeValidation) -> None:
    if _present(data.get("thema")):
        if outcome := _optional(data, result, "thema", validate_thema):
            result.values["thema"] = outcome.value
    elif hulpvraag := result.values.get("hulpvraag"):
        match = classify_thema(hulpvraag)
        if match.thema and match.confidence >= THEMA_MIN_CONFIDENCE:
            result.values["thema"] = match.thema


def _contact(data: Mapping[str, Any], result: IntakeValidation) -> None:
    values = result.values
    for veld, validator in (("email", validate_email), ("telefoon", validate_telefoon)):
        if outcome := _optional(data, result, veld, validator):
            values[veld] = outcome.value
    values["kanaal"] = clean(data.get("kanaal"))[:KANAAL_MAX] or None
    values["conversation_id"] = clean(data.get("conversation_id"))[:CONVERSATION_ID_MAX] or None
    if not _present(data.get("contactvoorkeur")):
        result.fail("contactvoorkeur", "veld_verplicht")
    elif outcome := _optional(data, result, "contactvoorkeur", parse_contactvoorkeur):
        values["contactvoorkeur"] = outcome.value
        detail = CONTACT_DETAIL[outcome.value]
        if not _present(data.get(detail)):
            result.fail(detail, f"contact_{outcome.value}_nodig")


def validate_intake(data: Mapping[str, Any]) -> IntakeValidation:
    """All fields of an intake checked; ``values`` holds the normalised values to store
    (only meaningful when ``ok``), ``fouten`` the Dutch per-field messages."""
    result = IntakeValidation()
    _consent(data, result)
    _required_text(data, result)
    _company(data, result)
    _thema(data, result)
    _contact(data, result)
    return result
