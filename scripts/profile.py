"""Where the time goes under load: py-spy samples of the Rasa server and the action server.

``make bench`` calls this for one concurrency level (``--profile-level``, default 10):
py-spy records each process while the simulated ondernemers talk, and the summary shows
the share of the busy samples per part (spaCy, the NLU classifier, the dialogue
policies, the tracker store, calls to the action server, the web server) and the
functions that were busiest themselves. The raw samples stay in ``var/profile/``
(collapsed stacks: open them with speedscope or flamegraph.pl).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import REPO_ROOT

PY_SPY = REPO_ROOT / ".venv" / "bin" / "py-spy"
OUT = REPO_ROOT / "var" / "profile"

# Parts of a Rasa turn, recognised by the file a frame comes from; the deepest frame of a
# sample that matches decides its part (so time inside spaCy called by Rasa is spaCy's).
# py-spy names files relative to site-packages ("sanic/request/types.py", "ssl.py").
PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("spaCy (tokens, lemmas)", ("spacy/", "thinc/", "components/spacy_nlp")),
    ("TensorFlow (DIET, TED)", ("tensorflow/", "keras/")),
    ("checking action answers (jsonschema)", ("jsonschema/",)),
    ("dialogue policies", ("rasa/core/policies/",)),
    ("NLU featurizers/classifiers", ("rasa/nlu/",)),
    ("tracker store (SQL)", ("sqlalchemy/", "sqlite3", "psycopg")),
    ("lock store", ("lock_store", "redis/")),
    ("action server calls", ("rasa/core/actions/action.py", "rasa/utils/endpoints.py",
                             "aiohttp/")),
    ("events and (de)serialisation", ("rasa/shared/core/", "json/")),
    ("HTTP clients and TLS", ("httpx/", "httpcore/", "ssl.py", "anyio/")),
    ("Schakel actions and core", ("actions/", "assistant/")),
    ("rasa_sdk action server", ("rasa_sdk/",)),
    ("web server (Sanic)", ("sanic/", "socketio/", "engineio/")),
]


@dataclass
class Recording:
    name: str
    process: subprocess.Popen
    path: Path


def available() -> bool:
    return PY_SPY.exists() or shutil.which("py-spy") is not None


def start(name: str, pid: int, seconds: float) -> Recording:
    """Sample ``pid`` (and its children) for ``seconds`` in the background."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.txt"
    binary = str(PY_SPY) if PY_SPY.exists() else "py-spy"
    process = subprocess.Popen(
        [binary, "record", "--pid", str(pid), "--duration", str(int(seconds)),
         "--rate", "50", "--subprocesses", "--nonblocking", "--format", "raw",
         "--output", str(path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    return Recording(name, process, path)


def finish(recording: Recording) -> str:
    _, errors = recording.process.communicate(timeout=120)
    if recording.process.returncode != 0 or not recording.path.exists():
        return f"{recording.name}: py-spy kon niet meten ({(errors or '').strip()[-200:]})"
    return summarize(recording.name, recording.path.read_text(encoding="utf-8"))


def parse(raw: str) -> list[tuple[list[str], int]]:
    """Collapsed stacks ("frame;frame;frame count") → (frames root first, samples)."""
    samples = []
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples.append((stack.split(";"), int(count)))
    return samples


def part_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        for name, markers in PARTS:
            if any(marker in frame for marker in markers):
                return name
    return "other (Python, asyncio)"


def summarize(name: str, raw: str, top: int = 8) -> str:
    samples = parse(raw)
    total = sum(count for _, count in samples)
    if not total:
        return f"{name}: geen samples"
    parts: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    for frames, count in samples:
        parts[part_of(frames)] += count
        leaves[frames[-1]] += count
    lines = [f"{name}: {total} samples van bezige threads"]
    lines += [f"  {share / total:6.1%}  {part}" for part, share in parts.most_common()]
    lines.append("  drukste functies (zelf):")
    lines += [f"  {count / total:6.1%}  {leaf[:110]}" for leaf, count in leaves.most_common(top)]
    return "\n".join(lines)
