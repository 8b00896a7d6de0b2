"""The aggregation: pure functions, small groups suppressed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from assistant.stats import aggregate
from assistant.stats.aggregate import (
    EventRecord,
    IntakeRecord,
    OverdrachtRecord,
    ScanRecord,
    all_tables,
    shown,
)

MONDAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # ISO week 2026-W47
MIN = 5


def by_name(tables):
    return {table.naam: table for table in tables}


def intakes(n: int, **fields) -> list[IntakeRecord]:
    return [IntakeRecord(MONDAY, **fields) for _ in range(n)]


@pytest.mark.parametrize(("count", "expected"), [(0, 0), (1, "< 5"), (4, "< 5"), (5, 5), (12, 12)])
def test_shown_suppresses_small_groups_but_not_zero(count, expected):
    assert shown(count, MIN) == expected


def test_empty_input_gives_every_table_without_rows():
    tables = all_tables([], [], [], [], MIN)
    assert [t.naam for t in tables] == list(aggregate.TABLE_NAMES)
    for table in tables:
        if table.naam == "doorlooptijden":  # fixed rows, nothing measured
            assert [row[1:] for row in table.rijen] == [[0, "", ""], [0, "", ""]]
        else:
            assert table.rijen == [], table.naam


def test_group_of_threshold_minus_one_is_suppressed_and_threshold_is_shown():
    tables = by_name(all_tables(intakes(4, sector="horeca") + intakes(5, sector="bouw"),
                                [], [], [], MIN))
    assert tables["sector"].rijen == [["bouw", 5], ["horeca", "< 5"]]
    assert tables["sector"].kolommen == ["Sector", "Aantal"]
    # The number 4 appears nowhere.
    assert 4 not in [cell for row in tables["sector"].rijen for cell in row]


def test_threshold_is_configurable():
    tables = by_name(all_tables(intakes(2, sector="horeca"), [], [], [], 2))
    assert tables["sector"].rijen == [["horeca", 2]]
    tables = by_name(all_tables(intakes(2, sector="horeca"), [], [], [], 3))
    assert tables["sector"].rijen == [["horeca", "< 3"]]


def test_missing_values_are_grouped_as_onbekend():
    rows = by_name(all_tables(intakes(6, gemeente=None) + intakes(5, gemeente=" Almere "),
                              [], [], [], MIN))["gemeente"].rijen
    assert rows == [["onbekend", 6], ["Almere", 5]]


def test_per_week_counts_each_kind_per_iso_week_in_amsterdam_time():
    next_week = MONDAY + timedelta(days=7)
    late_sunday = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # Monday 00:30 in Amsterdam
    records = intakes(6) + [IntakeRecord(late_sunday)] * 5
    scans = [ScanRecord(next_week)] * 2
    overdrachten = [OverdrachtRecord(MONDAY)] * 5
    events = [EventRecord("gesprek_gestart", "2026-W47")] * 7 + [
        EventRecord("feedback", "2026-W47", waarde=4)]
    table = by_name(all_tables(records, overdrachten, scans, events, MIN))["per_week"]
    assert table.kolommen == ["Week", "Intakes", "Scans", "Overdrachten", "Gesprekken"]
    assert table.rijen == [["2026-W47", 6, 0, 5, 7], ["2026-W48", 5, "< 5", 0, 0]]


def test_questions_per_thema_combines_sources_largest_total_first():
    events = [EventRecord("vraag_niet_beantwoord", "2026-W47", thema="financiering")] * 5
    table = by_name(all_tables(intakes(6, thema="personeel") + intakes(1, thema="financiering"),
                               [OverdrachtRecord(MONDAY, thema="personeel")], [], events,
                               MIN))["vragen_per_thema"]
    assert table.rijen == [["personeel", 6, "< 5", 0], ["financiering", "< 5", 0, 5]]


def test_order_of_suppressed_groups_gives_nothing_away():
    rows = by_name(all_tables(intakes(4, sector="bouw") + intakes(1, sector="advies"),
                              [], [], [], MIN))["sector"].rijen
    assert rows == [["advies", "< 5"], ["bouw", "< 5"]]  # by name, not by hidden size


def test_referrals_count_only_overdrachten_that_were_referred():
    overdrachten = ([OverdrachtRecord(MONDAY, doorverwezen_naar="KVK")] * 5
                    + [OverdrachtRecord(MONDAY, doorverwezen_naar="ROM")]
                    + [OverdrachtRecord(MONDAY)] * 9)
    rows = by_name(all_tables([], overdrachten, [], [], MIN))["doorverwijzingen"].rijen
    assert rows == [["KVK", 5], ["ROM", "< 5"]]


def test_durations_median_and_p90_in_hours_only_from_threshold():
    replied = [OverdrachtRecord(MONDAY, eerste_reactie_op=MONDAY + timedelta(hours=h),
                                gesloten_op=MONDAY + timedelta(hours=10 * h) if h < 5 else None)
               for h in (1, 2, 3, 4, 10)]
    rows = aggregate.doorlooptijden(replied, MIN).rijen
    assert rows[0] == ["Tot eerste reactie adviseur", 5, 3.0, 10.0]
    assert rows[1] == ["Tot afsluiten", "< 5", "", ""]  # 4 closed: no figures at all


def test_percentile_nearest_rank():
    assert aggregate.percentile([1.0], 0.9) == 1.0
    assert aggregate.percentile(list(map(float, range(1, 11))), 0.9) == 9.0


def test_scan_scores_average_per_theme_suppressed_below_threshold():
    scans = [ScanRecord(MONDAY, {"financien": s, "personeel": 2.0}) for s in (3.0, 4.0, 4.0, 5.0)]
    scans.append(ScanRecord(MONDAY, {"financien": 2.0}))
    rows = aggregate.scanscores(scans, MIN).rijen
    assert rows == [["financien", 5, 3.6], ["personeel", "< 5", ""]]


def test_feedback_distribution():
    events = [EventRecord("feedback", "2026-W47", waarde=5)] * 6 + [
        EventRecord("feedback", "2026-W47", waarde=1)]
    assert aggregate.feedback(events, MIN).rijen == [["1", "< 5"], ["5", 6]]


def test_unanswered_questions_grouped_and_most_frequent_first():
    result = aggregate.unanswered([("Mag ik  thuis werken?", "personeel"),
                                   ("mag ik thuis werken?", "personeel"),
                                   ("Wat kost een vergunning?", None), ("   ", None)])
    assert result == [{"tekst": "Mag ik thuis werken?", "thema": "personeel", "aantal": 2},
                      {"tekst": "Wat kost een vergunning?", "thema": None, "aantal": 1}]


def test_feedback_per_thema_averages_only_big_enough_groups():
    events = [EventRecord("feedback", "2026-W47", thema="personeel", waarde=5)] * 4 + [
        EventRecord("feedback", "2026-W47", thema="personeel", waarde=2),
        EventRecord("feedback", "2026-W47", waarde=1),
        EventRecord("vraag_niet_beantwoord", "2026-W47", thema="personeel")]
    assert aggregate.feedback_per_thema(events, MIN).rijen == [
        ["onbekend", "< 5", ""], ["personeel", 5, 4.4]]
