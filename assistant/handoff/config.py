"""Settings of the overdracht feature (env prefix ``SCHAKEL_OVERDRACHT_``).

Kept apart from ``assistant.settings`` until the lead merges them. Local defaults need
nothing: office hours ma–vr 09:00–17:00, contact within 2 werkdagen, no webhook and
no e-mail. Complex values are JSON in the environment, for example
``SCHAKEL_OVERDRACHT_OFFICE_HOURS='{"ma": "08:30-17:00", "vr": "08:30-12:00"}'`` and
``SCHAKEL_OVERDRACHT_SMTP_TO='["team@example.nl"]'``.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic import SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.handoff.office_hours import DEFAULT_OFFICE_HOURS, Schedule


class HandoffSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCHAKEL_OVERDRACHT_", extra="ignore")

    # Opening hours per weekday ("ma".."zo" → "HH:MM-HH:MM"); a missing day is closed.
    office_hours: dict[str, str] = dict(DEFAULT_OFFICE_HOURS)
    timezone: str = "Europe/Amsterdam"
    # Extra closed days besides the Dutch public holidays (e.g. a team day).
    closed_dates: list[date] = []
    # Outside office hours the ondernemer is promised contact within this many werkdagen.
    contact_working_days: int = 2
    # Live takeover is offered only when an adviser ticked "beschikbaar" on the adviser
    # page and the page said so within this many seconds (it renews every 30 s).
    available_seconds: int = 90
    # Nobody claimed a live hand-off within this many minutes: call-back instead.
    claim_timeout_minutes: float = 5
    # A claimed conversation without an adviser message for this many minutes goes
    # back to the bot and the queue.
    silence_minutes: float = 15
    # How often the API checks for the two time-outs above (seconds).
    watch_interval_seconds: float = 30

    # Links in notifications point here (the adviser page is served under /adviseur);
    # empty: the API's public address (SCHAKEL_PUBLIC_URL, see assistant/settings.py).
    public_base_url: str = ""

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "schakel@localhost"
    smtp_to: list[str] = []
    # Timeout in seconds for the webhook and the SMTP connection.
    notify_timeout: float = 5.0

    @field_validator("contact_working_days")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value < 1:
            raise ValueError("contact_working_days must be at least 1")
        return value

    @field_validator("public_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @model_validator(mode="after")
    def _valid_schedule(self) -> HandoffSettings:
        self.schedule()  # fail at start-up, not at the first hand-off
        return self

    def schedule(self) -> Schedule:
        return Schedule.from_config(
            self.office_hours, timezone=self.timezone, closed_dates=self.closed_dates
        )

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.smtp_to)


@lru_cache
def get_handoff_settings() -> HandoffSettings:
    """The process-wide overdracht settings, read once from the environment."""
    return HandoffSettings()
