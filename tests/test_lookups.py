"""scripts/make_lookups.py renders Rasa lookup tables from knowledge/.

The tables are not in data/nlu/ yet (not checked against training and the stories);
see the script's docstring to turn them on.
"""

from __future__ import annotations

from scripts import make_lookups


def test_lookup_tables_hold_names_from_every_source():
    text = make_lookups.render()
    for expected in ("- lookup: regeling", "- lookup: sector", "- lookup: gemeente",
                     "    - WBSO\n", "    - Kleinschaligheidsinvesteringsaftrek\n",
                     "    - Dronten\n", "    - restaurant\n"):
        assert expected in text
