"""Measures the regelingen search on the evaluation set ``tests/data/zoekvragen.yml``.

Prints recall@1, recall@3, MRR and the search latency (p50/p95).

- recall@k: per question, the share of its expected entries in the top k; averaged.
- MRR: per question, 1 / rank of the first expected entry (0 when not in the top 10).

Run: ``.venv/bin/python -m scripts.eval_search [--missers]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.knowledge import KnowledgeBase, get_knowledge_base

QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "data" / "zoekvragen.yml"
DEPTH = 10


@dataclass
class Report:
    recall_at_1: float
    recall_at_3: float
    mrr: float
    p50_ms: float
    p95_ms: float
    count: int
    misses: list[tuple[str, list[str], list[str]]] = field(default_factory=list)


def load_questions(path: Path = QUESTIONS) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["vragen"]


def evaluate(knowledge_base: KnowledgeBase, questions: list[dict]) -> Report:
    recall1, recall3, reciprocal, latencies = [], [], [], []
    misses = []
    knowledge_base.search("warm up")  # build the index before timing
    for item in questions:
        expected = item["verwacht"]
        started = time.perf_counter()
        hits = knowledge_base.search(item["vraag"], limit=DEPTH, **item.get("filters", {}))
        latencies.append((time.perf_counter() - started) * 1000)
        found = [hit.entry.id for hit in hits]
        recall1.append(sum(e in found[:1] for e in expected) / len(expected))
        recall3.append(sum(e in found[:3] for e in expected) / len(expected))
        ranks = [found.index(e) + 1 for e in expected if e in found]
        reciprocal.append(1 / min(ranks) if ranks else 0.0)
        if recall3[-1] < 1:
            misses.append((item["vraag"], expected, found[:3]))
    cuts = statistics.quantiles(latencies, n=20)
    return Report(
        recall_at_1=statistics.mean(recall1),
        recall_at_3=statistics.mean(recall3),
        mrr=statistics.mean(reciprocal),
        p50_ms=statistics.median(latencies),
        p95_ms=cuts[18],
        count=len(questions),
        misses=misses,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missers", action="store_true", help="toon de vragen onder de top 3")
    args = parser.parse_args()
    report = evaluate(get_knowledge_base(), load_questions())
    print(f"vragen     {report.count}")
    print(f"recall@1   {report.recall_at_1:.3f}")
    print(f"recall@3   {report.recall_at_3:.3f}")
    print(f"MRR        {report.mrr:.3f}")
    print(f"latency    p50 {report.p50_ms:.1f} ms   p95 {report.p95_ms:.1f} ms")
    if args.missers:
        for question, expected, found in report.misses:
            print(f"- {question!r}: verwacht {expected}, kreeg {found}")


if __name__ == "__main__":
    main()
