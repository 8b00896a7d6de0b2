"""Calibrates ``assistant/understanding/thresholds.py`` on the development part of the
real-question set (``tests/eval/dev.yml``), offline: each question is read as the
first message of a conversation, without the classifier's guess (intent
``nlu_fallback``), so only the knowledge base decides.

For each candidate ``GOOD_SEARCH_SCORE`` it prints how many questions get an answer,
how many of those name an expected entry in their first three (precision), and how
many questions get no answer at all. Never run it on the test part.

    .venv/bin/python -m scripts.calibrate
"""

from __future__ import annotations

from unittest import mock

from assistant.knowledge import get_knowledge_base
from assistant.understanding import thresholds
from assistant.understanding.reading import Context, Meaning, read_message
from scripts.eval_chat import load_questions

CANDIDATES = (1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)
ANSWERED = {Meaning.search, Meaning.follow_up}
OFFERED = {Meaning.unsure, Meaning.person}


def first_three(reading) -> list[str]:
    return [entry.id for entry, _ in reading.answers][:3] or [
        hit.entry.id for hit in reading.hits[:3]]


def main() -> int:
    knowledge = get_knowledge_base()
    questions = load_questions("dev")
    print(f"{len(questions)} dev questions, now GOOD_SEARCH_SCORE = "
          f"{thresholds.GOOD_SEARCH_SCORE}")
    print(f"{'score >=':>9}{'answered':>10}{'right':>7}{'precision':>11}{'offered':>9}"
          f"{'nothing':>9}")
    for threshold in CANDIDATES:
        answered = right = offered = 0
        with mock.patch.object(thresholds, "GOOD_SEARCH_SCORE", threshold):
            for question in questions:
                reading = read_message(question["vraag"], "nlu_fallback", knowledge, Context())
                if reading.meaning in ANSWERED:
                    answered += 1
                    right += bool(set(question["verwacht"]) & set(first_three(reading)))
                elif reading.meaning in OFFERED:
                    offered += 1
        nothing = len(questions) - answered - offered
        print(f"{threshold:>9.1f}{answered:>10}{right:>7}{right / max(answered, 1):>11.0%}"
              f"{offered:>9}{nothing:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
