"""The intake core: validators, parsers and extraction the chat layer and the API share.

Every validator returns ``Valid(value, display, certain)``, ``Absent(code, display)``
or ``Invalid(code, message, options)`` (see ``result.py``); Dutch texts live in
``meldingen.yml``. Nothing here touches the network or the database at import time;
data files are read lazily and cached.

- ``validate_kvk``, ``validate_email``, ``validate_telefoon``, ``parse_contactvoorkeur``,
  ``parse_medewerkers``, ``lookup_gemeente``, ``parse_sector``, ``classify_thema``,
  ``validate_contactpersoon``, ``validate_bedrijfsnaam``, ``validate_hulpvraag``
- ``extract_fields`` and ``detect_correction`` for free-text messages
- ``validate_intake`` for a whole record; ``mask_personal_data`` for logs
- ``models.Intake`` is imported from its module, not from here. The action server sends
  intakes to the API through ``assistant.outbox`` (retried, same Idempotency-Key).
"""

from assistant.intake.contact import (
    parse_contactvoorkeur,
    suggest_email_domain,
    validate_email,
    validate_telefoon,
)
from assistant.intake.extract import Correction, detect_correction, extract_fields
from assistant.intake.free_text import (
    validate_bedrijfsnaam,
    validate_contactpersoon,
    validate_hulpvraag,
)
from assistant.intake.gemeenten import Gemeente, lookup_gemeente
from assistant.intake.kvk import validate_kvk
from assistant.intake.medewerkers import Medewerkers, grootteklasse, parse_medewerkers
from assistant.intake.privacy import PersonalDataFilter, mask_personal_data
from assistant.intake.result import Absent, Invalid, Valid
from assistant.intake.sector import parse_sector
from assistant.intake.thema import ThemaMatch, classify_thema, validate_thema
from assistant.intake.validate import FieldError, IntakeValidation, validate_intake

__all__ = [
    "Absent", "Correction", "FieldError", "Gemeente", "IntakeValidation", "Invalid",
    "Medewerkers", "PersonalDataFilter", "ThemaMatch", "Valid", "classify_thema",
    "detect_correction", "extract_fields", "grootteklasse", "lookup_gemeente",
    "mask_personal_data", "parse_contactvoorkeur", "parse_medewerkers", "parse_sector",
    "suggest_email_domain", "validate_bedrijfsnaam", "validate_contactpersoon",
    "validate_email", "validate_hulpvraag", "validate_intake", "validate_kvk",
    "validate_telefoon", "validate_thema",
]
