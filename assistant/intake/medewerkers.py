"""Number of people working in the business, from numbers or words.

Understood: "6", "zes", "we zijn met z'n zessen", "zzp", "alleen ik", "ik ben zzp'er",
"een stuk of vijf", "15 fte", "8 man", "tussen de 10 en 20", "twee collega's en ik".

Rules (documented choices):
- The number counts everyone who works in the business, the ondernemer included, as
  the ondernemer says it: "5 medewerkers" is 5; only "… en ik" / "plus mij" adds one.
- A range ("tussen de 10 en 20", "10-20", "10 tot 20") counts as its **midpoint,
  rounded up** (15); the range is kept in ``Medewerkers.bereik``.
- "een stuk of vijf", "ongeveer 5", "zo'n 5": 5, marked as an estimate.
- Fractions (fte) are rounded up: "2,5 fte" is 3.
- 0, negative numbers and more than 1,000,000 are refused.

Size classes: zzp (1), micro (2–9), klein (10–49), middelgroot (50–249), groot (250+).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.intake.number_words import parse_collective, parse_number
from assistant.intake.result import Invalid, Valid, display, invalid, validates
from assistant.intake.text import fold

MAX_MEDEWERKERS = 1_000_000
MAX_CHARS = 200
SIZE_CLASSES = ((250, "groot"), (50, "middelgroot"), (10, "klein"), (2, "micro"), (1, "zzp"))


@dataclass(frozen=True, slots=True)
class Medewerkers:
    aantal: int
    klasse: str
    schatting: bool = False
    bereik: tuple[int, int] | None = None


def grootteklasse(aantal: int) -> str:
    """The size class for a number of people (at least 1)."""
    return next(name for lower, name in SIZE_CLASSES if aantal >= lower)


# Numbers are first tagged as «value», so the patterns below see "«6» man".
N = r"«(\d+(?:\.\d+)?)»"
STAFF = (
    r"(?:medewerkers?|werknemers?|mensen|man|fte|personeelsleden|personen|"
    r"collega'?s|collega|krachten|koppen|mensen in dienst)"
)
_RELATIVES = (
    r"(?:vrouw|man|partner|compagnon|zakenpartner|vennoot|broer|zus|zoon|dochter|vader|"
    r"moeder|collega)"
)
_NEGATIVE = re.compile(r"(?<!»)(?<!» )-\s?«|\bmin(?:us)? «")
_RANGE = re.compile(rf"tussen (?:de )?{N} en {N}|{N} ?(?:-|tot en met|tot|a|of) ?{N}")
_PLUS_ME = re.compile(
    rf"{N} (?:andere )?{STAFF} (?:en|plus|\+) (?:ik|mij|mezelf)|"
    rf"(?:ik|mijzelf|mezelf) (?:en|plus|\+|met) {N} (?:andere )?{STAFF}"
)
_PARTNER = re.compile(
    rf"(?:mijn|m'n|mn) {_RELATIVES} en ik|ik en (?:mijn|m'n|mn) {_RELATIVES}\b"
)
_APPROX = re.compile(
    rf"(?:een stuk of|een man of|zo'?n|ongeveer|ong\.?|circa|ca\.?|rond de|rond|ruim|"
    rf"bijna|plusminus|\+/?-|±|pakweg|iets van|zowat|grofweg) ?{N}"
)
_COLLECTIVE = re.compile(r"\bmet (?:z'?n|zijn|ons|onze|hun|ze) ([a-z]+)")
_WITH_STAFF = re.compile(rf"{N} ?{STAFF}\b")
_ZZP = re.compile(
    r"\b(?:zzp(?:'?er)?|zzp'?ers|zelfstandige zonder personeel|alleen ik|ik alleen|"
    r"(?:alleen|enkel|gewoon|maar) (?:mij|mezelf|ikzelf)|(?:in )?(?:m'?n|mijn) (?:uppie|eentje)|"
    r"eenmanszaak(?:je)?|eenpitter|solo|freelancer|"
    r"geen (?:personeel|medewerkers|werknemers|collega'?s|mensen in dienst))\b"
)
_NUMBER_TOKEN = re.compile(r"(?<![«\d])\d+(?:[.,]\d+)*|[a-z]+")
_TAGGED = re.compile(N)
_MULTIPLIERS = {"duizend": 1_000, "miljoen": 1_000_000, "mln": 1_000_000}
_MULTIPLIED = re.compile(r"\b(\d+(?:[.,]\d+)*|[a-z]+) ?(duizend|miljoen|mln)\b")


def _tag_numbers(folded: str) -> str:
    """Replace numbers (digits or words, not the article "een") by «value»."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        value = None if token == "een" else parse_number(token)
        return token if value is None else _tag(value)

    def multiply(match: re.Match[str]) -> str:
        value = parse_number(match.group(1))
        return match.group(0) if value is None else _tag(value * _MULTIPLIERS[match.group(2)])

    return _NUMBER_TOKEN.sub(replace, _MULTIPLIED.sub(multiply, folded))


def _tag(value: float) -> str:
    return f"«{int(value) if value.is_integer() else value}»"


def _result(amount: float, *, schatting: bool = False, bereik=None) -> Valid | Invalid:
    if amount < 0:
        return invalid("medewerkers_negatief")
    if amount == 0:
        return invalid("medewerkers_nul")
    if amount > MAX_MEDEWERKERS:
        return invalid("medewerkers_te_groot", max=f"{MAX_MEDEWERKERS:,}".replace(",", "."))
    aantal = math.ceil(amount)
    value = Medewerkers(aantal, grootteklasse(aantal), schatting, bereik)
    if value.klasse == "zzp" and not schatting:
        return Valid(value, display("medewerkers_zzp"))
    if bereik:
        shown = display("medewerkers_bereik", laag=bereik[0], hoog=bereik[1], aantal=aantal,
                        klasse=value.klasse)
    elif schatting:
        shown = display("medewerkers_schatting", aantal=aantal, klasse=value.klasse)
    else:
        shown = display("medewerkers", aantal=aantal, klasse=value.klasse)
    return Valid(value, shown)


def _evaluate(tagged: str) -> Valid | Invalid | None:
    """Interpret a tagged text; None if it says nothing about the number of people."""
    if _NEGATIVE.search(tagged):
        return invalid("medewerkers_negatief")
    if match := _RANGE.search(tagged):
        low, high = sorted(float(x) for x in match.groups() if x is not None)
        if low <= 0:
            return invalid("medewerkers_nul")
        return _result((low + high) / 2, schatting=True,
                       bereik=(math.ceil(low), math.ceil(high)))
    if match := _PLUS_ME.search(tagged):
        return _result(float(next(x for x in match.groups() if x)) + 1)
    if _PARTNER.search(tagged):
        return _result(2)
    if match := _APPROX.search(tagged):
        return _result(float(match.group(1)), schatting=True)
    for match in _COLLECTIVE.finditer(tagged):
        if value := parse_collective(match.group(1)):
            return _result(value)
    with_staff = {float(x) for x in _WITH_STAFF.findall(tagged)}
    if len(with_staff) == 1:
        return _result(with_staff.pop())
    numbers = {float(x) for x in _TAGGED.findall(tagged)}
    if not numbers and _ZZP.search(tagged):
        return _result(1)
    if len(numbers) == 1:
        return _result(numbers.pop())
    if numbers:
        return invalid("medewerkers_onduidelijk")
    return None


@validates("medewerkers", MAX_CHARS)
def parse_medewerkers(text: str) -> Valid[Medewerkers] | Invalid:
    """Parse an answer to "Hoeveel mensen werken er in je bedrijf?"."""
    folded = re.sub(rf"(\d)({STAFF})\b", r"\1 \2", fold(text))  # "8man" → "8 man"
    if re.search(r"\d[a-z]|[a-z]\d", folded):
        return invalid("medewerkers_letters")
    if folded in ("een", "1"):
        return _result(1)
    return _evaluate(_tag_numbers(folded)) or invalid("medewerkers_onbekend")


# Where a longer message talks about the number of people (for extract_fields).
_MENTIONS = re.compile(
    rf"(?:we|wij) zijn (?:nu |nog |maar |in totaal |totaal )*(?:met )?"
    rf"(?:{N}|z'?n [a-z]+|ons [a-z]+)|"
    rf"het zijn er (?:nu |maar |in totaal )*{N}|"
    rf"{_COLLECTIVE.pattern}|"
    rf"(?:tussen (?:de )?{N} en {N}|{N} ?(?:-|tot) ?{N}) {STAFF}|"
    rf"{_APPROX.pattern} {STAFF}|"
    rf"{_PLUS_ME.pattern}|{_PARTNER.pattern}|"
    rf"{N} ?{STAFF}\b|"
    r"\b(?:ik ben |als )?zzp(?:'?er)?\b|\beenmanszaak\b|\b(?:in )?(?:m'?n|mijn) eentje\b|"
    r"\bzelfstandige zonder personeel\b"
)


def search_medewerkers(text: str) -> Valid[Medewerkers] | None:
    """The number of people mentioned in a longer message, or None (conservative:
    only clear phrases such as "we zijn met z'n zessen", "8 man", "het zijn er 8")."""
    tagged = _tag_numbers(fold(text))
    found = None
    for match in _MENTIONS.finditer(tagged):
        result = _evaluate(match.group(0))
        if isinstance(result, Valid):
            found = result
    return found
