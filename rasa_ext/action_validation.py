"""Checking the action server's answers with a validator built once.

Rasa 3.6 checks every answer of the action server with ``jsonschema.validate``, which
first checks the schema itself against JSON Schema's metaschema, on every call: about
20 ms of CPU per action call here, a quarter of the Rasa server's busy time under load
(``make bench``'s profile). This builds the validator once; the answer is checked the
same way and an invalid one raises the same error with the same message.
"""

from __future__ import annotations

HINT = (". Failed to validate Action server response from API, make sure your response "
        "from the Action endpoint is valid. For more information about the format visit "
        "{docs}/custom-actions")


def install() -> None:
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if getattr(RemoteAction._validate_action_result, "_schakel", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator = validator_for(schema)(schema)

    def _validate_action_result(self, result) -> bool:
        error: ValidationError | None = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += HINT.format(docs=DOCS_BASE_URL)
            raise error
        return True

    _validate_action_result._schakel = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result
