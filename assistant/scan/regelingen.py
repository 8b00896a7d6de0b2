"""The regelingen that fit an aandachtspunt: ``find_regelingen(thema_ids, profile)``.

The knowledge base (``assistant.knowledge``) judges every entry of a thema against what
the intake knows (medewerkers, sector, provincie or gemeente): ``ja``, ``misschien`` or
``nee`` (``KnowledgeBase.geschiktheid``). ``nee`` is dropped, and so are loketten: the
scan names its own organisations (and onderwerpen and buiten_veld entries, which are
information, not regelingen). Each regeling becomes a small dict (``id``, ``naam``,
``kort``, ``url``, ``oordeel``, ``reden``) that the result, the report and the chat show.
Given the aandachtspunt in words, the knowledge base's search ranks them by how well
they fit it ("Zet een volgende digitale stap" → digitale werkplaatsen first).

An error in the knowledge base gives an empty list (logged), never a broken scan.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

SEARCH_LIMIT = 20  # entries per thema considered for one aandachtspunt
# Soorten that are not regelingen (``assistant.knowledge.schema.WEGWIJZER_SOORTEN``).
WEGWIJZER_SOORTEN = frozenset({"loket", "onderwerp", "buiten_veld"})


@dataclass(frozen=True, slots=True)
class Profiel:
    """What the scan knows about the company, from the intake slots."""

    medewerkers: int | None = None
    sector: str | None = None
    provincie: str | None = None
    gemeente: str | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Profiel:
        medewerkers = slots.get("medewerkers")
        try:
            count = int(medewerkers) if medewerkers is not None else None
        except (TypeError, ValueError):
            count = None
        text = {key: slots.get(key) if isinstance(slots.get(key), str) else None
                for key in ("sector", "provincie", "gemeente")}
        return cls(medewerkers=count, **text)


def _knowledge_base() -> Any:
    from assistant.knowledge import get_knowledge_base

    return get_knowledge_base()


def _profile(profiel: Profiel, thema_ids: list[str], *, complete: bool = True) -> Any:
    from assistant.knowledge import Profile

    if not complete:  # only what every knowledge base understands
        return Profile(medewerkers=profiel.medewerkers, themas=thema_ids)
    return Profile(medewerkers=profiel.medewerkers, sector=profiel.sector,
                   provincie=profiel.provincie, gemeente=profiel.gemeente, themas=thema_ids)


def _verdicts(kb: Any, profiel: Profiel, thema_ids: list[str], thema: str) -> list[Any]:
    """The knowledge base's eligibility verdicts for the entries of one thema."""
    from assistant.knowledge import UnknownValue

    try:
        return kb.geschiktheid(_profile(profiel, thema_ids), thema=thema)
    except (UnknownValue, ValueError):  # an intake value the knowledge base does not know
        return kb.geschiktheid(_profile(profiel, thema_ids, complete=False), thema=thema)


def _as_dict(verdict: Any) -> dict[str, Any]:
    entry = verdict.entry
    url = entry.vervolgstap.url or next((b.url for b in entry.bronnen if b.url), None)
    found = {
        "id": entry.id,
        "naam": entry.naam,
        "kort": entry.label,
        "url": str(url) if url else None,
        "oordeel": verdict.oordeel,
        "reden": verdict.redenen[0] if verdict.redenen else None,
    }
    return {key: value for key, value in found.items() if value is not None}


def _ranked(kb: Any, vraag: str, thema_ids: list[str]) -> dict[str, float]:
    """Entry id → how well it fits the aandachtspunt's text (the knowledge base's search)."""
    scores: dict[str, float] = {}
    for thema in thema_ids:
        for hit in kb.search(vraag, thema=thema, limit=SEARCH_LIMIT):
            scores[hit.entry.id] = max(scores.get(hit.entry.id, 0.0), hit.score)
    return scores


def find_regelingen(thema_ids: Iterable[str], profiel: Profiel | None = None,
                    vraag: str = "") -> list[dict]:
    """Regelingen for these Schakel thema's that the company may qualify for: ``ja``
    before ``misschien``, never ``nee``, no loketten or onderwerpen. With ``vraag`` (the
    aandachtspunt in words) only entries that match it, the best match first. Empty when
    the knowledge base cannot answer."""
    profiel = profiel or Profiel()
    thema_ids = list(thema_ids)
    try:
        kb = _knowledge_base()
        scores = _ranked(kb, vraag, thema_ids) if vraag.strip() else {}
        found: dict[str, tuple[float, int, int, dict[str, Any]]] = {}
        for thema in thema_ids:
            for verdict in _verdicts(kb, profiel, thema_ids, thema):
                entry = verdict.entry
                skip = entry.soort in WEGWIJZER_SOORTEN or verdict.oordeel == "nee"
                if skip or entry.id in found:
                    continue
                if scores and entry.id not in scores:
                    continue  # does not match the aandachtspunt at all
                rank = 0 if verdict.oordeel == "ja" else 1
                found[entry.id] = (rank, -scores.get(entry.id, 0.0), len(found),
                                   _as_dict(verdict))
        return [item[-1] for item in sorted(found.values(), key=lambda f: f[:3])]
    except Exception:  # the advice without regelingen is worth more than an error
        log.warning("find_regelingen failed for %s", thema_ids, exc_info=True)
        return []
