"""scripts/profile.py: py-spy's collapsed stacks summarised per part of a Rasa turn."""

from __future__ import annotations

from scripts import profile

RAW = """\
<module> (rasa/__main__.py:1);handle (rasa/core/processor.py:10);parse (spacy/language.py:5) 6
<module> (rasa/__main__.py:1);handle (rasa/core/processor.py:10);call (tensorflow/ops.py:9) 3
<module> (rasa/__main__.py:1);save (sqlalchemy/orm/session.py:2) 1
nonsense line without count
"""


def test_samples_are_counted_per_part_and_per_function():
    text = profile.summarize("rasa", RAW)
    assert text.splitlines()[0] == "rasa: 10 samples van bezige threads"
    assert " 60.0%  spaCy (tokens, lemmas)" in text
    assert " 30.0%  TensorFlow (DIET, TED)" in text
    assert " 10.0%  tracker store (SQL)" in text
    assert "parse (spacy/language.py:5)" in text


def test_nothing_sampled_says_so():
    assert profile.summarize("actieserver", "") == "actieserver: geen samples"
