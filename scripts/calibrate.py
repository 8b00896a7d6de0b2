"""Calibrates ``assistant/understanding/thresholds.py`` on the development part of the
real-question set (``tests/eval/dev.yml``), offline: the reading of each question
without the classifier (as if it had no guess), so only the knowledge search decides.

For each candidate score it prints how many questions would be answered, how many of
those answers name an expected entry in their first three, and how many right answers
a "not understood" would lose. Never run it on the test part.

    .venv/bin/python -m scripts.calibrate
"""

from __future__ import annotations

from assistant.knowledge import get_knowledge_base
from assistant.understanding.reading import Context, Meaning, read_message
from assistant.understanding.thresholds import MIN_MATCHED_WORDS
from scripts.eval_chat import load_questions

CANDIDATES = (1.0, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)


def first_three(reading) -> list[str]:
    if reading.meaning is Meaning.follow_up:
        return [entry.id for entry, _ in reading.answers][:3]
    return [hit.entry.id for hit in reading.hits[:3]]


def main() -> int:
    knowledge = get_knowledge_base()
    rows = []
    for question in load_questions("dev"):
        reading = read_message(question["vraag"], "ask_regeling", knowledge, Context())
        right = bool(set(question["verwacht"]) & set(first_three(reading)))
        by_name = reading.meaning is Meaning.follow_up
        first = reading.hits[0] if reading.hits else None
        if by_name or (first and first.named):
            score = float("inf")
        elif first is None or (first.matched < MIN_MATCHED_WORDS and not any(
                reason.startswith("thema:") for reason in first.reasons)):
            score = 0.0
        else:
            score = first.score
        rows.append((score, right))
    total = len(rows)
    print(f"{total} dev questions; right in the first three at any score: "
          f"{sum(r for _, r in rows)}")
    print(f"{'score >=':>9}{'answered':>10}{'right':>8}{'precision':>11}{'lost':>6}")
    for threshold in CANDIDATES:
        answered = [right for score, right in rows if score >= threshold]
        lost = sum(right for score, right in rows if score < threshold)
        precision = sum(answered) / len(answered) if answered else 0.0
        print(f"{threshold:>9.1f}{len(answered):>10}{sum(answered):>8}{precision:>11.0%}"
              f"{lost:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
