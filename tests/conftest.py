"""Fixtures shared by the ckanext-imnet tests."""

from __future__ import annotations

import ckan.plugins as p
import pytest

# Plugins whose tables the tests need, in migration order.
MIGRATED_PLUGINS = ("activity", "imnet_search")


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
