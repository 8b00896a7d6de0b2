"""Masking personal data for logs: e-mail addresses, IBANs, phone numbers, KvK-nummers
(8 digits), other long numbers (BSN, account and reference numbers), postcodes, and
names passed in. Masks err on the side of hiding too much: logs need no digits.

    logger.info("intake opgeslagen: %s", mask_personal_data(text, names=["Sanne"]))

or install ``PersonalDataFilter`` on a handler to mask every record it emits.

Free text kept for editors (unanswered questions, feedback comments) goes through
``mask_free_text``: the same masks, plus what identifies a person only in combination —
a name someone gives ("ik ben Priya"), places (every gemeente, former gemeente and
well-known woonplaats in ``knowledge/``) and company sizes ("12 mensen").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache

_SEP = r"[\s.\-]?"
_PATTERNS = (
    ("[e-mail]", re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")),
    ("[iban]", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,3})?\b", re.I)),
    (
        "[telefoon]",
        re.compile(
            r"(?:\+|\b00)\d{2,3}" + _SEP + r"(?:\(0\)" + _SEP + r")?\d(?:" + _SEP + r"\d){6,11}\b"
            r"|\(0\d{1,3}\)\s?\d(?:" + _SEP + r"\d){5,7}\b"
            r"|\b0\d(?:" + _SEP + r"\d){8}\b"
        ),
    ),
    (
        "[kvk]",
        re.compile(
            r"\b\d{4}[\s.]?\d{4}\b"
            r"|(?:(?<=kvk)|(?<=kvk )|(?<=kvk:)|(?<=kvk: ))\d{2}(?:[\s.\-]?\d{2}){3}\b",
            re.I,
        ),
    ),
    ("[nummer]", re.compile(r"\b\d(?:" + _SEP + r"\d){6,}\b")),
    ("[postcode]", re.compile(r"\b\d{4}\s?[A-Z]{2}\b|\b\d{4}[a-z]{2}\b")),
)
_NAME_PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in"})


def _name_variants(names: Iterable[str]) -> list[str]:
    """Full names and their parts ("Sanne de Vries" → also "Sanne", "Vries"), longest first."""
    variants = set()
    for name in names:
        name = (name or "").strip()
        if len(name) < 2:
            continue
        variants.add(name)
        variants.update(
            part for part in re.split(r"\s+", name)
            if len(part) >= 3 and part.lower() not in _NAME_PARTICLES
        )
    return sorted(variants, key=len, reverse=True)


def mask_personal_data(text: object, names: Iterable[str] = ()) -> str:
    """The text with personal data replaced by placeholders such as "[e-mail]"."""
    masked = "" if text is None else str(text)
    for placeholder, pattern in _PATTERNS:
        masked = pattern.sub(placeholder, masked)
    for variant in _name_variants(names):
        masked = re.sub(rf"(?<!\w){re.escape(variant)}(?!\w)", "[naam]", masked, flags=re.I)
    return masked


_NAME_WORD = r"[A-ZÀ-Ý][a-zà-ÿ'\-]+"
_GIVEN_NAME = re.compile(
    # "ik ben Priya (de Vries)", "ik heet priya", "mijn naam is Priya", "groet, Priya"
    r"(?P<intro>(?i:\b(?:ik\s+ben|ik\s+heet|mijn\s+naam\s+is|naam\s*:|"
    r"(?:vriendelijke\s+)?groet(?:en|jes)?\s*,?)\s+))"
    rf"(?:{_NAME_WORD}(?:\s+(?:(?:van|de|der|den|ter|ten)\s+)*{_NAME_WORD})?"
    r"|(?<=heet )[a-zà-ÿ]+|(?<=is )[a-zà-ÿ]+)"
)
_COUNT_WORDS = ("een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|"
                "veertien|vijftien|twintig|dertig|veertig|vijftig|honderd")
_SIZE = re.compile(
    rf"\b(?:\d+(?:[.,]\d+)?|(?i:{_COUNT_WORDS}))(?=\s+(?:\w+\s+)?(?i:mensen|medewerkers?|"
    r"werknemers?|personeelsleden|personen|man|fte|collega'?s|krachten|zzp'?ers|vrouw|"
    r"jongens|meiden|vestigingen|winkels|filialen)\b)"
)


@lru_cache
def _places() -> re.Pattern[str]:
    """Every place name in the gemeenten data; short ones ("Ede", "Best") only when
    capitalised, so that ordinary words stay."""
    from assistant.intake.gemeenten import gemeente_index

    names = {entry.naam for entry in gemeente_index().entries.values()}
    names |= {g.naam for g in gemeente_index().gemeenten.values()}
    long = sorted((n for n in names if len(n) >= 5), key=len, reverse=True)
    short = sorted((n for n in names if 2 <= len(n) < 5), key=len, reverse=True)
    alternatives = [rf"(?i:{re.escape(n)})" for n in long] + [re.escape(n) for n in short]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def mask_free_text(text: object) -> str:
    """Free text for editors with personal data masked, also names people give, places
    and company sizes (see the module doc)."""
    masked = mask_personal_data(text)
    masked = _GIVEN_NAME.sub(r"\g<intro>[naam]", masked)
    masked = _places().sub("[plaats]", masked)
    return _SIZE.sub("[aantal]", masked)


class PersonalDataFilter(logging.Filter):
    """A logging filter that masks personal data in every record's message."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        super().__init__()
        self.names = tuple(names)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_personal_data(record.getMessage(), self.names)
        record.args = ()
        return True


_MASKING_INSTALLED = "_schakel_masking"


def install_log_masking() -> None:
    """Mask personal data in every log record this process creates from now on: every
    logger and handler (also those configured later, such as uvicorn's and Sanic's), and
    tracebacks. Idempotent. Servers call this at start."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, _MASKING_INSTALLED, False):
        return
    masking = PersonalDataFilter()
    formatter = logging.Formatter()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            if record.name == "uvicorn.access" and isinstance(record.args, tuple):
                record.args = _mask_access_args(record.args)  # its formatter needs the tuple
            else:
                masking.filter(record)
            if record.exc_info and not record.exc_text:
                record.exc_text = mask_personal_data(formatter.formatException(record.exc_info))
        except Exception:  # a log line must never break the server
            record.msg, record.args = "[logregel niet te maskeren]", ()
        return record

    setattr(factory, _MASKING_INSTALLED, True)
    logging.setLogRecordFactory(factory)


def _mask_access_args(args: tuple) -> tuple:
    """uvicorn's access line (client, method, path, version, status): no client address,
    no query string, personal data in the path masked (WhatsApp ids are phone numbers)."""
    if len(args) != 5:
        return tuple(mask_personal_data(arg) if isinstance(arg, str) else arg for arg in args)
    _client, method, path, version, status = args
    return ("-", method, mask_personal_data(str(path).split("?", 1)[0]), version, status)
