"""``get_knowledge_base``: the loaded knowledge base, reloaded when the files change.

The files are compared by a cheap signature (name, modification time and size of every
knowledge file), at most once per second (``assistant.reloading``). A reload that finds
a broken file keeps the last good version and logs a warning; the very first load raises
``KnowledgeError``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.loader import VOCAB_FILES, KnowledgeError, entry_files
from assistant.reloading import ReloadingCache

logger = logging.getLogger(__name__)


def _clock() -> float:
    return time.monotonic()


def _files(knowledge_dir: Path) -> list[Path]:
    return [*(knowledge_dir / name for name in VOCAB_FILES), *entry_files(knowledge_dir)]


def _refused(_previous: KnowledgeBase, exc: Exception) -> None:
    # Knowledge files hold public content only, so the problems are safe to log.
    logger.warning("Kennisbank niet opnieuw geladen; de vorige versie blijft in gebruik. %s", exc)


_cache: ReloadingCache[KnowledgeBase] = ReloadingCache(
    KnowledgeBase.load, _files, KnowledgeError, _refused, clock=lambda: _clock())


def get_knowledge_base(knowledge_dir: Path | None = None) -> KnowledgeBase:
    """The knowledge base for a directory (default: the configured one)."""
    if knowledge_dir is None:
        from assistant.settings import get_settings

        knowledge_dir = get_settings().knowledge_dir
    return _cache.get(Path(knowledge_dir))


def clear_cache() -> None:
    """Forget every loaded knowledge base (for tests)."""
    _cache.clear()
