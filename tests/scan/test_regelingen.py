"""find_regelingen: per thema from the knowledge base, filtered by eligibility; it never
breaks the scan."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from assistant.scan import regelingen
from assistant.scan.regelingen import Profiel, find_regelingen


@dataclass
class Url:
    url: str | None = None


@dataclass
class Entry:
    id: str
    naam: str
    themas: list[str]
    soort: str = "regeling"
    afkorting: str | None = None
    vervolgstap: Url = field(default_factory=Url)
    bronnen: list[Url] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.afkorting or self.naam

    @property
    def is_loket(self) -> bool:
        return self.soort == "loket"


@dataclass
class Hit:
    entry: Entry
    score: float


@dataclass
class Verdict:
    entry: Entry
    oordeel: str
    redenen: list[str]


class FakeKnowledgeBase:
    """The parts of ``assistant.knowledge.KnowledgeBase`` the scan uses."""

    def __init__(self, entries: list[Entry], verdicts: dict[str, str],
                 scores: dict[str, float]) -> None:
        self.entries = entries
        self.verdicts = verdicts
        self.scores = scores
        self.profiles: list = []

    def search(self, query, *, thema=None, limit=10):
        return [Hit(e, self.scores[e.id]) for e in self.entries
                if thema in e.themas and e.id in self.scores][:limit]

    def geschiktheid(self, profile, *, thema=None):
        self.profiles.append(profile)
        return [Verdict(e, self.verdicts.get(e.id, "ja"), [f"reden {e.id}"])
                for e in self.entries if thema in e.themas]


@pytest.fixture
def kb(monkeypatch):
    fake = FakeKnowledgeBase(
        [
            Entry("qredits", "Qredits", ["financiering"],
                  vervolgstap=Url("https://www.qredits.nl")),
            Entry("bmkb", "Borgstelling MKB-kredieten", ["financiering"], afkorting="BMKB"),
            Entry("loket", "Ondernemersloket", ["financiering"], soort="loket"),
            Entry("wbso", "WBSO", ["innovatie", "financiering"],
                  bronnen=[Url(None), Url("https://www.rvo.nl/wbso")]),
            Entry("bbz", "Bbz", ["financiering"]),
            Entry("extra", "Extra", ["financiering"]),
        ],
        verdicts={"bmkb": "nee", "wbso": "misschien"},
        scores={"qredits": 2.0, "wbso": 5.0, "bmkb": 9.0, "loket": 9.0, "extra": 8.0},
    )
    monkeypatch.setattr(regelingen, "_knowledge_base", lambda: fake)
    return fake


def test_eligible_regelingen_ja_before_misschien(kb):
    profiel = Profiel(medewerkers=6, sector="horeca", provincie="flevoland", gemeente="Almere")
    found = find_regelingen(["financiering", "innovatie"], profiel)
    assert [r["id"] for r in found] == ["qredits", "bbz", "extra", "wbso"]  # no nee, no loket
    assert found[0] == {"id": "qredits", "naam": "Qredits", "kort": "Qredits",
                        "url": "https://www.qredits.nl", "oordeel": "ja",
                        "reden": "reden qredits"}
    assert found[-1]["url"] == "https://www.rvo.nl/wbso"  # from the bronnen
    profile = kb.profiles[0]
    assert (profile.medewerkers, profile.sector, profile.provincie) == (6, "horeca", "flevoland")
    assert profile.themas == ["financiering", "innovatie"]


def test_with_the_aandachtspunt_in_words_the_best_match_comes_first(kb):
    found = find_regelingen(["financiering"], Profiel(), vraag="Krijg grip op je geld")
    # bbz does not match the text; ja before misschien, then the best match
    assert [r["id"] for r in found] == ["extra", "qredits", "wbso"]


def test_an_intake_value_the_knowledge_base_does_not_know(monkeypatch, kb):
    from assistant.knowledge import UnknownValue

    real = kb.geschiktheid

    def picky(profile, *, thema=None):
        if profile.sector is not None:
            raise UnknownValue("sector 'x' bestaat niet")
        return real(profile, thema=thema)

    monkeypatch.setattr(kb, "geschiktheid", picky)
    found = find_regelingen(["financiering"], Profiel(medewerkers=2, sector="x"))
    assert [r["id"] for r in found] == ["qredits", "bbz", "extra", "wbso"]


def test_a_failing_knowledge_base_gives_no_regelingen(monkeypatch):
    class Broken:
        def search(self, *args, **kwargs):
            raise RuntimeError("kapot")

    monkeypatch.setattr(regelingen, "_knowledge_base", lambda: Broken())
    assert find_regelingen(["financiering"], Profiel()) == []


def test_without_a_knowledge_base_there_are_no_regelingen(monkeypatch):
    monkeypatch.setattr(regelingen, "_knowledge_base", lambda: object())
    assert find_regelingen(["financiering"]) == []


def test_advise_gives_the_aandachtspunt_in_words(definition):
    from assistant.scan.scoring import advise, score
    from tests.scan.samples import WORRIED, filled

    asked = []

    def find(thema_ids, profiel, vraag=""):
        asked.append(vraag)
        return []

    advise(score(definition, filled(definition, WORRIED)), find, Profiel())
    assert asked and all(". " in vraag for vraag in asked)


def test_the_real_knowledge_base(definition):
    point = definition.theme("digitalisering").aandachtspunten[1]  # digitaal_werken
    found = find_regelingen(point.thema_ids, Profiel(medewerkers=3, gemeente="Almere"),
                            vraag=f"{point.titel}. {point.uitleg}")
    assert found and all(item["oordeel"] in ("ja", "misschien") for item in found)
    assert all(isinstance(item["naam"], str) and item["naam"] for item in found)


def test_profile_from_the_intake_slots():
    profiel = Profiel.from_slots({"medewerkers": 6.0, "sector": "bouw", "provincie": 12,
                                  "gemeente": "Almere"})
    assert profiel == Profiel(medewerkers=6, sector="bouw", provincie=None, gemeente="Almere")
    assert Profiel.from_slots({"medewerkers": "veel"}).medewerkers is None
