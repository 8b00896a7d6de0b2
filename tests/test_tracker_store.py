"""rasa_ext.tracker_store: the in-memory copy of a tracker is only used while the database
holds exactly what was saved, and every event is written once (run in the Rasa
environment against SQLite, beside Rasa's own SQL tracker store)."""

from __future__ import annotations

import pytest

from tests.rasa_probe import run_probe


@pytest.fixture(scope="module")
def checks(tmp_path_factory) -> dict[str, bool]:
    return run_probe("tracker_store_probe.py", str(tmp_path_factory.mktemp("tracker")))


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
