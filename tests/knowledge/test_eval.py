"""The evaluation set: at least 150 questions, valid labels, recall@3 of 0.90 or more."""

from __future__ import annotations

from scripts.eval_search import evaluate, load_questions


def test_the_evaluation_set_is_large_and_labels_exist(kb):
    questions = load_questions()
    assert len(questions) >= 150
    known = {entry.id for entry in kb.entries}
    assert all(set(q["verwacht"]) <= known for q in questions)


def test_recall_at_3_is_at_least_090(kb):
    report = evaluate(kb, load_questions())
    assert report.recall_at_3 >= 0.90, report.misses
