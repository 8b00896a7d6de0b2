"""Alembic environment: the models' metadata (``assistant.db.Base``) and the database URL
from ``assistant.settings`` (``SCHAKEL_DATABASE_URL``).

A caller may pass another URL with ``config.attributes["url"]`` (tests do).
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import create_engine, pool
from sqlalchemy.types import TypeDecorator

import assistant.models  # noqa: F401  (registers every table on Base.metadata)
from assistant.db import Base
from assistant.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("url") or get_settings().database_url


def _render_item(kind: str, obj, _autogen_context):
    """Our TypeDecorators (timezone-aware datetimes) are their plain column type in a
    migration, so a revision never imports application code."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


OPTIONS = {"target_metadata": target_metadata, "render_as_batch": True, "compare_type": True,
           "render_item": _render_item}


def run_migrations_offline() -> None:
    context.configure(url=_url(), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        # render_as_batch: SQLite can only alter tables by copying them.
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
