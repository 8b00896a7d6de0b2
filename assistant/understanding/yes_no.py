"""Yes or no in messy Dutch: the answer to any yes/no question the bot asks (consent,
the intake's summary, the offer of an adviser, erasure, feedback).

``read_yes_no("als het echt nodig is dan mag het")`` → True, ``"vooruit dan"`` → True,
``"liever niet"`` → False, ``"wat doen jullie met mijn gegevens?"`` → None (unclear).

A message with yes-words and no negation is yes; a negation without yes-words is no;
both or neither is unclear ("ja maar niet bewaren", "hmm"). Phrases that sound
negative but agree ("geen probleem", "maakt niet uit") count as yes.
"""

from __future__ import annotations

import re

from assistant.intake.text import fold

_AGREEING_NEGATIONS = re.compile(
    r"\b(?:geen (?:probleem|bezwaar)|niet erg|maakt (?:mij |me )?niet (?:zoveel )?uit|"
    r"waarom niet|no problem)\b"
)
_YES = re.compile(
    r"\b(?:ja+|jah|jaja|jawel|jazeker|jep|jup|yes|yep|ok|oke|okay|okee|okidoki|prima|goed|best|"
    r"akkoord|"
    r"mag|mogen|vooruit|natuurlijk|tuurlijk|zeker|uiteraard|klopt|correct|juist|"
    r"doe maar|ga je gang|ga maar|toestemming|accoord|fijn|top|helemaal goed|"
    r"in orde|dat is het|alles klopt|verstuur|versturen|doorsturen|opslaan|graag|"
    r"als het (?:echt )?(?:moet|nodig is)|moet maar|dan maar)\b"
)
_NO = re.compile(r"\b(?:nee+n?|nope|niet|geen|nooit|no|laat maar|hoeft niet)\b")
# A yes-word that is negated ("dat mag niet", "niet akkoord") is a clear no.
_NEGATED_YES = re.compile(
    r"\b(?:niet|geen|nooit)\s+(?:zo\s+)?(?:goed|akkoord|oke|ok|mee eens|doen)\b|"
    r"\b(?:mag|klopt|kan|wil)\s+(?:het\s+|dat\s+|ik\s+)?(?:niet|nooit)\b"
)
# Doubt is no answer either way ("ik weet het niet", "ik twijfel").
_UNSURE = re.compile(r"\b(?:weet (?:ik )?(?:het |dat )?(?:nog |echt |zo )?niet|twijfel\w*|"
                     r"geen idee|misschien|hmm+)\b")
_QUESTION = re.compile(
    r"\?|^(?:wat|waarom|wie|hoe|hoelang|welke|waar|waarvoor|moet|kan|mag ik|krijg)\b"
)


def read_yes_no(text: object) -> bool | None:
    """True for yes, False for no, None when the message is not clearly one of them."""
    folded = fold(text)
    if not folded or folded.startswith("/"):
        return None
    if _QUESTION.search(folded) or _UNSURE.search(folded):
        return None  # a question about it or doubt, not an answer
    if _NEGATED_YES.search(folded):
        return False
    yes = bool(_AGREEING_NEGATIONS.search(folded))
    rest = _AGREEING_NEGATIONS.sub(" ", folded)
    yes = yes or bool(_YES.search(rest))
    no = bool(_NO.search(rest))
    if yes != no:
        return yes
    return None


def is_unsure(text: object) -> bool:
    """Doubt ("ik twijfel nog"): not a no, whatever the classifier makes of it."""
    return bool(_UNSURE.search(fold(text)))
