"""Every response renders through Rasa's NLG without a placeholder error, and button
payloads reach the channel as Rasa parses them (run in the Rasa environment)."""

from __future__ import annotations

from tests.rasa_probe import run_probe


def test_every_response_renders_cleanly():
    found = run_probe("responses_probe.py")
    assert found["responses"] > 50
    assert found["failed"] == []
    assert '/feedback{"feedback_score": 5}' in found["payloads"]
    assert not any("{{" in payload for payload in found["payloads"])
