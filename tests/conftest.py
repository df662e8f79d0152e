"""Fixtures shared by the ckanext-imnet tests."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def load_plugins(with_plugins):
    """Every test runs with the plugins of test.ini, as a deployment does."""


@pytest.fixture
def clean_db(load_plugins, reset_db, migrate_db_for):
    """CKAN's clean database plus this package's own tables."""
    reset_db()
    migrate_db_for("activity")
    migrate_db_for("imnet_search")
