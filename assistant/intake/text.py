"""Text helpers shared by the intake parsers: cleaning, folding and keyword matching.

``clean`` keeps what the ondernemer wrote but drops control characters and extra
whitespace; ``fold`` is for comparing (lowercase, no accents, one kind of quote).
``KeywordMatcher`` finds keyword phrases in free text, including Dutch compounds
("fietsenwinkel" contains "winkel").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
# A single-word keyword this long also matches at the end of a compound word.
COMPOUND_MIN = 5


def clean(text: object) -> str:
    """The text without control or invisible characters, with single spaces, stripped."""
    if text is None:
        return ""
    raw = unicodedata.normalize("NFC", str(text)).translate(_QUOTES)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in raw
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    return _SPACES.sub(" ", kept).strip()


def fold(text: object) -> str:
    """``clean`` plus lowercase and accents removed ("Súdwest-Fryslân" → "sudwest-fryslan")."""
    decomposed = unicodedata.normalize("NFKD", clean(text).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: object) -> list[str]:
    """The folded words of a text; apostrophes inside words stay ("z'n", "collega's")."""
    return _WORD.findall(fold(text))


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def shorten(text: str, limit: int = 40) -> str:
    """A short quote of the ondernemer's input for a message."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_or(items: list[str]) -> str:
    """ "A", "A of B", "A, B of C"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} of {items[-1]}"


@dataclass(frozen=True, slots=True)
class Keyword:
    label: str
    pattern: str
    words: tuple[str, ...]
    prefix: bool  # pattern ended with '*': its last word may continue ("financier*")

    @property
    def weight(self) -> int:
        """Longer, more specific keywords count more."""
        return sum(len(word) for word in self.words)


@dataclass(frozen=True, slots=True)
class KeywordHit:
    keyword: Keyword
    start: int  # index of the first word in the text


def _compile(label: str, pattern: str) -> Keyword:
    prefix = pattern.rstrip().endswith("*")
    parts = tuple(words(pattern.rstrip().rstrip("*")))
    if not parts:
        raise ValueError(f"Leeg trefwoord bij {label!r}")
    return Keyword(label, pattern, parts, prefix)


class KeywordMatcher:
    """Finds keywords (one or more words) in text.

    A keyword matches whole words. Two relaxations: a pattern ending in ``*`` lets its
    last word continue, and a single word of at least ``COMPOUND_MIN`` letters also
    matches inside a compound: at its end ("kapsalon" in "hondenkapsalon"), or anywhere
    when it ends in ``*`` ("subsidie*" in "innovatiesubsidies").
    """

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        self._by_first: dict[str, list[Keyword]] = {}
        self._prefixed: list[Keyword] = []
        for label, patterns in entries.items():
            for pattern in patterns:
                keyword = _compile(label, pattern)
                if keyword.prefix and len(keyword.words) == 1:
                    self._prefixed.append(keyword)
                else:
                    self._by_first.setdefault(keyword.words[0], []).append(keyword)

    def _candidates(self, token: str) -> Iterable[Keyword]:
        yield from self._by_first.get(token, ())
        for start in range(1, len(token) - COMPOUND_MIN + 1):
            for keyword in self._by_first.get(token[start:], ()):
                if len(keyword.words) == 1 and not keyword.prefix:
                    yield keyword
        for keyword in self._prefixed:
            stem = keyword.words[0]
            if token.startswith(stem) or (len(stem) >= COMPOUND_MIN and stem in token):
                yield keyword

    @staticmethod
    def _fits(keyword: Keyword, tokens: list[str], start: int) -> bool:
        end = start + len(keyword.words)
        if end > len(tokens):
            return False
        for offset, word in enumerate(keyword.words[1:], start=1):
            token = tokens[start + offset]
            last = offset == len(keyword.words) - 1
            if not (token == word or (last and keyword.prefix and token.startswith(word))):
                return False
        return True

    def find(self, text: object) -> list[KeywordHit]:
        tokens = words(text)
        hits = []
        for index, token in enumerate(tokens):
            for keyword in self._candidates(token):
                if self._fits(keyword, tokens, index):
                    hits.append(KeywordHit(keyword, index))
        return hits
