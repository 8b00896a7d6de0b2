"""The knowledge base of regelingen and loketten.

Public API for the chat layer and the HTTP API:

- ``get_knowledge_base(knowledge_dir=None) -> KnowledgeBase`` (cached; reloads when the
  files change)
- ``KnowledgeBase.entries``, ``.get(id)``, ``.search(query, *, thema, regio,
  medewerkers, sector, soort, limit) -> list[SearchHit]``, ``.find_by_name(text)``,
  ``.find_names(text)``, ``.geschiktheid(profile, *, soort, thema) -> list[Verdict]``
- ``Profile``, ``Entry``, ``SearchHit``, ``Verdict``, ``KnowledgeError``, ``UnknownValue``

Nothing is read at import time.
"""

from assistant.knowledge.base import KnowledgeBase, UnknownValue
from assistant.knowledge.cache import get_knowledge_base
from assistant.knowledge.eligibility import Verdict, open_questions
from assistant.knowledge.loader import KnowledgeError
from assistant.knowledge.names import NameMatch
from assistant.knowledge.profile import Profile
from assistant.knowledge.schema import Entry
from assistant.knowledge.search import SearchHit

__all__ = [
    "Entry",
    "KnowledgeBase",
    "KnowledgeError",
    "NameMatch",
    "Profile",
    "SearchHit",
    "UnknownValue",
    "Verdict",
    "get_knowledge_base",
    "open_questions",
]
