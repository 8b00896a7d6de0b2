"""Dutch text handling for search: words, stop words, stems, compounds and typos.

- ``words`` folds the text (lowercase, no accents, no control characters) and splits it
  into words; "S&O" and "R&D" stay one word ("so", "rd"), "mkb'ers" becomes "mkbers".
- ``stem`` is the Snowball stemmer for Dutch ("leningen" → "lening").
- ``Vocabulary`` knows the words of the knowledge base. It splits Dutch compounds into
  known parts ("energiebesparingssubsidie" → "energiebesparing" + "subsidie") and
  corrects typos to the nearest known word (rapidfuzz, optimal string alignment, so a
  swap of two letters counts as one edit).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.intake.text import fold

_AMPERSAND_WORD = re.compile(r"(?<=[a-z])&(?=[a-z])")
_WORD = re.compile(r"[a-z0-9]+")
# Linking sounds between the parts of a Dutch compound ("bedrijf-s-overname").
_LINKS = ("", "s", "en", "e")
MIN_PART = 3
MAX_PARTS = 3

# fmt: off
STOPWORDS = frozenset(
    """
    aan al alle als alsjeblieft alstublieft ben bent bij daar dan dank dat de deze die
    dit doe doen door dus echt een eens effe eigenlijk en er even ff geen graag had heb
    hebben hebt heeft hem het hey hier hij hoe hoi hallo hun ik in is ja je jij jou jouw
    jullie kan kun kunnen kunt maar me mag meer met mij mijn misschien moet moeten mogen
    na naar nee niet nog nou nu of om ons onze ook op over per te toch tot u uit uw van
    vanaf veel voor waar wanneer want waren wat we welk welke wie wij wil willen wordt
    worden zal ze zelf zich zie zij zijn zit zitten zo zou zouden zoals zoek zoeken weet
    weten iets iemand ergens heel bedankt groetjes vraag vraagje hulp help beetje soort
    kom komt komen aanmerking ga gaan gaat allemaal alles recht eigen
    """.split()  # noqa: SIM905 (a word list is easier to edit as text)
)
# fmt: on

_stemmer = snowballstemmer.stemmer("dutch")


def words(text: object) -> list[str]:
    """The folded words of a text, stop words included."""
    folded = _AMPERSAND_WORD.sub("", fold(text)).replace("'", "")
    return _WORD.findall(folded)


def content_words(text: object) -> list[str]:
    """``words`` without stop words and single characters."""
    return [word for word in words(text) if len(word) > 1 and word not in STOPWORDS]


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


# Particles of Dutch separable verbs: "schrijf me in" is "inschrijven", "vraag het aan"
# is "aanvragen", "neem iemand aan" is "aannemen".
PARTICLES = ("aan", "in", "uit", "op", "af", "mee", "terug", "over", "door", "weg", "toe", "bij")
MIN_JOINED = 6


_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)(?=[^aeiou]$)")


def _verb_stems(word: str) -> list[str]:
    """How a verb form may start its infinitive: "schrijf" → "schrijv", "neem" → "nem"."""
    base = word.removesuffix("t")
    forms = [base, _DOUBLE_VOWEL.sub(lambda m: m.group(1)[0], base)]
    forms += [form[:-1] + {"f": "v", "s": "z"}[form[-1]] for form in list(forms)
              if form[-1:] in ("f", "s")]
    return list(dict.fromkeys(forms))


def separable_verbs(tokens: list[str], vocabulary: Vocabulary) -> list[str]:
    """Known words formed by a verb and a particle later in the sentence."""
    found = []
    for index, word in enumerate(tokens):
        later = set(tokens[index + 1:])
        if word in PARTICLES or len(word) < MIN_PART:
            continue
        for particle in PARTICLES:
            if particle not in later:
                continue
            for form in _verb_stems(word):
                if len(particle + form) >= MIN_JOINED:
                    known = vocabulary.with_prefix(particle + form)
                    if known is not None:
                        found.append(known)
                        break
    return found


def max_typos(word: str) -> int:
    """How many edits a word of this length may contain and still be recognised. Two
    only from ten letters: "scheiden" is not a typo of "schulden"."""
    if len(word) >= 10:
        return 2
    return 1 if len(word) >= 5 else 0


class Vocabulary:
    """The known words, for compound splitting and typo correction."""

    def __init__(self, known: Iterable[str]) -> None:
        self.words = frozenset(word for word in known if len(word) >= MIN_PART)
        self._choices = sorted(self.words)
        self._splits: dict[str, tuple[str, ...] | None] = {}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def split(self, word: str) -> tuple[str, ...] | None:
        """Known parts of a compound, or None. Fewest parts win; then the longest head."""
        if word not in self._splits:
            self._splits[word] = self._split(word, MAX_PARTS)
        return self._splits[word]

    def _split(self, word: str, parts_left: int) -> tuple[str, ...] | None:
        if parts_left < 2:
            return None
        best: tuple[str, ...] | None = None
        for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head = word[:cut]
            if head not in self.words:
                continue
            for link in _LINKS:
                rest = word[cut:]
                if not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < MIN_PART:
                    continue
                found = (head, tail) if tail in self.words else None
                if found is None:
                    deeper = self._split(tail, parts_left - 1)
                    found = (head, *deeper) if deeper else None
                if found and (best is None or len(found) < len(best)):
                    best = found
            if best and len(best) == 2:
                return best
        return best

    def with_prefix(self, prefix: str) -> str | None:
        """The shortest known word that starts with ``prefix`` ("inschrijf" →
        "inschrijven"), or None."""
        start = bisect.bisect_left(self._choices, prefix)
        found = []
        for word in self._choices[start:]:
            if not word.startswith(prefix):
                break
            found.append(word)
        return min(found, key=len) if found else None

    def correct(self, word: str) -> str | None:
        """The nearest known word within ``max_typos`` edits, or None."""
        limit = max_typos(word)
        if not limit:
            return None
        match = process.extractOne(word, self._choices, scorer=OSA.distance, score_cutoff=limit)
        return match[0] if match else None

    def resolve(self, word: str) -> tuple[tuple[str, ...], str]:
        """The known words a query word stands for, and how: exact, compound, typo or
        unknown."""
        if word in self.words:
            return (word,), "exact"
        parts = self.split(word)
        if parts:
            return parts, "samenstelling"
        corrected = self.correct(word)
        if corrected:
            return (corrected,), "typefout"
        return (word,), "onbekend"
