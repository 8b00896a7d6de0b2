"""Dossiernummers (referenties) such as "SCH-7K4P-9Q2M".

Eight random characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V
pairs are kept apart by leaving out 0, 1, I, L, O and U): 30^8 ≈ 6.6 × 10^11 numbers,
so guessing one is impractical and collisions are rare (the store retries on one).
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "SCH"
LENGTH = 8
_SHAPE = re.compile(rf"^(?:{PREFIX})?([{ALPHABET}]{{{LENGTH}}})$")


def _format(chars: str) -> str:
    return f"{PREFIX}-{chars[:4]}-{chars[4:]}"


def new_referentie() -> str:
    return _format("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def normalise_referentie(text: str) -> str | None:
    """ "sch 7k4p 9q2m", "SCH-7K4P-9Q2M", "7K4P9Q2M" → "SCH-7K4P-9Q2M"; None if it
    cannot be a referentie."""
    compact = re.sub(r"[\s\-_.]", "", (text or "").upper())
    match = _SHAPE.match(compact)
    return _format(match.group(1)) if match else None


_IN_TEXT = re.compile(rf"\b{PREFIX}[\s\-_.]?([{ALPHABET}]{{4}})[\s\-_.]?([{ALPHABET}]{{4}})\b",
                      re.IGNORECASE)


def find_referentie(text: str) -> str | None:
    """The dossiernummer a message mentions ("dossiernummer sch-7k4p-9q2m, ...")."""
    match = _IN_TEXT.search(text or "")
    return _format((match.group(1) + match.group(2)).upper()) if match else None
