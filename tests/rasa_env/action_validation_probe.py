"""Runs in the Rasa environment: rasa_ext.action_validation accepts and refuses the
action server's answers exactly as Rasa's own check does. Prints JSON."""

from __future__ import annotations

import json

from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

ANSWERS = {
    "valid": {"events": [{"event": "slot", "timestamp": None, "name": "x", "value": 1},
                         {"event": "action", "name": "action_listen"}],
              "responses": [{"text": "Hoi"}]},
    "empty": {},
    "events_not_a_list": {"events": {"event": "slot"}},
    "unknown_event": {"events": [{"event": "verzonnen"}]},
    "responses_not_objects": {"responses": ["tekst"]},
}


def outcomes() -> dict:
    action = RemoteAction("action_test", None)
    found = {}
    for name, answer in ANSWERS.items():
        try:
            found[name] = action._validate_action_result(answer)
        except ValidationError as error:
            found[name] = "fout: " + ("custom-actions" in error.message and "uitleg" or "")
    return found


def main() -> None:
    rasa_own = outcomes()
    from rasa_ext import action_validation

    action_validation.install()
    action_validation.install()  # twice is once
    print(json.dumps({"rasa": rasa_own, "schakel": outcomes(),
                      "installed": RemoteAction._validate_action_result._schakel}))


if __name__ == "__main__":
    main()
