"""Fixtures shared by the ckanext-imnet tests."""

from __future__ import annotations

import configparser
import datetime
import os
import sys
import time
from typing import Any

import ckan.lib.jobs as jobs
import ckan.plugins as p
import ckan.plugins.toolkit
import pytest

from ckanext.imnet import backports
from tests import harness
from tests.mail import no_smtp, smtp, worker_in_process  # noqa: F401 - fixtures

# bin/run-tests runs the suite in two pytest-xdist workers; the second one
# (and any further) works on databases and a Redis db of its own, made by
# ``bin/setup test``: the first worker's names with ``_gw1`` appended.
_DATABASE_SETTINGS = {
    "CKAN_SQLALCHEMY_URL": "sqlalchemy.url",
    "CKAN_DATASTORE_WRITE_URL": "ckan.datastore.write_url",
    "CKAN_DATASTORE_READ_URL": "ckan.datastore.read_url",
}
_REDIS_DB_OFFSET = 8


def _worker_environment(worker: str | None) -> None:
    """Point a pytest-xdist worker other than the first at its own databases.

    Set before CKAN reads its configuration (at session start), through the
    environment variables CKAN lets override the ini file, so that the
    subprocesses tests start inherit them too.
    """
    if worker in (None, "gw0"):
        return
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(os.path.join(os.path.dirname(os.path.dirname(__file__)), "test.ini"))
    settings = ini["app:main"]
    for variable, option in _DATABASE_SETTINGS.items():
        url = os.environ.get(variable) or settings[option]
        os.environ[variable] = f"{url}_{worker}"
    redis = os.environ.get("CKAN_REDIS_URL") or settings["ckan.redis.url"]
    base, _, number = redis.rpartition("/")
    os.environ["CKAN_REDIS_URL"] = f"{base}/{int(number) + _REDIS_DB_OFFSET}"


_worker_environment(os.environ.get("PYTEST_XDIST_WORKER"))

# Plugins whose tables the tests need, in migration order.
MIGRATED_PLUGINS = ("activity", "harvest", "imnet_search", "imnet")


def pytest_configure(config: pytest.Config) -> None:
    # CKAN 2.11 rescans every installed distribution's entry points each time
    # it iterates over plugins (~13 ms with the test tools installed, hundreds
    # of times a test): the backport that keeps the answer, from the start of
    # the run (a no-op on a CKAN without the rescan).
    backports.install()
    # What CKAN's fixtures recompute on every test from what does not change
    # during the run: entry points, YAML files, migrations (tests/harness.py).
    harness.install()
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


# A test whose dates are relative to today must not see the day change under
# it (a CI run crossing midnight UTC did): one starting this close to midnight
# waits for the next day.
_MIDNIGHT_MARGIN = datetime.timedelta(minutes=3)


@pytest.fixture
def today() -> datetime.date:
    """The UTC day the test runs in, the same until the test ends."""
    now = datetime.datetime.now(datetime.UTC)
    tomorrow = now.date() + datetime.timedelta(days=1)
    midnight = datetime.datetime.combine(tomorrow, datetime.time(), datetime.UTC)
    if midnight - now < _MIDNIGHT_MARGIN:
        time.sleep((midnight - now).total_seconds() + 1)
    return datetime.datetime.now(datetime.UTC).date()


@pytest.fixture
def iso_day(today):
    """``iso_day(offset)``: the ISO date ``offset`` days from ``today``."""

    def day(offset: int) -> str:
        return (today + datetime.timedelta(days=offset)).isoformat()

    return day


@pytest.fixture
def clean_db(load_plugins, reset_db, migrate_db_for):
    """CKAN's clean database plus the tables of the loaded plugins."""
    reset_db()
    # CKAN's migrations bind the session to their own engine, which has no
    # pool: every later checkout would open a new connection to PostgreSQL
    # (hundreds a test). The tests run on a pooled one, as a deployment does.
    harness.pooled_engine()
    # Jobs an earlier test queued and did not run name rows that are gone;
    # left queued, the next test's worker would run them (link checks of
    # unreachable hosts: minutes).
    for queue in jobs.get_all_queues():
        queue.empty()
    for plugin in MIGRATED_PLUGINS:
        harness.migrate(plugin, migrate_db_for)
    if not p.plugin_loaded("harvest"):
        # ckanext-harvest's objects are mapped onto datasets (a purge loads
        # them) once its model is imported, which this package's plugin
        # does, loaded harvest plugin or not: its tables are made too.
        from ckan.model import meta
        from ckanext.harvest.model import HarvestObject

        harvest_metadata = HarvestObject.__table__.metadata
        tables = [
            t for n, t in harvest_metadata.tables.items() if n.startswith("harvest")
        ]
        harvest_metadata.create_all(
            meta.Session.get_bind(), tables=tables, checkfirst=True
        )
        meta.Session.commit()
