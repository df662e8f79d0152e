"""Reindex datasets whose index fields change with time, not with an edit.

With ``hooks`` and ``rebuild``, the only modules that touch ``ckan.lib.search``.
"""

from __future__ import annotations

from collections.abc import Iterable

# Writing a dataset's index document is core's job (either backend).
from ckan.lib import search

from ckanext.imnet.model import read_ahead

__all__ = ["reindex"]


def reindex(package_ids: Iterable[str]) -> int:
    """Write the index documents of these datasets afresh; returns how many.

    Their index hooks read ahead over all of them (``model/read_ahead.py``)."""
    ids = [str(package_id) for package_id in package_ids]
    with read_ahead.datasets(ids):
        for package_id in ids:
            search.rebuild(package_id)
    return len(ids)
