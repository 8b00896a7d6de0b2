"""Content read from files, kept in memory and read again when the files change.

The knowledge base and the scan definition are data that editors change while Schakel
runs. Each is cached per folder. At most once per ``interval`` the files' names,
modification times and sizes are compared with those of the cached version; a change is
loaded. When the changed files are broken, the last good version stays in use and
``on_refused`` is told why (once per change: the same broken files are not read again).
The very first load of a folder raises the loader's error.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
Signature = tuple[tuple[str, int | None, int | None], ...]


def signature(folder: Path, paths: Iterable[Path]) -> Signature:
    """Name, modification time and size of each file (``None`` for a missing one)."""
    found = []
    for path in paths:
        try:
            info = path.stat()
            found.append((str(path.relative_to(folder)), info.st_mtime_ns, info.st_size))
        except OSError:
            found.append((str(path.relative_to(folder)), None, None))
    return tuple(found)


@dataclass
class _Entry(Generic[T]):
    value: T
    signature: Signature
    checked: float


class ReloadingCache(Generic[T]):
    def __init__(
        self,
        load: Callable[[Path], T],
        files: Callable[[Path], Iterable[Path]],
        error: type[Exception],
        on_refused: Callable[[T, Exception], None],
        clock: Callable[[], float] = time.monotonic,
        interval: float = 1.0,
    ) -> None:
        self.load, self.files, self.error = load, files, error
        self.on_refused, self.clock, self.interval = on_refused, clock, interval
        self._entries: dict[Path, _Entry[T]] = {}
        self._lock = threading.Lock()

    def get(self, folder: Path) -> T:
        directory = Path(folder).resolve()
        now = self.clock()
        with self._lock:
            entry = self._entries.get(directory)
            if entry is not None and now - entry.checked < self.interval:
                return entry.value
            current = signature(directory, self.files(directory))
            if entry is not None and current == entry.signature:
                entry.checked = now
                return entry.value
            try:
                value = self.load(directory)
            except self.error as exc:
                if entry is None:
                    raise
                self.on_refused(entry.value, exc)
                entry.signature, entry.checked = current, now
                return entry.value
            self._entries[directory] = _Entry(value, current, now)
            return value

    def clear(self) -> None:
        """Forget every loaded folder (for tests)."""
        with self._lock:
            self._entries.clear()
