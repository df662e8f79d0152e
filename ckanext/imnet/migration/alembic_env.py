"""The alembic environment of this package's plugins' migrations.

Each plugin's ``env.py`` (which CKAN's migration commands run) calls ``run``
with its name: its revisions are recorded in ``<name>_alembic_version`` and
autogenerate compares only the tables it owns.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from ckan.model.meta import metadata
from sqlalchemy import engine_from_config, pool


def run(name: str, tables: tuple[str, ...]) -> None:
    """Run the migrations of plugin ``name``, which owns ``tables`` (prefixes)."""
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name)

    def include_object(
        object: Any, object_name: str, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        return type_ != "table" or object_name.startswith(tables)

    options = {
        "target_metadata": metadata,
        "version_table": f"{name}_alembic_version",
        "include_object": include_object,
    }
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
