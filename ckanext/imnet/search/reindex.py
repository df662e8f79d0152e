"""Reindex datasets whose index fields change with time, not with an edit.

The only other module, with ``hooks``, that touches ``ckan.lib.search``.
"""

from __future__ import annotations

from collections.abc import Iterable

# Writing a dataset's index document is core's job (either backend).
from ckan.lib import search

__all__ = ["reindex"]


def reindex(package_ids: Iterable[str]) -> int:
    """Write the index documents of these datasets afresh; returns how many."""
    count = 0
    for package_id in package_ids:
        search.rebuild(package_id)
        count += 1
    return count
