"""The training data, the development set and the held-out test set stay apart, and every
intent has enough varied examples."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant.settings import REPO_ROOT

MIN_EXAMPLES = 20


def normalised(example: str) -> str:
    """Lower case, entity markup and punctuation away: "Hola, necesito ayuda!" and
    "hola necesito ayuda" are the same sentence."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", example.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def examples(path: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for item in yaml.safe_load(path.read_text()).get("nlu", []):
        if "intent" in item:
            lines = {normalised(line.strip()[2:]) for line in item["examples"].splitlines()
                     if line.strip()}
            found.setdefault(item["intent"], set()).update(lines)
    return found


def training() -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for path in sorted((REPO_ROOT / "data" / "nlu").glob("*.yml")):
        for intent, lines in examples(path).items():
            merged.setdefault(intent, set()).update(lines)
    return merged


def sentences(path: Path) -> set[str]:
    return set().union(*examples(path).values())


HELD_OUT = REPO_ROOT / "tests" / "nlu" / "heldout.yml"
DEV = REPO_ROOT / "tests" / "nlu" / "dev.yml"


def test_held_out_examples_are_never_trained_on():
    leaked = sentences(HELD_OUT) & set().union(*training().values())
    assert not leaked, f"held-out examples found in data/nlu: {sorted(leaked)}"


def test_dev_examples_are_never_trained_on():
    """tests/nlu/dev.yml is the development set for tuning the data: kept out of training
    too, or its figures would flatter."""
    leaked = sentences(DEV) & set().union(*training().values())
    assert not leaked, f"dev examples found in data/nlu: {sorted(leaked)}"


def test_dev_and_held_out_share_no_sentence():
    """Tuning on the development set must not tune on the held-out set through the back
    door (short common sentences like "hallo hallo" are easily written twice)."""
    shared = sentences(DEV) & sentences(HELD_OUT)
    assert not shared, f"{len(shared)} dev sentences are also held-out sentences"


def test_every_intent_has_enough_examples():
    thin = {intent: len(lines) for intent, lines in training().items()
            if len(lines) < MIN_EXAMPLES}
    assert not thin, f"intents with fewer than {MIN_EXAMPLES} examples: {thin}"


def test_every_domain_intent_has_training_data():
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text())
    missing = {i for i in domain["intents"] if i != "nlu_fallback"} - set(training())
    assert not missing, f"intents without examples: {missing}"
