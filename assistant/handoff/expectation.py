"""What the ondernemer is told after a hand-off: a code, its parameters and the text.

Live takeover (``live_overname``, with the place in the queue) only during office hours
and while an adviser is available on the adviser page. Otherwise the team promises
contact within N werkdagen (``contact_binnen_werkdagen``), but only when it knows how to
reach the ondernemer; without an e-mail address or phone number it asks for one first
(``contact_gevraagd``), since a promise in the chat alone cannot be kept once the
browser is closed or WhatsApp's 24-hour window has passed. The texts live in
``teksten.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from assistant.handoff.office_hours import Schedule, add_working_days, is_open, next_opening
from assistant.handoff.texts import dutch_date, text

LIVE = "live_overname"
CONTACT = "contact_binnen_werkdagen"
CONTACT_ASKED = "contact_gevraagd"
# Why there is no live takeover: the team is closed, or nobody is available now.
CLOSED = "buiten_kantoortijd"
NOBODY = "niemand_beschikbaar"


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
        tekst = text("verwachting", LIVE, positie=params.get("positie", 1),
                     referentie=params["referentie"])
    elif code == CONTACT_ASKED:
        tekst = " ".join((
            text("verwachting", "waarom", params.get("waarom", CLOSED)),
            text("verwachting", CONTACT_ASKED, werkdagen=params["werkdagen"],
                 uiterlijk=dutch_date(date.fromisoformat(params["uiterlijk"])),
                 referentie=params["referentie"]),
        ))
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
    available: bool = True,
    positie: int = 1,
    contact_known: bool = True,
) -> Expectation:
    """The expectation for a hand-off made at ``at``.

    Live only when the team is open now and still open ``live_cutoff`` later, so
    nobody is promised a live adviser two minutes before closing time, and only when an
    adviser is ``available``; then the ondernemer is number ``positie`` in the queue.
    """
    waarom = CLOSED
    if is_open(at, schedule) and is_open(at + live_cutoff, schedule):
        if available:
            return render(LIVE, {"referentie": referentie, "positie": positie})
        waarom = NOBODY
    return call_back(at, referentie=referentie, schedule=schedule,
                     contact_working_days=contact_working_days,
                     contact_known=contact_known, waarom=waarom, live_cutoff=live_cutoff)


def call_back(
    at: datetime,
    *,
    referentie: str,
    schedule: Schedule,
    contact_working_days: int,
    contact_known: bool,
    waarom: str = CLOSED,
    live_cutoff: timedelta = timedelta(minutes=15),
) -> Expectation:
    """Contact within N werkdagen from ``at``: promised when ``contact_known``, asked
    for otherwise."""
    if is_open(at, schedule) and is_open(at + live_cutoff, schedule):
        reopens = at  # today counts as the first werkdag
    elif is_open(at, schedule):
        reopens = next_opening(at + live_cutoff, schedule)  # just before closing time
    else:
        reopens = next_opening(at, schedule)
    # The day the team opens again counts as the first werkdag.
    deadline = add_working_days(reopens, contact_working_days - 1, schedule)
    return render(
        CONTACT if contact_known else CONTACT_ASKED,
        {
            "referentie": referentie,
            "werkdagen": contact_working_days,
            "uiterlijk": deadline.date().isoformat(),
            "volgende_opening": reopens.isoformat(),
            "waarom": waarom,
        },
    )
