"""Fixtures shared by the ckanext-imnet tests."""

from __future__ import annotations

import functools

import ckan.plugins as p
import ckan.plugins.core
import pytest

from tests.mail import no_smtp, smtp, worker_in_process  # noqa: F401 - fixtures

# Plugins whose tables the tests need, in migration order.
MIGRATED_PLUGINS = ("activity", "harvest", "imnet_search", "imnet")


def pytest_configure(config: pytest.Config) -> None:
    # CKAN 2.11 rescans every installed distribution's entry points each time
    # it iterates over plugins (~13 ms with the test tools installed, hundreds
    # of times a test). The answer cannot change during a run, so it is kept.
    scan = functools.lru_cache(maxsize=1)(ckan.plugins.core.find_system_plugins)
    ckan.plugins.core.find_system_plugins = lambda: list(scan())


@pytest.fixture(autouse=True)
def load_plugins(with_plugins):
    """Every test runs with the plugins of test.ini, as a deployment does."""


@pytest.fixture
def clean_db(load_plugins, reset_db, migrate_db_for):
    """CKAN's clean database plus the tables of the loaded plugins."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        if p.plugin_loaded(plugin):
            migrate_db_for(plugin)
