"""The channels' helpers in the Rasa environment (where the channels run): splitting
long answers, numbered options, reading a number as a choice; and Socket.IO rooms shared
through Redis between Rasa replicas."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from scripts.services import free_port
from tests.stack.test_channels import probe


def test_splitting_numbering_and_choices():
    result = probe({"do": "helpers"})
    assert all(length <= 1600 for length in result["lengths"]) and result["joined_equal"]
    assert all(start.startswith("Alinea") for start in result["starts"])  # cut at paragraphs
    assert result["hard_cut"] == [1600, 1600, 800]
    assert result["numbered"] == "Klopt dat?\n\n1. Ja\n2. Nee\n3. Weet ik niet\n\nTyp 1, 2 of 3."
    assert result["numbered_two"].endswith("Typ 1 of 2.")
    assert result["numbers"] == [2, 3, 1, None, 12, None, None]
    assert result["offered"] == ["/affirm", "/deny", "/skip"]
    assert result["offered_after_user"] == []


def test_whatsapp_pseudonyms_are_stable_and_reversible_only_with_the_key():
    def pseudonym(key: str) -> dict:
        return probe({"do": "pseudonym", "key": key, "address": "whatsapp:+31612345678"})

    first, again = pseudonym("sleutel-voor-de-test-1"), pseudonym("sleutel-voor-de-test-1")
    other_key = pseudonym("sleutel-voor-de-test-2")
    assert first == again
    assert first["pseudonym"].startswith("wa-") and "612345678" not in first["pseudonym"]
    assert other_key != first


def test_an_adviser_message_on_one_replica_is_published_for_the_others():
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        pytest.fail("redis-server ontbreekt: run 'make setup' (scripts/setup_system.sh)")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        result = probe({"do": "socketio_redis", "url": f"redis://127.0.0.1:{port}/2"})
    finally:
        server.terminate()
        server.wait(10)
    assert result["is_redis"], result
    assert result["event"] == "bot_uttered" and result["room"] == "sessie-1"
    assert result["data"] == [{"text": "Anne (adviseur): Hallo", "van": "adviseur"}]
