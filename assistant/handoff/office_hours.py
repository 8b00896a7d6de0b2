"""Office hours of the schakelteam: weekday opening hours, Dutch public holidays and
extra closed days, in one timezone (Europe/Amsterdam).

Pure functions; the schedule is a parameter. Times passed in must be timezone-aware;
results are in the schedule's timezone. Opening hours are wall-clock times, so they
hold across the switch to and from daylight saving time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")
DEFAULT_OFFICE_HOURS = {day: "09:00-17:00" for day in WEEKDAYS[:5]}
# Far enough to pass any holiday season; a schedule without open days fails before.
_MAX_DAYS_AHEAD = 366


@dataclass(frozen=True)
class Schedule:
    """Opening hours per weekday (0 = Monday) as (opens, closes); absent = closed."""

    hours: Mapping[int, tuple[time, time]]
    timezone: str = "Europe/Amsterdam"
    holiday_country: str | None = "NL"
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if not self.hours:
            raise ValueError("office hours need at least one open day")
        for weekday, (opens, closes) in self.hours.items():
            if weekday not in range(7) or not opens < closes:
                raise ValueError(f"invalid office hours for weekday {weekday}")
        ZoneInfo(self.timezone)  # raises for an unknown zone

    @classmethod
    def from_config(
        cls,
        office_hours: Mapping[str, str],
        *,
        timezone: str = "Europe/Amsterdam",
        closed_dates: Iterable[date] = (),
    ) -> Schedule:
        """Build from ``{"ma": "09:00-17:00", ...}`` (Dutch weekday abbreviations)."""
        hours: dict[int, tuple[time, time]] = {}
        for day, span in office_hours.items():
            if day not in WEEKDAYS:
                raise ValueError(f"unknown weekday {day!r}; use one of {', '.join(WEEKDAYS)}")
            opens, sep, closes = span.partition("-")
            if not sep:
                raise ValueError(f"office hours for {day!r} must look like 09:00-17:00")
            hours[WEEKDAYS.index(day)] = (
                time.fromisoformat(opens.strip()),
                time.fromisoformat(closes.strip()),
            )
        return cls(hours=hours, timezone=timezone, closed_dates=frozenset(closed_dates))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


DEFAULT_SCHEDULE = Schedule.from_config(DEFAULT_OFFICE_HOURS)


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, years=year))


def is_working_day(day: date, schedule: Schedule = DEFAULT_SCHEDULE) -> bool:
    """Open at some time on this day: a weekday with hours, no holiday, not closed."""
    if day.weekday() not in schedule.hours or day in schedule.closed_dates:
        return False
    country = schedule.holiday_country
    return not (country and day in _public_holidays(country, day.year))


def _local(at: datetime, schedule: Schedule) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("office hours need a timezone-aware datetime")
    return at.astimezone(schedule.tz)


def _next_working_day(day: date, schedule: Schedule) -> date:
    """The first working day after ``day``."""
    for offset in range(1, _MAX_DAYS_AHEAD + 1):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate, schedule):
            return candidate
    raise ValueError("no working day within a year; check the schedule")


def is_open(at: datetime, schedule: Schedule = DEFAULT_SCHEDULE) -> bool:
    """Whether the team is open at this moment (opening time included, closing not)."""
    local = _local(at, schedule)
    if not is_working_day(local.date(), schedule):
        return False
    opens, closes = schedule.hours[local.weekday()]
    return opens <= local.time() < closes


def next_opening(at: datetime, schedule: Schedule = DEFAULT_SCHEDULE) -> datetime:
    """The first moment at or after ``at`` when the team is open (``at`` itself if open)."""
    local = _local(at, schedule)
    if is_open(local, schedule):
        return local
    day = local.date()
    if not (is_working_day(day, schedule) and local.time() < schedule.hours[day.weekday()][0]):
        day = _next_working_day(day, schedule)
    return datetime.combine(day, schedule.hours[day.weekday()][0], schedule.tz)


def add_working_days(at: datetime, n: int, schedule: Schedule = DEFAULT_SCHEDULE) -> datetime:
    """The same wall-clock time ``n`` working days after the day of ``at``.

    Days are counted from the day after ``at``, so Friday evening + 1 is Monday and
    Saturday + 1 is Monday too; ``n == 0`` returns ``at`` in local time.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    local = _local(at, schedule)
    day = local.date()
    for _ in range(n):
        day = _next_working_day(day, schedule)
    return datetime.combine(day, local.time(), schedule.tz)
