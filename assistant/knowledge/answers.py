"""What the chat says about a knowledge entry: the values for the Dutch responses in
``domain.yml`` (``utter_regeling_*``), taken from the entry only.

Nothing is invented: a missing amount or procedure is said to be missing, with the
uitvoerder as the place to ask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# Words that say "a regeling" without saying which: a question made only of these
# (plus small words) needs a follow-up question, not a search.
GENERIC_WORDS = {
    "ik",
    "we",
    "wij",
    "heb",
    "hebben",
    "een",
    "de",
    "het",
    "over",
    "vraag",
    "vragen",
    "regeling",
    "regelingen",
    "subsidie",
    "subsidies",
    "geld",
    "financiering",
    "lening",
    "zoek",
    "zoeken",
    "welke",
    "wat",
    "zijn",
    "er",
    "is",
    "voor",
    "mij",
    "mijn",
    "bedrijf",
    "info",
    "informatie",
    "wil",
    "weten",
    "kan",
    "krijgen",
    "potjes",
    "mkb",
    "ondernemers",
    "ondernemer",
    "aanvragen",
    "graag",
    "hoi",
    "hallo",
    "kom",
    "in",
    "aanmerking",
    "fiscale",
    "vind",
    "waar",
    "ergens",
    "past",
    "bij",
    "zaak",
    "onderneming",
    "iets",
}
ORDINALS = {
    "eerste": 0,
    "1": 0,
    "bovenste": 0,
    "tweede": 1,
    "2": 1,
    "derde": 2,
    "3": 2,
    "laatste": -1,
}


def format_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _lines(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def source(entry) -> str:
    first = entry.bronnen[0]
    if first.url:
        return str(first.url)
    return first.titel or entry.uitvoerder


def next_step(entry) -> str:
    step = entry.vervolgstap
    return f"{step.tekst} {step.url}" if step.url else step.tekst


def current_figures(entry) -> str:
    """Where the ondernemer sees the current state: an official page (the next step's,
    else the first official source), else the next step's page, else the uitvoerder."""
    from assistant.knowledge.sources import all_official_domains, on_domain

    domains = all_official_domains(entry)
    links = [entry.vervolgstap.url, *(b.url for b in entry.bronnen)]
    url = next((u for u in links if u and on_domain(u, domains)), entry.vervolgstap.url)
    if url:
        return f"De actuele stand vind je op {url}"
    return f"Vraag de actuele stand na bij {entry.uitvoerder}."


def review_note(entry, today: date | None = None) -> str:
    """For an entry past its review date: when it was last checked and where to look.
    Empty while the entry is fresh."""
    if not entry.past_review(today):
        return ""
    return (
        "Let op: deze informatie is voor het laatst gecontroleerd op "
        f"{format_date(entry.peildatum)}. {current_figures(entry)}"
    )


def answer_fields(entry, today: date | None = None) -> dict[str, Any]:
    """Every value a ``utter_regeling_*`` response may use, from the entry alone.
    ``controle`` is empty while the entry is within its review date."""
    voorwaarden = list(entry.voorwaarden)
    if entry.doelgroep.toelichting:
        voorwaarden.insert(0, entry.doelgroep.toelichting)
    status = entry.status_toelichting if entry.status != "actief" else ""
    return {
        "naam": entry.naam,
        "soort": str(entry.soort),
        "uitvoerder": entry.uitvoerder,
        "samenvatting": " ".join(entry.samenvatting.split()),
        "bedragen": _lines([f"{b.omschrijving} ({b.jaar})" for b in entry.bedragen]),
        "voorwaarden": _lines(voorwaarden)
        or f"Dat staat niet in mijn overzicht. {entry.uitvoerder} weet het precies.",
        "aanvragen": " ".join((entry.aanvragen or "").split())
        or f"Hoe je het aanvraagt, staat niet in mijn overzicht. Vraag het {entry.uitvoerder}.",
        "vervolgstap": next_step(entry),
        "bron": source(entry),
        "peildatum": format_date(entry.peildatum),
        "status": status or "",
        "controle": review_note(entry, today),
    }


def is_generic_question(text: str) -> bool:
    """True for "ik heb een vraag over een regeling": nothing to search on."""
    words = re.findall(r"[a-zà-ÿ0-9&'-]+", text.lower())
    return not [word for word in words if word not in GENERIC_WORDS]


def pick_from_results(text: str, ids: list[str]) -> str | None:
    """'die tweede', 'optie 3', 'de laatste' → the id shown at that place."""
    if not ids:
        return None
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if word in ORDINALS and abs(ORDINALS[word]) <= len(ids):
            index = ORDINALS[word]
            return ids[index] if index < len(ids) else None
    return None


def profile_from_slots(slots: dict[str, Any]):
    """The company profile from what the conversation already knows (intake slots)."""
    from assistant.knowledge.profile import Profile

    medewerkers = slots.get("medewerkers")
    return Profile(
        medewerkers=int(medewerkers) if isinstance(medewerkers, int | float) else None,
        sector=slots.get("sector") or None,
        provincie=slots.get("provincie") or None,
        rechtsvorm=slots.get("rechtsvorm") or None,
    )


@dataclass(frozen=True)
class ChatVerdict:
    uitkomst: str  # ja / misschien / nee / voorwaarden
    redenen: str
    vragen: str
    voorwaarden: str


def eligibility(knowledge, entry, profile, *, said: str = "") -> ChatVerdict:
    """The eligibility verdict as lines for the chat. "Ja" (waarschijnlijk) only when
    the entry's criteria were checked against facts the ondernemer gave; without such
    facts the answer is "voorwaarden": the conditions that decide. ``said``: what the
    ondernemer wrote, so a condition about what they mention (loondienst, uren) is
    named first."""
    from assistant.knowledge.eligibility import assess

    verdict = assess(entry, profile, knowledge.vocabulary)
    uitkomst = verdict.oordeel
    if uitkomst == "ja" and not verdict.getoetst:
        uitkomst = "voorwaarden"
    conditions = sorted(entry.voorwaarden, key=lambda line: not _concerns(line, said))
    voorwaarden = _lines(conditions) or (
        f"Welke voorwaarden er zijn, staat niet in mijn overzicht. {entry.uitvoerder} weet het.")
    return ChatVerdict(uitkomst, _lines(verdict.redenen), " ".join(verdict.vragen), voorwaarden)


# What an ondernemer may mention that a condition is about ("ik werk ook 32 uur in
# loondienst" → the urencriterium).
_MENTIONS = {
    "loondienst": ("uur", "uren", "urencriterium"),
    "uur": ("uur", "uren", "urencriterium"),
    "eenmanszaak": ("eenmanszaak", "rechtsvorm", "inkomstenbelasting"),
    "bv": ("bv", "rechtsvorm", "vennootschap"),
    "starter": ("starter", "start", "eerste"),
}


def _concerns(condition: str, said: str) -> bool:
    lowered, told = condition.lower(), said.lower()
    return any(word in told and any(part in lowered for part in parts)
               for word, parts in _MENTIONS.items())
