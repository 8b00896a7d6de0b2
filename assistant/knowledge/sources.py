"""Which sources are official: the executing organisations' own websites and the
government's general ones.

Used by the knowledge check (entries of RVO, Belastingdienst, KVK and UWV should cite
that organisation's own site) and by the chat, which points to an official page for
the current figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# The executing organisations whose entries must cite their own site, and that site.
ORGANISATION_DOMAINS: dict[str, tuple[str, ...]] = {
    "RVO": ("rvo.nl",),
    "Belastingdienst": ("belastingdienst.nl",),
    "KVK": ("kvk.nl",),
    "UWV": ("uwv.nl",),
}
# Government sites that count as official for every entry.
GOVERNMENT_DOMAINS: tuple[str, ...] = (
    "ondernemersplein.nl",
    "ondernemersplein.kvk.nl",
    "business.gov.nl",
    "rijksoverheid.nl",
    "government.nl",
    "overheid.nl",
    "officielebekendmakingen.nl",
)
# The provincies' own sites, by provincie id (``provincies.yml``).
PROVINCE_DOMAINS: dict[str, tuple[str, ...]] = {
    "groningen": ("provinciegroningen.nl",),
    "friesland": ("fryslan.frl",),
    "drenthe": ("drenthe.nl",),
    "overijssel": ("overijssel.nl",),
    "flevoland": ("flevoland.nl",),
    "gelderland": ("gelderland.nl",),
    "utrecht": ("provincie-utrecht.nl",),
    "noord-holland": ("noord-holland.nl",),
    "zuid-holland": ("zuid-holland.nl",),
    "zeeland": ("zeeland.nl",),
    "noord-brabant": ("brabant.nl",),
    "limburg": ("limburg.nl",),
}


def host(url: str | None) -> str:
    """The lowercase host name of a URL, without a trailing dot; empty when none."""
    if not url:
        return ""
    try:
        name = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return name.rstrip(".").lower()


def on_domain(url: str | None, domains: Iterable[str]) -> bool:
    """True when the URL's host is one of the domains or a subdomain of one."""
    name = host(url)
    return bool(name) and any(name == d or name.endswith("." + d) for d in domains)


def executing_organisations(entry) -> list[str]:
    """The organisations in ``ORGANISATION_DOMAINS`` the entry's uitvoerder names."""
    return [
        name
        for name in ORGANISATION_DOMAINS
        if re.search(rf"\b{re.escape(name)}\b", entry.uitvoerder, re.IGNORECASE)
    ]


def official_domains(entry) -> tuple[str, ...]:
    """The domains that count as official for this entry: those of the organisations
    its uitvoerder names, the government's and those of its provincies."""
    own = [d for name in executing_organisations(entry) for d in ORGANISATION_DOMAINS[name]]
    regional = [d for regio in entry.regio for d in PROVINCE_DOMAINS.get(regio, ())]
    return (*own, *GOVERNMENT_DOMAINS, *regional)


def all_official_domains(entry) -> tuple[str, ...]:
    """Every executing organisation's domain plus ``official_domains(entry)``."""
    every = [d for domains in ORGANISATION_DOMAINS.values() for d in domains]
    return (*every, *official_domains(entry))


def official_sources(entry) -> list[str]:
    """URLs of the entry's bronnen on one of its official domains, in order."""
    domains = official_domains(entry)
    return [b.url for b in entry.bronnen if b.url and on_domain(b.url, domains)]


def official_source_of_year(entry, year: int) -> bool:
    """The entry cites a source on one of its official domains dated in ``year`` or
    later: its facts were checked against the executing organisation's (or the
    government's, or its provincie's) own page of that year."""
    domains = official_domains(entry)
    return any(
        b.url and on_domain(b.url, domains) and b.datum[:4].isdigit() and int(b.datum[:4]) >= year
        for b in entry.bronnen
    )


def needs_official_source(entry) -> bool:
    """An entry of RVO, Belastingdienst, KVK or UWV without a source on an official
    domain (the organisation's own, the government's or its provincie's)."""
    return bool(executing_organisations(entry)) and not official_sources(entry)
