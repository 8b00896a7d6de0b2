"""Contact details: e-mail address, Dutch phone number and contact preference.

- ``validate_email``: a sane syntax check (no network lookups); the domain is
  lowercased, the part before the @ is kept as typed.
- ``validate_telefoon``: Dutch numbers only: mobile (06…, +31 6…, 0031 6…), landlines
  with area code (010-1234567, 020 123 4567, 0418-123456) and the location-independent
  084/085/087/088 numbers. Normalised to E.164 ("+31612345678"). Service numbers
  (0800/090x) and foreign numbers are refused with an explanation.
- ``parse_contactvoorkeur``: "mail maar" → email, "bel me" → telefoon, "via de chat" →
  chat. **WhatsApp, sms and "app me" count as telefoon**: reaching someone on WhatsApp
  needs their phone number, whichever channel the chat started in, and an adviser can
  then app or call. "chat" means: continue in this conversation (widget, Teams, or
  WhatsApp when that is the channel already).
"""

from __future__ import annotations

import re
from functools import cache

from rapidfuzz.distance import OSA

from assistant.intake.result import Invalid, Valid, display, invalid, validates
from assistant.intake.text import KeywordMatcher, fold, words

EMAIL_MAX = 254
PHONE_MAX = 40
PREFERENCE_MAX = 500
CONTACTVOORKEUREN = ("email", "telefoon", "chat")

# ---------------------------------------------------------------------------- e-mail

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_LETTER = r"a-z0-9\u00e0-\u024f"  # also accented letters (internationalised domains)
_LABEL = re.compile(rf"^[{_LETTER}](?:[{_LETTER}-]{{0,61}}[{_LETTER}])?$")
_TLD = re.compile(r"^([a-z\u00e0-\u024f]{2,63}|xn--[a-z0-9-]{1,59})$")
# Providers many ondernemers use; a near miss of one of these is probably a typo.
COMMON_DOMAINS = (
    "gmail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl", "live.nl",
    "icloud.com", "yahoo.com", "ziggo.nl", "kpnmail.nl", "kpnplanet.nl", "planet.nl",
    "xs4all.nl", "home.nl", "caiway.nl", "telfort.nl", "upcmail.nl", "chello.nl",
)


@validates("email", EMAIL_MAX)
def validate_email(text: str) -> Valid[str] | Invalid:
    candidates = [token for token in text.split(" ") if "@" in token]
    if not candidates:
        return invalid("email_geen_apenstaart")
    if len(candidates) > 1:
        return invalid("email_meerdere")
    address = candidates[0].strip("<>()[]\"',;:.!?").removeprefix("mailto:")
    local, _, domain = address.rpartition("@")
    if "@" in local:
        return invalid("email_apenstaarten")
    if not local or not _LOCAL.match(local) or ".." in local or local[0] == "." or local[-1] == ".":
        return invalid("email_naam")
    domain = domain.lower()
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return invalid("email_domein")
    if not _TLD.match(labels[-1]):
        return invalid("email_domein")
    value = f"{local}@{domain}"
    return Valid(value, display("email", adres=value))


def suggest_email_domain(address: str) -> str | None:
    """The address with a well-known domain when its domain looks like a typo of one.

    ``suggest_email_domain("sanne@gmial.com")`` → ``"sanne@gmail.com"``. Use it to ask
    "Bedoel je …?"; the address itself may still be right, so never replace silently.
    """
    local, _, domain = address.rpartition("@")
    domain = domain.lower()
    if not local or domain in COMMON_DOMAINS:
        return None
    best = min(COMMON_DOMAINS, key=lambda known: OSA.distance(domain, known))
    limit = 1 if len(best) < 9 else 2
    if OSA.distance(domain, best) <= limit:
        return f"{local}@{best}"
    return None


# ----------------------------------------------------------------------------- phone

# Area codes with two digits after the 0; all other geographic ones have three.
AREA_CODES_2 = frozenset({
    "10", "13", "15", "20", "23", "24", "26", "30", "33", "35", "36", "38", "40", "43", "45",
    "46", "50", "53", "55", "58", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79",
})
NON_GEOGRAPHIC = frozenset({"84", "85", "87", "88"})
SERVICE_PREFIXES = ("800", "900", "906", "909")
MOBILE_SECOND = frozenset("123458")
NATIONAL_DIGITS = 9  # digits after the leading 0

_PHONE_LABELS = re.compile(
    r"\b(tel|telefoon|telefoonnummer|mobiel|mobiele|mob|nummer|nr|gsm|mijn|is|het|"
    r"bereikbaar op|op)\b[:.]?"
)


def _national_part(number: str) -> str | Invalid:
    """The digits after the Dutch trunk prefix (0, +31 or 0031)."""
    if number.startswith("+31") or number.startswith("0031"):
        national = number.removeprefix("+31").removeprefix("0031")
        return national.removeprefix("0")  # "+31 06…" is a common slip
    if number.startswith("+") or number.startswith("00"):
        return invalid("telefoon_buitenland")
    if number.startswith("0"):
        return number[1:]
    return invalid("telefoon_begin")


def format_telefoon(national: str) -> str:
    """Dutch display format: "06 12345678", "010 1234567", "0418 123456"."""
    if national[0] == "6":
        return f"06 {national[1:]}"
    cut = 2 if national[:2] in AREA_CODES_2 or national[:2] in NON_GEOGRAPHIC else 3
    return f"0{national[:cut]} {national[cut:]}"


@validates("telefoon", PHONE_MAX)
def validate_telefoon(text: str) -> Valid[str] | Invalid:
    """Validate a Dutch phone number; ``Valid.value`` is E.164 ("+31612345678")."""
    stripped = _PHONE_LABELS.sub(" ", fold(text)).replace("(0)", "")
    number = re.sub(r"[\s\-./()]", "", stripped)
    if any(ch.isalpha() for ch in number):
        return invalid("telefoon_letters")
    if not number or not re.fullmatch(r"\+?\d+", number):
        return invalid("telefoon_tekens")
    national = _national_part(number)
    if isinstance(national, Invalid):
        return national
    if national.startswith(SERVICE_PREFIXES):
        return invalid("telefoon_servicenummer")
    if len(national) != NATIONAL_DIGITS:
        too_few = len(national) < NATIONAL_DIGITS
        code = "telefoon_te_weinig_cijfers" if too_few else "telefoon_te_veel_cijfers"
        return invalid(code, aantal=len(national) + 1)
    first = national[0]
    if first == "6" and national[1] not in MOBILE_SECOND:
        return invalid("telefoon_ongeldig")
    if first in "09" or (first == "8" and national[:2] not in NON_GEOGRAPHIC):
        return invalid("telefoon_ongeldig")
    return Valid(f"+31{national}", display("telefoon", nummer=format_telefoon(national)))


# ------------------------------------------------------------------ contact preference

_PREFERENCE_WORDS = {
    "email": ["mail*", "e mail*", "per mail", "mailadres", "emailadres"],
    "telefoon": [
        "bel", "bellen", "belt", "belletje", "gebeld", "bel me", "telefo*", "mobiel",
        "06", "app", "appen", "appje", "whatsapp*", "sms*", "terugbellen", "opbellen",
    ],
    "chat": ["chat*", "hier", "via deze weg", "in dit gesprek", "teams"],
}
_NEGATIONS = frozenset({"niet", "geen", "nooit"})
_CLAUSES = re.compile(r"[,.;:!?]|\b(?:maar|of|en|liever|dus)\b")


@cache
def _matcher() -> KeywordMatcher:
    return KeywordMatcher(_PREFERENCE_WORDS)


@validates("contactvoorkeur", PREFERENCE_MAX)
def parse_contactvoorkeur(text: str) -> Valid[str] | Invalid:
    """Map free text to ``email``, ``telefoon`` or ``chat``; negations are respected
    ("niet bellen, liever mailen" → email). Several or none → ``Invalid`` with options."""
    folded = fold(text)
    if folded in CONTACTVOORKEUREN:
        return Valid(folded, display(f"contact_{folded}"))
    wanted: list[str] = []
    refused: set[str] = set()
    for clause in _CLAUSES.split(folded):  # "niet bellen, liever mailen": two clauses
        tokens = words(clause)
        for hit in _matcher().find(clause):
            label = hit.keyword.label
            if _NEGATIONS.intersection(tokens[: hit.start]):
                refused.add(label)
            elif label not in wanted:
                wanted.append(label)
    chosen = [label for label in wanted if label not in refused]
    if len(chosen) == 1:
        return Valid(chosen[0], display(f"contact_{chosen[0]}"))
    options = chosen or [label for label in CONTACTVOORKEUREN if label not in refused]
    return invalid("contactvoorkeur_kies", options=options)
