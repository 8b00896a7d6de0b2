"""Answers that name their field, as the summary's examples suggest.

``labelled_answers("de gemeente is Dronten en het aantal medewerkers is 8")`` →
``{"gemeente": "Dronten", "medewerkers": "8"}``. Also "mijn naam is priya", "naam:
Priya", "het kvk-nummer moet 12345678 zijn", "verander de gemeente in Dronten". The
values are raw text; the caller validates them with the field's own validator.
"""

from __future__ import annotations

import re

# Field → the words people use for it; longer phrases are tried first.
LABELS: dict[str, tuple[str, ...]] = {
    "bedrijfsnaam": ("bedrijfsnaam", "naam van (?:mijn|ons|het) bedrijf", "naam van de zaak",
                     "bedrijf heet", "zaak heet", "bedrijf", "zaak"),
    "contactpersoon": ("voornaam", "contactpersoon", "naam", "ik heet"),
    "gemeente": ("gemeente", "vestigingsplaats", "woonplaats", "plaats", "stad", "dorp"),
    "medewerkers": ("aantal medewerkers", "aantal werknemers", "aantal mensen",
                    "aantal personen", "medewerkers", "werknemers", "personeel",
                    "aantal man", "mensen"),
    "sector": ("sector", "branche", "branch"),
    "kvk_nummer": ("kvk[- ]?nummer", "kvk[- ]?nr", "kvk"),
    "contactvoorkeur": ("contactvoorkeur", "contact", "manier van contact"),
    "email": ("e-?mailadres", "e-?mail", "mailadres", "mail"),
    "telefoon": ("telefoonnummer", "telefoon", "mobiele nummer", "mobiel", "nummer", "tel"),
    "hulpvraag": ("hulpvraag", "mijn vraag", "de vraag", "vraag"),
}
_LEAD = r"(?:(?:nee|sorry|oeps|correctie)[\s,.!:]*)?(?:verander |wijzig |pas )?"
_OWNER = r"(?:(?:de|het|mijn|m'n|ons|onze|jullie)\s+)?"
_VERB = (
    r"(?:\s*[:=]\s*|\s+(?:is|zijn|moet zijn|moet|wordt|in|naar|hoort te zijn)(?:\s*:)?\s+"
    r"(?:eigenlijk\s+|toch\s+|gewoon\s+|wel\s+)?)"
)
_FIELD_BY_LABEL = {
    label: field for field, labels in LABELS.items() for label in labels
}
_PATTERN = re.compile(
    rf"(?:^|(?<=[\s,;.]))(?:en\s+)?{_LEAD}{_OWNER}"
    rf"(?P<label>{'|'.join(sorted(_FIELD_BY_LABEL, key=len, reverse=True))})\b"
    rf"(?:(?<=heet)\s+|{_VERB})",
    re.I,
)
# "de naam is goed": a verdict on the value, not a new value.
_VERDICT = re.compile(r"(?i)^(?:niet\s+)?(?:goed|prima|juist|correct|klopt|fout|verkeerd|"
                      r"oke|ok|anders)\b")
_TRAILING = re.compile(r"(?:[\s,;.!]+|\s+en|\s+zijn)+$", re.I)


def _field(label: str) -> str | None:
    for pattern, field in _FIELD_BY_LABEL.items():
        if re.fullmatch(pattern, label, re.I):
            return field
    return None


def labelled_answers(text: str) -> dict[str, str]:
    """Field → the raw value the message gives it; the first mention of a field wins."""
    matches = list(_PATTERN.finditer(text))
    found: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = _TRAILING.sub("", text[match.end():end]).strip()
        field = _field(match.group("label"))
        if field and value and not _VERDICT.match(value) and field not in found:
            found[field] = value
    return found
