"""rasa_ext.tracker_store: the in-memory copy of a tracker is only used while the database
holds exactly what was saved, and every event is written once (run in the Rasa
environment against SQLite, beside Rasa's own SQL tracker store)."""

from __future__ import annotations

import json
import subprocess

import pytest

from assistant.settings import REPO_ROOT

RASA_PYTHON = REPO_ROOT / ".venv-rasa" / "bin" / "python"
PROBE = REPO_ROOT / "tests" / "rasa_env" / "tracker_store_probe.py"


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> dict[str, bool]:
    folder = tmp_path_factory.mktemp("tracker")
    result = subprocess.run([str(RASA_PYTHON), str(PROBE), str(folder)], capture_output=True,
                            text=True, timeout=300, cwd=REPO_ROOT,
                            env={"PYTHONPATH": str(REPO_ROOT), "RASA_TELEMETRY_ENABLED": "false"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("check", [
    "served_from_memory",
    "every_event_written_once",
    "same_state_as_rasas_store",
    "other_server_seen",
    "other_server_events_added_in_memory",
    "every_event_still_written_once",
    "deleted_and_added_reads_database",
    "failed_message_forgotten",
    "deleted_events_stay_deleted",
    "second_session_written_once",
    "second_session_not_kept",
    "second_session_read_as_rasa",
    "outside_tracker_written",
    "bounded",
    "sqlite_wal",
])
def test_cached_tracker_store(checks, check):
    assert checks[check] is True
