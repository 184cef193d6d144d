"""Bringing a store's schema up to date with Alembic, and refusing one from a newer release.

Alembic is slow to import, so it is loaded only here and only when needed.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from desktop.domain.errors import PhilomenaError
from desktop.store.errors import NewerVersion, classify

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, pointed at the shipped migrations (and a connection, if given)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _shipped() -> tuple[str, frozenset[str]]:
    """The head and every revision of the shipped migrations, read once per run.

    Alembic compiles every migration file to learn them, which is a tenth of a second at each
    sign-in on a slow laptop; the files cannot change while the app runs.
    """
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    assert head is not None
    return head, frozenset(s.revision for s in scripts.walk_revisions())


def head_revision() -> str:
    """The schema revision this release writes."""
    return _shipped()[0]


def known_revisions() -> set[str]:
    """Every schema revision this release can open (and bring up to date)."""
    return set(_shipped()[1])


def current_revision(connection: Connection) -> str | None:
    """The revision a database is at (None for an empty one)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, chain_key: bytes | None = None) -> None:
    """Create or upgrade the schema to this release's head, in the caller's transaction.

    Migrations get the chain key too, for any that must link existing log entries.
    """
    from alembic import command

    config = alembic_config(connection)
    if chain_key is not None:
        config.attributes["chain_key"] = chain_key
    command.upgrade(config, "head")


def migrate(engine: Engine, chain_key: bytes) -> None:
    """Bring an older schema up to date; refuse one made by a newer release."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
            revision = current_revision(conn)
            if revision is not None and revision not in known_revisions():
                raise NewerVersion(
                    "This store was made by a newer version of Philomena Desk (schema "
                    f"{revision}). Install the newer version to open it; nothing was changed."
                )
            if revision != head_revision():
                upgrade(conn, chain_key)
                conn.commit()
    except PhilomenaError:
        raise
    except (DBAPIError, sqlcipher3.DatabaseError) as exc:
        raise classify(exc) from None
