"""Pytest plugin that runs CKAN's own tests on the embedded search backend.

* CKAN's test session unloads every plugin but the *system* plugins (the
  synchronous indexer) before the tests run, and ``with_plugins`` reloads only
  what a test asks for. The search backend is infrastructure in the same way,
  so this harness lists ``imnet_search`` among the system plugins.
* CKAN's ``clean_db`` drops every table the first time and rebuilds the core
  schema with CKAN's migrations only; the harness re-applies the
  ``imnet_search`` migrations whenever CKAN (re)creates its schema.

CKAN's tests run unmodified.
"""
from __future__ import annotations

import pytest

BACKEND = "imnet_search"


def pytest_configure(config: pytest.Config) -> None:
    import ckan.plugins.core as plugins_core

    find_system_plugins = plugins_core.find_system_plugins

    def with_backend() -> list[str]:
        return find_system_plugins() + [BACKEND]

    plugins_core.find_system_plugins = with_backend


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    from ckan import model
    from ckan.cli.db import _repo_for_plugin

    upgrade = model.repo.upgrade_db

    def upgrade_db(*args, **kwargs):
        upgrade(*args, **kwargs)
        if model.repo._alembic_ini.endswith(f"/{BACKEND}/alembic.ini"):
            return
        with _repo_for_plugin(BACKEND):
            upgrade("head")

    model.repo.upgrade_db = upgrade_db  # type: ignore[method-assign]
