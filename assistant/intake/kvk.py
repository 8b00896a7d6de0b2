"""KvK-nummer: exactly 8 digits. Starters without one get ``Absent``, not an error.

Accepted: "12345678", "1234 5678", "12.34.56.78", "KvK 12345678",
"mijn kvk-nummer is 1234-5678". A 12-digit number is a vestigingsnummer and gets its
own explanation. No check digit: KvK-nummers have none that is published.
"""

from __future__ import annotations

import re

from assistant.intake.result import Absent, Invalid, Valid, display, invalid, validates
from assistant.intake.text import fold

MAX_CHARS = 100
DIGITS = 8
VESTIGINGSNUMMER_DIGITS = 12

_STARTER = re.compile(
    r"^(nee|nope|geen|nog geen|nog niet|niet|n\.?v\.?t\.?|starter|"
    r"ik ben (een )?starter|"
    r"(die |dat |een kvk(-?nummer)? )?heb (ik|ik er|we|wij) (nog )?(niet|geen)|"
    r"(ik|we|wij) (heb|hebben) (er )?(nog )?geen|"
    r"(nog )?geen kvk(-?nummer)?|(nog )?niet ingeschreven|"
    r"(ik )?(start|begin) (pas|net)|(ik ben|we zijn) (net|pas) (begonnen|gestart))"
    r"\b[\s\w,.!']*$"
)
_UNKNOWN = re.compile(r"^(weet ik (even |nu )?niet|geen idee|kan ik (nu )?niet vinden|"
                      r"ik weet het (even |nu )?niet|onbekend)\b[\s\w,.!']*$")
# Words people put around the number: "mijn kvk-nummer is 12345678".
_LABELS = re.compile(
    r"\b(kvk|kvk-?nummer|kvk-?nr|kamer van koophandel|nummer|nr|mijn|ons|onze|het|"
    r"is|dat|hier|hoor|graag|die|van|de)\b|[:=#.,!?()\-]"
)


@validates("kvk", MAX_CHARS)
def validate_kvk(text: str) -> Valid[str] | Absent | Invalid:
    """Validate a KvK-nummer answer; ``Valid.value`` is the 8 digits without separators."""
    folded = fold(text)
    has_digit = any(ch.isdigit() for ch in folded)
    if not has_digit and _UNKNOWN.match(folded):
        return Absent("onbekend", display("kvk_onbekend"))
    if not has_digit and _STARTER.match(folded):
        return Absent("starter", display("kvk_starter"))
    rest = _LABELS.sub(" ", folded)
    if any(not (ch.isdigit() or ch.isspace()) for ch in rest):
        if not has_digit:
            return invalid("kvk_geen_cijfers")
        if any(ch.isalpha() for ch in rest):
            return invalid("kvk_letters")
        return invalid("kvk_tekens")
    digits = "".join(ch for ch in rest if ch.isdigit())
    if len(digits) == DIGITS:
        return Valid(digits, display("kvk", nummer=digits))
    if len(digits) == VESTIGINGSNUMMER_DIGITS:
        return invalid("kvk_vestigingsnummer")
    if len(digits) < DIGITS:
        return invalid("kvk_te_kort", aantal=len(digits))
    return invalid("kvk_te_veel_cijfers", aantal=len(digits))
