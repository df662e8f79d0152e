"""CKAN 2.11 fixes released upstream after the CKAN this package pins.

Each is applied once, when the ``imnet`` plugin is configured, only on a CKAN
that still needs it; drop it when ``requirements.txt`` moves to a CKAN that
has it.

* **System plugins found once** (ckan/ckan#9359, fixed by ckan/ckan#9367 on
  the 2.11 branch, not in 2.11.5 or 2.11.6). Every iteration over
  ``PluginImplementations`` calls ``find_system_plugins()``, which reads the
  entry points of every installed distribution: about 25 ms in a virtualenv
  with the test tools, 1,000 times for one 100-dataset page of
  ``/catalog.ttl`` (ckanext-dcat asks its URI plugins for every dataset,
  resource and agent URI), 25 of that page's 26 seconds. Installed
  distributions do not change while a process runs, so the answer is kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

# The patched function's module: see the module docstring.
import ckan.plugins.core as plugins_core

__all__ = ["install"]

_CACHED = "_imnet_cached"


def _cache_system_plugins() -> None:
    found: Callable[[], list[str]] | None = getattr(
        plugins_core, "find_system_plugins", None
    )
    if found is None or getattr(found, _CACHED, False):
        return
    scan = functools.lru_cache(maxsize=1)(found)

    @functools.wraps(found)
    def find_system_plugins() -> list[str]:
        # A new list each time, as the original: callers may extend it.
        return list(scan())

    setattr(find_system_plugins, _CACHED, True)
    plugins_core.find_system_plugins = find_system_plugins


def install() -> None:
    """Apply the backported fixes this CKAN needs (idempotent)."""
    _cache_system_plugins()
