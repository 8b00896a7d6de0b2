"""scripts/make_lookups.py renders Rasa lookup tables from knowledge/, and the committed
data/nlu/lookups.yml (switched on: it is training data) matches knowledge/."""

from __future__ import annotations

from scripts import make_lookups


def test_lookup_tables_hold_names_from_every_source():
    text = make_lookups.render()
    for expected in ("- lookup: regeling", "- lookup: sector", "- lookup: gemeente",
                     "    - WBSO\n", "    - Kleinschaligheidsinvesteringsaftrek\n",
                     "    - Dronten\n", "    - restaurant\n"):
        assert expected in text


def test_committed_lookup_file_is_up_to_date():
    """Fails after a change in knowledge/: run python -m scripts.make_lookups and retrain."""
    assert make_lookups.TARGET.exists(), "data/nlu/lookups.yml ontbreekt"
    assert make_lookups.main(["--check"]) == 0
