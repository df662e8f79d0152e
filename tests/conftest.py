"""Fixtures shared by the ckanext-imnet tests."""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

import ckan.plugins as p
import ckan.plugins.core
import ckan.plugins.toolkit
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
    # Each plugin's template, public and asset directories are found from its
    # caller's file with ``inspect.stack()``, which reads the source of every
    # frame of pytest's deep stack (~0.1 s a call, two dozen calls each time
    # the plugins load, i.e. every test). The caller's frame says the same.
    ckan.plugins.toolkit._add_served_directory = _add_served_directory
    ckan.plugins.toolkit.add_resource = _add_resource


def _add_served_directory(config: Any, relative_path: str, config_var: str) -> str:
    """CKAN's ``toolkit._add_served_directory``, without ``inspect.stack()``."""
    # Frame 0: this; 1: add_template_directory or add_public_directory;
    # 2: the plugin that called it (as ``inspect.stack()[2]`` in CKAN).
    this_dir = os.path.dirname(sys._getframe(2).f_code.co_filename)
    absolute_path = os.path.join(this_dir, relative_path)
    if absolute_path not in config.get(config_var, []):
        config[config_var] = [absolute_path, *config.get(config_var, [])]
    return absolute_path


def _add_resource(path: str, name: str) -> None:
    """CKAN's ``toolkit.add_resource``, without ``inspect.stack()``."""
    from ckan.lib.webassets_tools import create_library

    this_dir = os.path.dirname(sys._getframe(1).f_code.co_filename)
    create_library(name, os.path.join(this_dir, path))


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
