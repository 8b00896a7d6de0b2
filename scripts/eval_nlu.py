"""Intent quality on the held-out Dutch test set (never used for training).

    .venv/bin/python -m scripts.eval_nlu [--model models/schakel.tar.gz] [--nlu tests/nlu/dev.yml]

Runs ``rasa test nlu`` in the Rasa environment on ``tests/nlu/heldout.yml`` (or the set
given with ``--nlu``, e.g. the development set ``tests/nlu/dev.yml``) and prints
intent macro-F1, precision/recall per intent and the worst confusions. Exit code 1 when
macro-F1 is below the target (0.92).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from assistant.settings import REPO_ROOT

RASA = REPO_ROOT / ".venv-rasa" / "bin" / "rasa"
HELD_OUT = REPO_ROOT / "tests" / "nlu" / "heldout.yml"
TARGET = 0.92


def run_rasa_test(model: Path, out: Path, nlu: Path = HELD_OUT) -> None:
    subprocess.run(
        [str(RASA), "test", "nlu", "--nlu", str(nlu), "--model", str(model),
         "--out", str(out), "--no-plot"],
        check=True, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )


def summarize(out: Path) -> dict:
    report = json.loads((out / "intent_report.json").read_text())
    errors_file = out / "intent_errors.json"
    errors = json.loads(errors_file.read_text()) if errors_file.exists() else []
    per_intent = {
        name: values for name, values in report.items()
        if isinstance(values, dict) and "f1-score" in values
        and name not in ("macro avg", "weighted avg", "micro avg")
    }
    confusions = Counter(
        (e["intent"], e["intent_prediction"]["name"]) for e in errors
    )
    return {
        "macro_f1": report["macro avg"]["f1-score"],
        "accuracy": report.get("accuracy"),
        "per_intent": per_intent,
        "confusions": confusions.most_common(10),
        "examples": sum(int(v["support"]) for v in per_intent.values()),
    }


def print_summary(summary: dict, label: str = "Held-out set") -> None:
    print(f"{label}: {summary['examples']} examples, {len(summary['per_intent'])} intents")
    print(f"Intent macro-F1: {summary['macro_f1']:.3f} (target ≥ {TARGET})")
    if summary["accuracy"] is not None:
        print(f"Accuracy: {summary['accuracy']:.3f}")
    print(f"\n{'intent':<22} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}")
    ordered = sorted(summary["per_intent"].items(), key=lambda item: item[1]["f1-score"])
    for name, values in ordered:
        print(f"{name:<22} {values['precision']:>9.2f} {values['recall']:>7.2f} "
              f"{values['f1-score']:>6.2f} {int(values['support']):>4}")
    print("\nWorst confusions (true → predicted: count)")
    for (true, predicted), count in summary["confusions"]:
        print(f"  {true} → {predicted}: {count}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=REPO_ROOT / "models" / "schakel.tar.gz")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "nlu-eval")
    parser.add_argument("--nlu", type=Path, default=HELD_OUT,
                        help="test set (default: the held-out set tests/nlu/heldout.yml)")
    args = parser.parse_args(argv)
    run_rasa_test(args.model, args.out, args.nlu)
    summary = summarize(args.out)
    label = "Held-out set" if args.nlu.resolve() == HELD_OUT.resolve() else f"Test set {args.nlu}"
    print_summary(summary, label)
    return 0 if summary["macro_f1"] >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
