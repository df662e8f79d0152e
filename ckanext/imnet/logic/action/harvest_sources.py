"""Harvest sources are saved only with a configuration that makes sense.

ckanext-harvest saves a source with ``package_create``/``package_update``
(its own ``harvest_source_create/update/patch`` and the ``/harvest/new`` and
edit forms alike), so the IM keys of its configuration are checked here, on
every path, with a message per problem on ``config``.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet.harvesting import source_config

__all__ = ["package_create", "package_update"]


def _check(context: Context, data_dict: DataDict) -> None:
    if data_dict.get("type") == "harvest" or "source_type" in data_dict:
        source_config.check_source(context, data_dict)


@tk.chained_action
def package_create(
    original: Action, context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """CKAN's ``package_create``; a harvest source's configuration checked."""
    _check(context, data_dict)
    return original(context, data_dict)


@tk.chained_action
def package_update(
    original: Action, context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """CKAN's ``package_update``; a harvest source's configuration checked."""
    _check(context, data_dict)
    return original(context, data_dict)
