"""Free-text intake answers: contactpersoon, bedrijfsnaam and hulpvraag.

Lead-ins are dropped ("mijn naam is Sanne" → "Sanne"); control characters and extra
spaces go; lengths are capped. A starter without a company name may say so
(``Absent("nog_geen")``).
"""

from __future__ import annotations

import re

from assistant.intake.result import Absent, Invalid, Valid, display, invalid, validates
from assistant.intake.text import fold

NAAM_MAX = 100
BEDRIJFSNAAM_MAX = 200
HULPVRAAG_MAX = 5000
HULPVRAAG_MIN_LETTERS = 3

_NAME_LEAD = re.compile(r"^(?:ik ben|ik heet|mijn naam is|je spreekt met|dit is|met)\s+", re.I)
_COMPANY_LEAD = re.compile(
    r"^(?:(?:mijn|ons|het) (?:bedrijf|zaak|onderneming) heet|(?:de )?bedrijfsnaam is|"
    r"(?:het )?bedrijf heet|we heten|wij heten)\s*:?\s+",
    re.I,
)
_NO_COMPANY = re.compile(
    r"^(?:nog )?(?:geen|niet)(?: naam)?$|^(?:die |dat )?heb (?:ik|we) (?:nog )?(?:niet|geen)|"
    r"^(?:nog )?geen (?:bedrijfs)?naam|^weet ik nog niet"
)


@validates("contactpersoon", NAAM_MAX)
def validate_contactpersoon(text: str) -> Valid[str] | Invalid:
    text = _NAME_LEAD.sub("", text).strip(" .,!")
    if not text:
        return invalid("contactpersoon_leeg")
    if "@" in text or any(ch.isdigit() for ch in text):
        return invalid("contactpersoon_tekens")
    if sum(ch.isalpha() for ch in text) < 2:
        return invalid("contactpersoon_geen_naam")
    return Valid(text, text)


@validates("bedrijfsnaam", BEDRIJFSNAAM_MAX)
def validate_bedrijfsnaam(text: str) -> Valid[str] | Absent | Invalid:
    text = _COMPANY_LEAD.sub("", text).strip(" .,!")
    if not text:
        return invalid("bedrijfsnaam_leeg")
    if _NO_COMPANY.match(fold(text)):
        return Absent("nog_geen", display("bedrijfsnaam_nog_geen"))
    if not any(ch.isalnum() for ch in text):
        return invalid("bedrijfsnaam_geen_naam")
    return Valid(text, text)


@validates("hulpvraag", HULPVRAAG_MAX)
def validate_hulpvraag(text: str) -> Valid[str] | Invalid:
    if sum(ch.isalpha() for ch in text) < HULPVRAAG_MIN_LETTERS:
        return invalid("hulpvraag_te_kort")
    return Valid(text, text)
