"""What the ondernemer is told after a hand-off: a code, its parameters and the text.

During office hours an adviser takes the conversation over live (``live_overname``);
outside them the team promises contact within N werkdagen
(``contact_binnen_werkdagen``). The texts live in ``teksten.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from assistant.handoff.office_hours import Schedule, add_working_days, is_open, next_opening
from assistant.handoff.texts import dutch_date, text

LIVE = "live_overname"
CONTACT = "contact_binnen_werkdagen"


@dataclass(frozen=True)
class Expectation:
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    tekst: str = ""

    def stored(self) -> dict[str, Any]:
        """The part worth keeping: the text is rendered again from code and params."""
        return {"code": self.code, "params": dict(self.params)}


def render(code: str, params: dict[str, Any]) -> Expectation:
    """Build the expectation (with its Dutch text) from a code and its parameters."""
    if code == LIVE:
        tekst = text("verwachting", LIVE, referentie=params["referentie"])
    elif code == CONTACT:
        variant = "een" if params["werkdagen"] == 1 else "meer"
        tekst = text(
            "verwachting",
            CONTACT,
            variant,
            werkdagen=params["werkdagen"],
            uiterlijk=dutch_date(date.fromisoformat(params["uiterlijk"])),
            referentie=params["referentie"],
        )
    else:
        raise ValueError(f"unknown expectation code {code!r}")
    return Expectation(code=code, params=dict(params), tekst=tekst)


def expectation_for(
    at: datetime,
    *,
    referentie: str,
    schedule: Schedule,
    contact_working_days: int,
    live_cutoff: timedelta = timedelta(minutes=15),
) -> Expectation:
    """The expectation for a hand-off made at ``at``.

    Live only when the team is open now and still open ``live_cutoff`` later, so
    nobody is promised a live adviser two minutes before closing time.
    """
    if is_open(at, schedule):
        if is_open(at + live_cutoff, schedule):
            return render(LIVE, {"referentie": referentie})
        reopens = next_opening(at + live_cutoff, schedule)  # just before closing time
    else:
        reopens = next_opening(at, schedule)
    # The day the team opens again counts as the first werkdag.
    deadline = add_working_days(reopens, contact_working_days - 1, schedule)
    return render(
        CONTACT,
        {
            "referentie": referentie,
            "werkdagen": contact_working_days,
            "uiterlijk": deadline.date().isoformat(),
            "volgende_opening": reopens.isoformat(),
        },
    )
