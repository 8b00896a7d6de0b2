"""rasa_ext.action_validation: the action server's answers are checked with a validator
built once, with the same outcome as Rasa's own check (run in the Rasa environment)."""

from __future__ import annotations

from tests.rasa_probe import run_probe


def test_same_outcome_as_rasas_own_check():
    found = run_probe("action_validation_probe.py")
    assert found["installed"] is True
    assert found["schakel"] == found["rasa"]
    assert found["schakel"]["valid"] is True
    assert all(found["schakel"][name] == "fout: uitleg" for name in
               ("events_not_a_list", "unknown_event", "responses_not_objects"))
