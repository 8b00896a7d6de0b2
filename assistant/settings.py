"""Settings from environment variables (prefix ``SCHAKEL_``) with local defaults.

One place for every knob. Local defaults need nothing: SQLite under ``var/``, the usual
ports on localhost. Production sets the same variables to other values.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SCHAKEL_", extra="ignore")

    environment: str = "local"
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    api_port: int = 8000
    # Rasa servers of the local stack (scripts/stack.py); several need nginx and Redis.
    rasa_replicas: int = 2

    # Derived from host and ports unless set explicitly.
    rasa_url: str = ""
    action_server_url: str = ""
    api_url: str = ""
    # Where ondernemers reach the API from outside (links in chat messages, such as the
    # scan report); the same as api_url unless set (production: the public address).
    public_url: str = ""

    data_dir: Path = REPO_ROOT / "var"
    database_url: str = ""
    knowledge_dir: Path = REPO_ROOT / "knowledge"
    # The trained Rasa model the stack serves (``make train`` writes it).
    rasa_model: Path = REPO_ROOT / "models" / "schakel.tar.gz"

    # Origins allowed to call the API and Rasa from a browser (besides the API itself).
    cors_origins: list[str] = []
    # How long personal data is kept (months), told to the ondernemer when asking consent.
    retention_months: int = 12
    # How often the API runs the retention job by itself (seconds; 0: never, then run
    # ``python -m api.retention`` yourself). One API replica at a time does it.
    retention_interval_seconds: int = 3600
    # How long the audit log of staff access is kept (months).
    audit_retention_months: int = 24
    # How long a new staff token works (days).
    staff_token_days: int = 90
    # Intakes a frontdesk token may open by dossiernummer per hour (all logged).
    frontdesk_intake_reads_per_hour: int = 30
    # How long the link in the e-mail that confirms erasing a dossier works (hours).
    erasure_link_hours: int = 24
    # Version of the consent text; stored with every consent.
    consent_text_version: str = "2026-11-v1"
    # Timeout for calls between our own services, in seconds.
    http_timeout: float = 5.0
    # Rasa's auth token (``rasa run --auth-token``), sent by the API when it pauses,
    # resumes or writes into a conversation; empty when Rasa runs without one.
    rasa_token: SecretStr | None = None
    # The action server's credential for the API's write endpoints (intakes, scans,
    # overdrachten, gebeurtenissen, erasure requests), sent as ``Authorization: Bearer``.
    # Production: from the environment, required. Locally: made up at random when unset
    # (``scripts/stack.py`` gives one to the API and the action server on every start).
    service_token: SecretStr | None = None
    # Signs the website's chat sessions (assistant/chat_session.py); shared with Rasa.
    # `make run` generates one per start.
    session_secret: SecretStr | None = None

    # --- production, reliability and security ---
    # Create missing tables at start (local SQLite). Production runs
    # `alembic upgrade head` instead and sets SCHAKEL_AUTO_CREATE_SCHEMA=false.
    auto_create_schema: bool = True
    # Redis (redis://[:password@]host:port/db) for limits shared by several API
    # processes; empty: each process counts for itself.
    redis_url: str = ""
    # Largest request body the API accepts, in bytes.
    max_body_bytes: int = 64 * 1024
    # Requests per minute per client address and per conversation; 0 switches it off.
    rate_limit_per_address: int = 600
    rate_limit_per_conversation: int = 60
    # Reverse proxies whose X-Forwarded-For is believed (addresses, e.g. nginx).
    trusted_proxies: list[str] = []
    # Rasa's tracker store, for the retention job (deletes old and erased conversations).
    # Local default: the SQLite file scripts/stack.py gives Rasa.
    tracker_database_url: str = ""
    stats_min_group: int = 5  # statistieken: smaller groups are shown as "< 5"

    @model_validator(mode="after")
    def _derive(self) -> Settings:
        if not self.rasa_url:
            self.rasa_url = f"http://{self.host}:{self.rasa_port}"
        if not self.action_server_url:
            self.action_server_url = f"http://{self.host}:{self.action_port}"
        if not self.api_url:
            self.api_url = f"http://{self.host}:{self.api_port}"
        if not self.public_url:
            self.public_url = self.api_url
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'schakel.db'}"
        if not (self.service_token and self.service_token.get_secret_value().strip()):
            made_up = None if self.is_production else secrets.token_urlsafe(32)
            self.service_token = SecretStr(made_up) if made_up else None
        if not self.tracker_database_url:
            self.tracker_database_url = f"sqlite:///{self.data_dir / 'rasa-tracker.db'}"
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
