"""``python -m scripts.action_server <rasa_sdk arguments>``: the action server (rasa-sdk)
with personal data masked in every log record. ``scripts/stack.py`` and production mode
start it this way."""

from __future__ import annotations

from rasa_sdk.__main__ import main as rasa_sdk_main

from api.service_auth import require_in_production
from assistant.intake.privacy import install_log_masking
from assistant.settings import get_settings


def main() -> None:
    install_log_masking()
    require_in_production(get_settings())  # its writes to the API need the credential
    rasa_sdk_main()


if __name__ == "__main__":
    main()
