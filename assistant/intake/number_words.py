"""Dutch numbers in digits or words: "15", "1.500", "2,5", "zes", "vijfentwintig",
"tweehonderd", and the collective forms of "met z'n zessen"."""

from __future__ import annotations

import re

UNITS = {
    "nul": 0, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9,
}
TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}
TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60,
    "zeventig": 70, "tachtig": 80, "negentig": 90,
}
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")  # "1.500"
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def _below_100(word: str) -> int | None:
    for table in (UNITS, TEENS, TENS):
        if word in table:
            return table[word]
    for tens_word, tens in TENS.items():
        unit = word.removesuffix("en" + tens_word)
        if unit != word and UNITS.get(unit, 0) > 0:
            return tens + UNITS[unit]
    return None


def _below_1000(word: str) -> int | None:
    head, found, tail = word.partition("honderd")
    if not found:
        return _below_100(word)
    hundreds = UNITS.get(head) if head else 1
    rest = _below_100(tail.removeprefix("en")) if tail else 0
    if not hundreds or rest is None:
        return None
    return hundreds * 100 + rest


def parse_number_word(word: str) -> int | None:
    """A folded Dutch number word ("vijfentwintig" → 25), or None."""
    head, found, tail = word.partition("duizend")
    if not found:
        return _below_1000(word)
    thousands = _below_1000(head) if head else 1
    rest = _below_1000(tail.removeprefix("en")) if tail else 0
    if not thousands or rest is None:
        return None
    return thousands * 1000 + rest


def parse_number(token: str) -> float | None:
    """Digits ("1.500", "2,5") or a number word; None if the token is no number."""
    if _THOUSANDS.fullmatch(token):
        return float(token.replace(".", ""))
    if _DIGITS.fullmatch(token):
        return float(token.replace(",", "."))
    value = parse_number_word(token)
    return None if value is None else float(value)


def parse_collective(word: str) -> int | None:
    """The collective form: "tweeen" 2, "zessen" 6, "vijven" 5, "elven" 11, "tweetjes" 2."""
    if word == "tweetjes":
        return 2
    if not word.endswith("en") or len(word) < 5:
        return None
    stem = word[:-2]
    for candidate in (stem, stem[:-1] if stem[-1:] == stem[-2:-1] else "", stem[:-1] + "f"):
        value = parse_number_word(candidate) if candidate else None
        if value and value > 1:
            return value
    return None
