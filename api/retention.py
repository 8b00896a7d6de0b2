"""Retention job by hand: ``python -m api.retention``. The API runs it by itself every
``Settings.retention_interval_seconds`` (``api/scheduler.py``); see
``assistant/privacy/retention.py`` for what it deletes."""

from __future__ import annotations

import sys

from sqlalchemy.exc import OperationalError

from assistant import db
from assistant.intake.privacy import install_log_masking
from assistant.privacy.retention import run
from assistant.settings import get_settings


def main() -> int:
    install_log_masking()
    settings = get_settings()
    try:
        if settings.auto_create_schema:  # local SQLite; production uses Alembic
            db.create_schema(settings.database_url)
        counts = run(settings)
    except OperationalError as exc:
        print(f"De database is niet bereikbaar ({type(exc.orig).__name__}); er is niets "
              "verwijderd. Probeer het later opnieuw.", file=sys.stderr)
        return 1
    print(f"Bewaartermijn {settings.retention_months} maanden; verwijderd van voor "
          f"{counts.pop('grens')}:")
    for kind, number in counts.items():
        print(f"  {kind}: {number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
