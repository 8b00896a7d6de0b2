"""``KnowledgeBase``: the loaded entries with search, name lookup and eligibility."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from assistant.knowledge.eligibility import Verdict, assess_all
from assistant.knowledge.loader import Vocabulary, load_entries
from assistant.knowledge.names import NameMatch
from assistant.knowledge.profile import Profile, provincie_of_gemeente
from assistant.knowledge.schema import Entry, Soort
from assistant.knowledge.search import Filters, SearchHit, SearchIndex

MAX_LIMIT = 100


class UnknownValue(ValueError):
    """A filter or profile value that is not in the shared vocabulary (Dutch message)."""


class KnowledgeBase:
    def __init__(self, entries: list[Entry], vocabulary: Vocabulary) -> None:
        self.entries = sorted(entries, key=lambda entry: entry.id)
        self.vocabulary = vocabulary
        self._by_id = {entry.id: entry for entry in self.entries}
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    @classmethod
    def load(cls, knowledge_dir: Path) -> KnowledgeBase:
        entries, vocabulary = load_entries(knowledge_dir)
        return cls(entries, vocabulary)

    @property
    def index(self) -> SearchIndex:
        """Built on first use, so loading stays cheap."""
        with self._lock:
            if self._index is None:
                self._index = SearchIndex(self.entries, self.vocabulary)
            return self._index

    def get(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def check_values(
        self,
        *,
        thema: str | None = None,
        regio: str | None = None,
        sector: str | None = None,
        soort: str | None = None,
        themas: list[str] | tuple[str, ...] = (),
    ) -> list[str]:
        """Dutch messages for every value that is not a known id; empty when all fit."""
        vocab = self.vocabulary
        problems = []
        for field, value, known in (
            ("thema", thema, vocab.themas),
            ("regio", regio, vocab.provincies),
            ("sector", sector, vocab.sectoren),
            ("soort", soort, {s.value: s.value for s in Soort}),
            *(("themas", value, vocab.themas) for value in themas),
        ):
            if value is not None and value not in known:
                problems.append(f"{field} '{value}' bestaat niet; kies uit: {', '.join(known)}.")
        return problems

    def search(
        self,
        query: str = "",
        *,
        thema: str | None = None,
        regio: str | None = None,
        medewerkers: int | None = None,
        sector: str | None = None,
        soort: str | None = None,
        te_controleren: bool | None = None,
        today: date | None = None,
        limit: int = 10,
    ) -> list[SearchHit]:
        """Ranked entries for a question; without a question, the entries that pass the
        filters. ``te_controleren``: only entries past (True) or within (False) their
        review date on ``today``. Unknown filter ids raise ``UnknownValue``; a junk
        question never raises."""
        problems = self.check_values(thema=thema, regio=regio, sector=sector, soort=soort)
        if problems:
            raise UnknownValue(" ".join(problems))
        if medewerkers is not None and medewerkers < 0:
            raise UnknownValue("medewerkers moet 0 of meer zijn.")
        filters = Filters(
            thema, regio, medewerkers, sector, soort, te_controleren, today or date.today()
        )
        limit = max(1, min(int(limit), MAX_LIMIT))
        return self.index.search(str(query or ""), filters, limit)

    def past_review(self, today: date | None = None) -> list[Entry]:
        """Entries past their review date, the longest overdue first."""
        day = today or date.today()
        stale = [entry for entry in self.entries if entry.past_review(day)]
        return sorted(stale, key=lambda entry: (entry.review_date, entry.id))

    def find_names(self, text: str) -> list[NameMatch]:
        """Every entry named in the text (naam, afkorting or synoniem), best first."""
        return self.index.names.find(str(text or ""))

    def find_by_name(self, text: str) -> Entry | None:
        """The entry the text names, e.g. "kom ik in aanmerking voor SLIM?" → slim."""
        matches = self.find_names(text)
        return matches[0].entry if matches else None

    def geschiktheid(
        self, profile: Profile, *, soort: str | None = None, thema: str | None = None
    ) -> list[Verdict]:
        """For each entry: ja / misschien / nee with reasons and open questions."""
        problems = self.check_values(
            sector=profile.sector,
            regio=profile.provincie,
            soort=soort,
            thema=thema,
            themas=profile.themas,
        )
        if problems:
            raise UnknownValue(" ".join(problems))
        if profile.provincie is None and profile.gemeente:
            profile = profile.with_provincie(provincie_of_gemeente(profile.gemeente))
        entries = [
            entry
            for entry in self.entries
            if (soort is None or entry.soort == soort) and (thema is None or thema in entry.themas)
        ]
        return assess_all(entries, profile, self.vocabulary)
