"""Pydantic's validation errors in Dutch: one place for every reader of them.

``dutch_message(error)`` turns one error of ``ValidationError.errors()`` (or FastAPI's
``RequestValidationError.errors()``) into a short Dutch line: what is wrong and what is
expected. The scan definition's checker adds its own hints for its files; the API's
problem responses use it as is (``api/problems.py``). An error type without a Dutch text
gets a general one, never pydantic's English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, get_args

from pydantic_core.core_schema import ErrorType

# Pydantic's own error types (their ``msg`` is English); any other type is one of ours
# (``custom_error_type`` / ``PydanticCustomError``) whose message is already Dutch.
PYDANTIC_TYPES = frozenset(get_args(ErrorType))

MESSAGES = {
    "missing": "ontbreekt; dit veld is verplicht",
    "extra_forbidden": "onbekend veld; controleer de spelling",
    "json_invalid": "is geen geldige JSON",
    "json_type": "verwacht JSON",
    "string_type": "verwacht tekst",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang (hoogstens {max_length} tekens)",
    "string_pattern_mismatch": "heeft niet de juiste vorm (verwacht: {pattern}); gevonden: {input}",
    "int_type": "verwacht een heel getal",
    "int_parsing": "verwacht een heel getal; gevonden: {input}",
    "int_parsing_size": "dit getal is te groot; gevonden: {input}",
    "int_from_float": "verwacht een heel getal",
    "float_type": "verwacht een getal",
    "float_parsing": "verwacht een getal; gevonden: {input}",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "list_type": "verwacht een lijst",
    "tuple_type": "verwacht een lijst",
    "dict_type": "verwacht een blok met velden (sleutel: waarde)",
    "model_type": "verwacht een blok met velden (sleutel: waarde)",
    "model_attributes_type": "verwacht een blok met velden (sleutel: waarde)",
    "literal_error": "verwacht {expected}; gevonden: {input}",
    "enum": "verwacht {expected}; gevonden: {input}",
    "greater_than_equal": "moet {ge} of meer zijn; gevonden: {input}",
    "greater_than": "moet meer dan {gt} zijn; gevonden: {input}",
    "less_than_equal": "mag hoogstens {le} zijn; gevonden: {input}",
    "less_than": "moet minder dan {lt} zijn; gevonden: {input}",
    "too_short": "verwacht minstens {min_length} onderdeel/onderdelen",
    "too_long": "verwacht hoogstens {max_length} onderdelen",
    "date_parsing": "is geen datum; verwacht JJJJ-MM-DD",
    "date_from_datetime_parsing": "is geen datum; verwacht JJJJ-MM-DD",
    "datetime_parsing": "is geen tijdstip; verwacht bijvoorbeeld 2026-11-30T10:15:00+01:00",
    "datetime_from_date_parsing": "is geen tijdstip; verwacht bijvoorbeeld "
    "2026-11-30T10:15:00+01:00",
    "datetime_type": "verwacht een tijdstip",
    "timezone_aware": "verwacht een tijdstip met tijdzone, bijvoorbeeld +01:00",
    "uuid_parsing": "is geen geldige id",
    "url_parsing": "is geen geldig adres",
    "union_tag_invalid": "onbekende soort; verwacht {expected_tags}",
}
GENERAL = "klopt niet"


def show(value: Any) -> str:
    """A value as it appears in a message, cut off when long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def dutch_message(error: Mapping[str, Any]) -> str:
    kind, ctx = error.get("type", ""), dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])  # our own validators raise Dutch texts
    template = MESSAGES.get(kind)
    if template is None:
        return GENERAL if kind in PYDANTIC_TYPES else str(error.get("msg") or GENERAL)
    if "expected" in ctx:
        ctx["expected"] = "een van: " + str(ctx["expected"]).replace(" or ", " of ")
    try:
        return template.format(**ctx, input=show(error.get("input")))
    except (KeyError, IndexError):
        return GENERAL
