"""``get_knowledge_base``: the loaded knowledge base, reloaded when the files change.

The files are compared by a cheap signature (name, modification time and size of every
knowledge file), at most once per second. A reload that finds a broken file keeps the
last good version and logs a warning; the very first load raises ``KnowledgeError``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.knowledge.base import KnowledgeBase
from assistant.knowledge.loader import VOCAB_FILES, KnowledgeError, entry_files

logger = logging.getLogger(__name__)
CHECK_INTERVAL = 1.0  # seconds between two looks at the files

Signature = tuple[tuple[str, int, int], ...]


@dataclass
class _Cached:
    knowledge_base: KnowledgeBase
    signature: Signature
    checked: float


_cache: dict[Path, _Cached] = {}
_lock = threading.Lock()


def _clock() -> float:
    return time.monotonic()


def signature(knowledge_dir: Path) -> Signature:
    found = []
    for path in [*(knowledge_dir / name for name in VOCAB_FILES), *entry_files(knowledge_dir)]:
        try:
            info = path.stat()
        except OSError:
            continue
        found.append((str(path.relative_to(knowledge_dir)), info.st_mtime_ns, info.st_size))
    return tuple(found)


def get_knowledge_base(knowledge_dir: Path | None = None) -> KnowledgeBase:
    """The knowledge base for a directory (default: the configured one)."""
    if knowledge_dir is None:
        from assistant.settings import get_settings

        knowledge_dir = get_settings().knowledge_dir
    directory = Path(knowledge_dir).resolve()
    now = _clock()
    with _lock:
        cached = _cache.get(directory)
        if cached is not None and now - cached.checked < CHECK_INTERVAL:
            return cached.knowledge_base
        current = signature(directory)
        if cached is not None and current == cached.signature:
            cached.checked = now
            return cached.knowledge_base
        try:
            knowledge_base = KnowledgeBase.load(directory)
        except KnowledgeError as exc:
            if cached is None:
                raise
            # Knowledge files hold public content only, so the problems are safe to log.
            logger.warning(
                "Kennisbank niet opnieuw geladen; de vorige versie blijft in gebruik. %s", exc
            )
            cached.signature, cached.checked = current, now
            return cached.knowledge_base
        _cache[directory] = _Cached(knowledge_base, current, now)
        return knowledge_base


def clear_cache() -> None:
    """Forget every loaded knowledge base (for tests)."""
    with _lock:
        _cache.clear()
