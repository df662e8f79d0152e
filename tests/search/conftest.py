"""The search backend is tested on its own, as CKAN's own tests run it.

Datasets here are plain CKAN datasets (no IM metadata), so these tests enable
only ``imnet_search``. A test's own ``ckan_config`` marks still win.
"""

from __future__ import annotations

import os

import pytest

BACKEND_ONLY = pytest.mark.ckan_config("ckan.plugins", "imnet_search")
HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    for item in items:
        if str(item.fspath).startswith(HERE + os.sep):
            # Prepended, so the test's own ckan_config marks are applied after it.
            item.add_marker(BACKEND_ONLY, append=False)
