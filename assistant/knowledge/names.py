"""Finds the names of entries (naam, afkorting, synoniemen) inside a sentence.

"kom ik in aanmerking voor SLIM?" → slim. Spacing does not matter ("innovatie box" and
"innovatiebox" are the same name) and small typos are forgiven in names of five letters
or more. Names that are very short or start with a common Dutch word ("GO", "EEN
Nederland") only count when typed exactly, capitals included, so "een" in an ordinary
sentence is not the Enterprise Europe Network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.knowledge.schema import Entry
from assistant.knowledge.text import STOPWORDS, max_typos, words

MAX_WORDS = 80  # only the start of a very long message is searched for names
_EXTRA_WINDOW = 2  # a name may be typed in up to two more (or one fewer) words
FUZZY_WORDS = 3  # typos are only looked for in runs of up to three words


@dataclass(frozen=True, slots=True)
class NameMatch:
    entry: Entry
    alias: str
    exact: bool

    @property
    def strength(self) -> tuple[bool, int]:
        return self.exact, len(self.alias)


@dataclass(frozen=True, slots=True)
class _Alias:
    entry: Entry
    text: str
    joined: str
    size: int  # number of words


def _strict(parts: list[str]) -> bool:
    return len("".join(parts)) <= 2 or parts[0] in STOPWORDS or len(parts[0]) == 1


def is_swap(typed: str, name: str) -> bool:
    """True when two neighbouring letters are swapped ("wbos" for "wbso")."""
    if len(typed) != len(name) or typed == name:
        return False
    diff = [i for i, (a, b) in enumerate(zip(typed, name, strict=True)) if a != b]
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and typed[diff[0]] == name[diff[1]]
        and (typed[diff[1]] == name[diff[0]])
    )


class NameIndex:
    def __init__(self, entries: list[Entry]) -> None:
        self._loose: dict[str, list[_Alias]] = {}
        self._strict: list[tuple[re.Pattern[str], _Alias]] = []
        for entry in entries:
            for name in entry.namen:
                parts = words(name)
                if not parts:
                    continue
                alias = _Alias(entry, name, "".join(parts), len(parts))
                if _strict(parts):
                    pattern = r"(?<!\w)" + r"[\s\-]*".join(map(re.escape, name.split())) + r"(?!\w)"
                    self._strict.append((re.compile(pattern), alias))
                else:
                    self._loose.setdefault(alias.joined, []).append(alias)
        self._choices = [joined for joined in self._loose if len(joined) >= 5]
        self._short = [joined for joined in self._loose if len(joined) == 4]

    def _windows(self, tokens: list[str]) -> tuple[dict[str, int], set[str]]:
        """Every run of 1 to n words joined together, with its length in words. A run of
        several words only counts when none of them is a short or common word, so "is"
        + "de" never spells "ISDE"."""
        longest = max((a.size for aliases in self._loose.values() for a in aliases), default=1)
        found: dict[str, int] = {}
        solid: set[str] = set()
        for start in range(len(tokens)):
            for size in range(1, min(longest + _EXTRA_WINDOW, len(tokens) - start) + 1):
                run = tokens[start : start + size]
                joined = "".join(run)
                found.setdefault(joined, size)
                if size == 1 or all(len(w) >= 3 and w not in STOPWORDS for w in run):
                    solid.add(joined)
        return found, solid

    def find(self, text: str) -> list[NameMatch]:
        """Every entry named in the text, best match first (exact, then longest name)."""
        tokens = words(text)[:MAX_WORDS]
        best: dict[str, NameMatch] = {}

        def keep(alias: _Alias, exact: bool) -> None:
            match = NameMatch(alias.entry, alias.text, exact)
            current = best.get(alias.entry.id)
            if current is None or match.strength > current.strength:
                best[alias.entry.id] = match

        windows, solid = self._windows(tokens)
        for window, size in windows.items():
            for alias in self._loose.get(window, ()):
                if size == alias.size or window in solid:
                    keep(alias, exact=True)
        for window, size in windows.items():
            if size > FUZZY_WORDS or len(window) < 4 or window in self._loose:
                continue
            if window not in solid:
                continue
            for joined, _, _ in process.extract(
                window, self._choices, scorer=OSA.distance, score_cutoff=2, limit=3
            ):
                for alias in self._loose[joined]:
                    close = OSA.distance(window, joined) <= max_typos(joined)
                    if close and window[0] == joined[0] and abs(size - alias.size) <= 1:
                        keep(alias, exact=False)
            for joined in self._short if len(window) == 4 and size == 1 else ():
                if is_swap(window, joined):
                    for alias in self._loose[joined]:
                        keep(alias, exact=False)
        original = str(text)[:2000]
        for pattern, alias in self._strict:
            if pattern.search(original):
                keep(alias, exact=True)
        return sorted(best.values(), key=lambda m: m.strength, reverse=True)
