"""Office hours: weekdays, evenings, weekends, Dutch public holidays, DST, config."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.handoff.config import HandoffSettings
from assistant.handoff.office_hours import (
    DEFAULT_SCHEDULE,
    Schedule,
    add_working_days,
    is_open,
    is_working_day,
    next_opening,
)

AMS = ZoneInfo("Europe/Amsterdam")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local(2026, 4, 29, 9, 0), True),  # Wednesday, opening time included
        (local(2026, 4, 29, 8, 59), False),
        (local(2026, 4, 29, 16, 59), True),
        (local(2026, 4, 29, 17, 0), False),  # closing time excluded
        (local(2026, 4, 29, 21, 30), False),  # evening
        (local(2026, 5, 2, 11, 0), False),  # Saturday
        (local(2026, 5, 3, 11, 0), False),  # Sunday
        (local(2026, 4, 27, 11, 0), False),  # Koningsdag (a Monday in 2026)
        (local(2026, 12, 25, 11, 0), False),  # Eerste Kerstdag
        (local(2026, 12, 24, 11, 0), True),  # Christmas Eve is a normal day
        (local(2027, 1, 1, 11, 0), False),  # Nieuwjaarsdag
    ],
)
def test_is_open(moment, expected):
    assert is_open(moment) is expected


def test_is_open_accepts_any_timezone():
    assert is_open(datetime(2026, 4, 29, 8, 0, tzinfo=UTC))  # 10:00 in Amsterdam
    assert not is_open(datetime(2026, 4, 29, 15, 30, tzinfo=UTC))  # 17:30


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        is_open(datetime(2026, 4, 29, 10, 0))


def test_next_opening():
    open_now = local(2026, 4, 29, 10, 15)
    assert next_opening(open_now) == open_now
    assert next_opening(local(2026, 4, 29, 7, 0)) == local(2026, 4, 29, 9, 0)
    assert next_opening(local(2026, 4, 29, 17, 0)) == local(2026, 4, 30, 9, 0)
    # Friday evening → Monday, unless Monday is Koningsdag: then Tuesday.
    assert next_opening(local(2026, 5, 8, 18, 0)) == local(2026, 5, 11, 9, 0)
    assert next_opening(local(2026, 4, 24, 18, 0)) == local(2026, 4, 28, 9, 0)
    # Christmas on Friday and Saturday: from Thursday evening to Monday.
    assert next_opening(local(2026, 12, 24, 18, 0)) == local(2026, 12, 28, 9, 0)


def test_daylight_saving_time_keeps_wall_clock_hours():
    # Same UTC time of day, either side of the switch to CEST on 29 March 2026.
    assert not is_open(datetime(2026, 3, 27, 7, 30, tzinfo=UTC))  # 08:30 CET
    assert is_open(datetime(2026, 3, 30, 7, 30, tzinfo=UTC))  # 09:30 CEST
    opening = next_opening(local(2026, 3, 28, 12, 0))
    assert opening == local(2026, 3, 30, 9, 0)
    assert opening.utcoffset() == timedelta(hours=2)
    assert opening.astimezone(UTC).hour == 7
    # And back to CET on 25 October 2026.
    assert is_open(datetime(2026, 10, 23, 14, 30, tzinfo=UTC))  # 16:30 CEST
    assert not is_open(datetime(2026, 10, 26, 16, 30, tzinfo=UTC))  # 17:30 CET
    assert next_opening(local(2026, 10, 24, 12, 0)).astimezone(UTC).hour == 8


def test_add_working_days():
    friday = local(2026, 5, 8, 20, 0)
    assert add_working_days(friday, 0) == friday
    assert add_working_days(friday, 1) == local(2026, 5, 11, 20, 0)
    assert add_working_days(local(2026, 5, 9, 10, 0), 1) == local(2026, 5, 11, 10, 0)  # Saturday
    # Over Koningsdag and over Christmas.
    assert add_working_days(local(2026, 4, 24, 19, 0), 2).date() == date(2026, 4, 29)
    assert add_working_days(local(2026, 12, 23, 12, 0), 2).date() == date(2026, 12, 28)
    # Over the DST switch the wall-clock time stays the same.
    after_switch = add_working_days(local(2026, 3, 27, 10, 0), 1)
    assert after_switch == local(2026, 3, 30, 10, 0)
    assert after_switch.utcoffset() == timedelta(hours=2)
    with pytest.raises(ValueError):
        add_working_days(friday, -1)


def test_custom_schedule_and_closed_dates():
    schedule = Schedule.from_config(
        {"ma": "08:30-12:00", "do": "13:00-20:00"}, closed_dates=[date(2026, 5, 4)]
    )
    assert is_open(local(2026, 5, 11, 8, 30), schedule)
    assert not is_open(local(2026, 5, 12, 10, 0), schedule)  # Tuesday: closed
    assert is_open(local(2026, 5, 7, 19, 0), schedule)  # Thursday evening
    assert not is_working_day(date(2026, 5, 4), schedule)  # extra closed day
    assert next_opening(local(2026, 5, 1, 12, 0), schedule) == local(2026, 5, 7, 13, 0)


@pytest.mark.parametrize(
    "hours", [{}, {"maandag": "09:00-17:00"}, {"ma": "17:00-09:00"}, {"ma": "09:00"}]
)
def test_invalid_schedules_are_refused(hours):
    with pytest.raises(ValueError):
        Schedule.from_config(hours)


def test_settings_read_the_schedule_from_the_environment(monkeypatch):
    monkeypatch.setenv("SCHAKEL_OVERDRACHT_OFFICE_HOURS", '{"za": "10:00-14:00"}')
    monkeypatch.setenv("SCHAKEL_OVERDRACHT_CONTACT_WORKING_DAYS", "3")
    config = HandoffSettings()
    assert config.contact_working_days == 3
    assert is_open(local(2026, 5, 9, 11, 0), config.schedule())  # Saturday
    assert not is_open(local(2026, 5, 11, 11, 0), config.schedule())  # Monday


def test_default_settings_are_office_hours_monday_to_friday():
    config = HandoffSettings()
    assert config.schedule() == DEFAULT_SCHEDULE
    assert config.contact_working_days == 2
    assert config.webhook_url is None and not config.email_enabled
