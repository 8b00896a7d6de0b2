"""``python -m rasa_ext <rasa arguments>``: Rasa's own command line with Schakel's
additions installed first (see ``rasa_ext/__init__.py``)."""

from __future__ import annotations

from rasa_ext import action_calls, action_failure, action_validation, logs


def main() -> None:
    logs.install()
    action_calls.install()  # before action_failure: a 449 retry is not a failure
    action_failure.install()
    action_validation.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
