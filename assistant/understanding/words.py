"""Small word-level readings of a message that the classifier alone gets wrong.

- ``yes_or_no``: "ja graag", "prima", "doe maar", "liever niet" → yes / no / None, for
  short answers (``yes_no.read_yes_no`` reads the words).
- ``question_kinds``: what a question asks about a regeling (amount, apply, conditions,
  eligibility), from its words; "wat is de eia en hoeveel is de kia?" has two parts.
- ``without_greeting``: "hoi, ik heb een vraag over de wbso" → "ik heb een vraag over de
  wbso"; a greeting alone leaves nothing.
- evidence for the intents that act: erasing data, saying goodbye, giving feedback.

Everything works on folded text (``assistant.knowledge.text.words``).
"""

from __future__ import annotations

import re
from enum import StrEnum

from assistant.knowledge.text import words
from assistant.understanding.yes_no import read_yes_no

# A yes or no with more words than this is a message of its own ("ja maar ...").
MAX_YES_NO_WORDS = 8

GREETINGS = ("hoi", "hallo", "hey", "hee", "hai", "hi", "goedemorgen", "goedemiddag",
             "goedenavond", "dag", "beste", "hallootjes", "yo", "goeiemorgen", "goeiemiddag",
             "heey", "hallo daar", "goede morgen", "goedendag", "goeiedag", "hello")
GREETING_FILLERS = ("schakel", "daar", "allemaal", "iedereen", "team")


class Kind(StrEnum):
    explain = "explain"
    amount = "amount"
    apply = "apply"
    conditions = "conditions"
    eligibility = "eligibility"


# Word patterns per question kind (on folded text). Order matters: the first wins.
_KIND_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    (Kind.eligibility, re.compile(
        r"\b(kom (ik|wij|we)\b.*\baanmerking|in aanmerking|recht op|geschikt"
        r"|mag (ik|wij|we) (daar|dat|er)|kan (ik|wij|we) (daar|dat|er) gebruik"
        r"|gebruik (van )?maken|(kan|mag) (ik|wij|we) (\w+ ){0,4}krijgen"
        r"|krijg ik (\w+ ){0,3}\w*aftrek)\b")),
    (Kind.amount, re.compile(
        r"\b(hoeveel|bedrag|bedragen|hoe hoog|hoe veel|wat krijg|wat levert|percentage"
        r"|maximum|maximaal|wat kost|kosten)\b")),
    (Kind.apply, re.compile(
        r"\b(aanvragen|aanvraag|aan te vragen|vraag ik|vraag je|aanmelden|meld ik|indienen"
        r"|deadline|uiterlijk|wanneer moet|tot wanneer|waar moet ik|hoe werkt|hoe regel"
        r"|hoe doe ik)\b")),
    (Kind.conditions, re.compile(
        r"\b(voorwaarden|voorwaarde|eisen|voor wie|wie kan|wie mag|regels)\b")),
)
_CLAUSE_SPLIT = re.compile(r"\?|;|\ben\b(?= (wat|hoe|hoeveel|wanneer|voor wie|kom|is|zijn)\b)")


def _folded(text: str) -> str:
    return " ".join(words(text))


def _starts_with(folded: str, phrases: tuple[str, ...]) -> str | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        plain = " ".join(words(phrase))
        if folded == plain or folded.startswith(plain + " "):
            return plain
    return None


def yes_or_no(text: str) -> str | None:
    """"yes", "no" or None for a short answer to a yes/no question."""
    if len(words(text)) > MAX_YES_NO_WORDS:
        return None
    return {True: "yes", False: "no", None: None}[read_yes_no(text)]


def question_kind(text: str) -> Kind | None:
    """What the question asks, from its words; None when it does not say."""
    folded = _folded(text)
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(folded):
            return kind
    return None


def clauses(text: str) -> list[str]:
    """The parts of a message that each ask something ("wat is de eia en hoeveel is de
    kia?" → two parts); empty parts are dropped."""
    folded = _folded(text.replace("?", " ? "))
    parts = [part.strip() for part in _CLAUSE_SPLIT.split(folded) if part]
    return [part for part in parts if part and part not in {"wat", "hoe", "hoeveel", "wanneer",
                                                             "voor wie", "kom", "is", "zijn"}]


def without_greeting(text: str) -> str:
    """The message without a greeting at its start ("hoi schakel, ..." → "...")."""
    folded = _folded(text)
    start = _starts_with(folded, GREETINGS)
    if start is None:
        return folded
    rest = folded[len(start):].split()
    while rest and rest[0] in GREETING_FILLERS:
        rest = rest[1:]
    return " ".join(rest)


_ERASE = re.compile(
    r"\b(verwijder|verwijderen|verwijderd|wis|wissen|vergeet|vergeten|weghalen|haal)\b"
    r".*\b(gegevens|data|dossier|informatie|info|alles|mij|me|account|persoonsgegevens)\b"
    r"|\b(gegevens|data|dossier|persoonsgegevens)\b.*\b(verwijder\w*|wissen|weg)\b"
    r"|\bavg\b|\brecht op vergetelheid\b")
_GOODBYE = re.compile(
    r"^(doei|dag|dagdag|doeg|tot ziens|tot later|tot de volgende keer|fijne dag|fijne avond"
    r"|fijn weekend|later|bye|groetjes|groeten|ik ga|ik ben weg|ik stop|klaar|dat was het"
    r"|dat was alles|verder niks|verder niets|nee dat was het|dankjewel en doei|mvg)\b")
MAX_GOODBYE_WORDS = 8
_FEEDBACK = re.compile(
    r"\b(nuttig|behulpzaam|geholpen|nutteloos|waardeloos|slecht antwoord|goed antwoord"
    r"|duidelijk antwoord|onduidelijk|niks aan|niets aan|heel fijn|super|top|dank)\b")
MAX_FEEDBACK_WORDS = 12
_THANKS = re.compile(r"\b(dank\w*|bedankt|thanks|thx|merci|top|super|fijn|geweldig|chapeau"
                     r"|helemaal goed|prima)\b")
MAX_THANKS_WORDS = 8


def says_thanks(text: str) -> bool:
    folded = _folded(text)
    return bool(_THANKS.search(folded)) and len(folded.split()) <= MAX_THANKS_WORDS


def asks_erasure(text: str) -> bool:
    return bool(_ERASE.search(_folded(text)))


def says_goodbye(text: str) -> bool:
    folded = _folded(text)
    return bool(_GOODBYE.search(folded)) and len(folded.split()) <= MAX_GOODBYE_WORDS


def sounds_like_feedback(text: str) -> bool:
    folded = _folded(text)
    return bool(_FEEDBACK.search(folded)) and len(folded.split()) <= MAX_FEEDBACK_WORDS


_CRISIS = re.compile(
    r"\b(schuld\w*|failliet|faillissement|bankroet|deurwaarder|incasso\w*|achterstand\w*"
    r"|betalingsachterstand\w*|rood staan|geldzorg\w*|geldproblem\w*|zorgen|stress|burn ?out"
    r"|overspannen|wanhopig|kopje onder|niet meer rond|rekeningen niet|niet (meer )?betalen"
    r"|(bedrijf|zaak|winkel) (sluiten|stoppen|opgeven)|stoppen met (mijn|ons|het) (bedrijf|zaak)"
    r"|omzet (weg|ingestort|gehalveerd)|geen (omzet|inkomen|opdrachten|werk) meer|problemen)\b")


def sounds_like_crisis(text: str) -> bool:
    """Words of money trouble, stopping or worry: the evidence the sensitive-situation
    answer needs besides the classifier's guess."""
    return bool(_CRISIS.search(_folded(text)))


_PERSON = re.compile(
    r"\b(coach\w*|mentor\w*|sparr\w*|sparringpartner|meedenk\w*|mee (te )?denken|meekijk\w*"
    r"|mee (te )?kijken|persoonlijk advies|persoonlijke begeleiding|iemand (spreken|bellen|"
    r"om mee te praten|die met me meekijkt)|(een )?mens spreken|met iemand praten"
    r"|met een (adviseur|medewerker|persoon) (spreken|praten)|begeleiding"
    r"|praten met (\w+ ){0,2}(mensen|iemand|ondernemers|ervaringsdeskundigen)"
    r"|mijn verhaal (kwijt|doen))\b")
# The words of a request for a person, beyond wanting to talk things through.
_ASKS_PERSON = re.compile(r"\b(adviseur|medewerker|mens|persoon|iemand|bellen|terugbellen"
                          r"|afspraak|contact met (jullie|schakel|het team|een adviseur))\b")


def wants_a_person(text: str) -> bool:
    """Someone who wants to talk things through with a person ("het leek me fijn om een
    coach te hebben", "iemand om mee te sparren")."""
    return bool(_PERSON.search(_folded(text)))


def asks_for_a_person(text: str) -> bool:
    """A request for a person in its own words ("kan ik een adviseur spreken?", "bel me")."""
    return wants_a_person(text) or bool(_ASKS_PERSON.search(_folded(text)))


_ABOUT_CONTACT = re.compile(r"\b(contact\w*|opnemen|bellen|belt|mailen|mail|e ?mail\w*|telefoon"
                            r"|wanneer|hoe lang|hoelang|wat gebeurt|wie|gegevens|bewaren)\b")


def asks_about_contact(text: str) -> bool:
    """A question about how the hand-off goes ("hoe nemen jullie contact op?")."""
    return bool(_ABOUT_CONTACT.search(_folded(text)))


# The words of someone who wants the bedrijfsscan, not a question about starting a
# business ("kan ik met behoud van mijn uitkering een bedrijf starten?").
_ASKS_SCAN = re.compile(r"\b(\w*scan\w*|\w*check\w*|analyse|doorlichten|doorlichting|scoort"
                        r"|score|ervoor staat|er voor staat|voor staat|beter kan|sterk\w*"
                        r"|zwak\w*|verbeterpunten)\b")


def asks_for_the_scan(text: str) -> bool:
    """A request for the bedrijfsscan in its own words ("kan ik een bedrijfscheck doen",
    "hoe staat mijn zaak ervoor")."""
    return bool(_ASKS_SCAN.search(_folded(text)))


# Words that put a message in the world of running a business.
_BUSINESS = re.compile(r"\b(bedrijf\w*|onderneming\w*|ondernem\w*|eigen zaak|mijn zaak"
                       r"|zzp\w*|zelfstandige?n?|freelance\w*|eenmanszaak|bv|vof|klanten"
                       r"|personeel|werknemers?|kvk|starten|starter|omzet)\b")


def about_a_business(text: str) -> bool:
    """The message speaks of a business ("een bedrijf starten", "mijn zaak", "zzp")."""
    return bool(_BUSINESS.search(_folded(text)))


_QUESTION_WORDS = ("wat", "hoe", "hoeveel", "wie", "waar", "wanneer", "welke", "welk", "waarom",
                   "kan", "kun", "kunnen", "mag", "moet", "moeten", "heb", "hebben", "ben",
                   "is", "zijn", "krijg", "geldt", "bestaat", "wordt")


def is_question(text: str) -> bool:
    """A message that asks something: a question mark, or a question word first."""
    folded = _folded(text).split()
    return text.rstrip().endswith("?") or bool(folded and folded[0] in _QUESTION_WORDS)
