"""The intake's fields as the conversation sees them: order, validators, slot values.

The chat layer (``actions/intake.py``) asks the fields in ``ORDER``, validates each
answer with the validator below, and reads several answers from one message with
``extract``. Labels for the summary come from ``meldingen.yml`` (section ``labels``).

An answer that holds the next one is taken: an e-mail address given as the contact
preference means "per e-mail" and fills the address (a phone number likewise).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from assistant.intake.contact import parse_contactvoorkeur, validate_email, validate_telefoon
from assistant.intake.extract import extract_fields
from assistant.intake.free_text import (
    validate_bedrijfsnaam,
    validate_contactpersoon,
    validate_hulpvraag,
)
from assistant.intake.gemeenten import lookup_gemeente
from assistant.intake.kvk import validate_kvk
from assistant.intake.labelled import labelled_answers
from assistant.intake.medewerkers import parse_medewerkers
from assistant.intake.meldingen import load_texts
from assistant.intake.result import Absent, Invalid, Valid, display
from assistant.intake.sector import parse_sector
from assistant.intake.thema import classify_thema

Result = Valid | Absent | Invalid

ORDER = ["hulpvraag", "contactpersoon", "bedrijfsnaam", "gemeente", "medewerkers", "sector",
         "kvk_nummer", "contactvoorkeur"]
CONTACT_DETAIL = {"email": "email", "telefoon": "telefoon"}
OPTIONAL = {"bedrijfsnaam", "gemeente", "medewerkers", "sector", "kvk_nummer"}
ALL_SLOTS = [*ORDER, "thema", "provincie", "email", "telefoon", "is_starter",
             "intake_referentie"]

VALIDATORS: dict[str, Callable[[object], Result]] = {
    "hulpvraag": validate_hulpvraag,
    "contactpersoon": validate_contactpersoon,
    "bedrijfsnaam": validate_bedrijfsnaam,
    "gemeente": lookup_gemeente,
    "medewerkers": parse_medewerkers,
    "sector": parse_sector,
    "kvk_nummer": validate_kvk,
    "contactvoorkeur": parse_contactvoorkeur,
    "email": validate_email,
    "telefoon": validate_telefoon,
}


def contact_slots(preference: str | None) -> list[str]:
    """The contact detail to ask for, given the preference (none for chat)."""
    detail = CONTACT_DETAIL.get(preference or "")
    return [detail] if detail else []


def summary_slots(preference: str | None) -> list[str]:
    return [*ORDER, *contact_slots(preference)]


def labels() -> dict[str, str]:
    return load_texts()["labels"]


def extract(text: str, requested: str | None) -> dict[str, Result]:
    """Every answer in ``text``: the extracted fields, and the requested one (validated
    from the extracted value, or from the whole message when nothing was extracted)."""
    found = extract_fields(text)
    results: dict[str, Result] = {
        slot: VALIDATORS[slot](value) for slot, value in found.items()
        if slot in VALIDATORS and slot != requested
    }
    if requested in VALIDATORS:
        results[requested] = VALIDATORS[requested](found.get(requested, text))
    if requested == "contactvoorkeur" and not results[requested].ok and (
            preference := _preference_from_detail(text, results)):
        results[requested] = preference
    return results


def _preference_from_detail(text: str, results: Mapping[str, Result]) -> Valid[str] | None:
    """"sanne@bakkerij.nl" as the contact preference: per e-mail (a number: per phone)."""
    given = [detail for detail in CONTACT_DETAIL if results.get(detail, Invalid("", "")).ok]
    if not given and "@" in text:
        given = ["email"]  # an address with a typo: the e-mail question explains it
    if len(given) != 1:
        return None
    return Valid(given[0], display(f"contact_{given[0]}"))


def corrections(text: str) -> dict[str, Result]:
    """Answers at the summary: fields named in the message ("de gemeente is Dronten",
    "mijn naam is Priya") and fields the message states clearly ("we zijn met 8")."""
    results = {slot: result for slot, result in extract(text, None).items()}
    for slot, raw in labelled_answers(text).items():
        results[slot] = VALIDATORS[slot](raw)
        if slot == "contactvoorkeur" and not results[slot].ok:
            results[slot] = _preference_from_detail(raw, results) or results[slot]
    return results


def from_history(texts: Iterable[str], slots: Iterable[str]) -> dict[str, Result]:
    """Valid answers for ``slots`` stated in earlier messages (most recent first)."""
    wanted = set(slots)
    results: dict[str, Result] = {}
    for text in texts:
        found = extract(text, None)
        if "contactvoorkeur" in wanted and (preference := _preference_from_detail(text, found)):
            found.setdefault("contactvoorkeur", preference)
        for slot, result in found.items():
            if slot in wanted and result.ok and slot not in results:
                results[slot] = result
    return results


def display_of(slot: str, value: Any) -> str:
    """How a value filled elsewhere (not through the form) is shown in the summary."""
    raw = int(value) if slot == "medewerkers" and isinstance(value, int | float) else value
    validator = VALIDATORS.get(slot)
    result = validator(raw) if validator else None
    return result.display if isinstance(result, Valid) else str(value)


def slot_values(slot: str, result: Valid | Absent) -> dict[str, Any]:
    """The slots a valid answer fills (a gemeente also fills its provincie)."""
    if isinstance(result, Absent):
        return {slot: None, "is_starter": True} if result.code == "starter" else {slot: None}
    value = result.value
    if slot == "gemeente":
        return {"gemeente": value.naam, "provincie": value.provincie}
    if slot == "medewerkers":
        return {"medewerkers": float(value.aantal)}
    if slot == "hulpvraag":
        match = classify_thema(value)
        return {"hulpvraag": value, "thema": match.thema if match.confidence >= 0.5 else None}
    return {slot: value}


def record(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The intake as the API stores it, from the conversation's slots."""
    medewerkers = slots.get("medewerkers")
    return {
        "contactpersoon": slots.get("contactpersoon"),
        "bedrijfsnaam": slots.get("bedrijfsnaam"),
        "kvk_nummer": slots.get("kvk_nummer"),
        "is_starter": bool(slots.get("is_starter")),
        "sector": slots.get("sector"),
        "medewerkers": int(medewerkers) if medewerkers is not None else None,
        "gemeente": slots.get("gemeente"),
        "hulpvraag": slots.get("hulpvraag"),
        "thema": slots.get("thema"),
        "contactvoorkeur": slots.get("contactvoorkeur"),
        "email": slots.get("email"),
        "telefoon": slots.get("telefoon"),
        "toestemming": bool(slots.get("intake_toestemming")),
    }
