"""CKAN's dataset writes as harvesting needs them.

ckanext-harvest saves a source with ``package_create``/``package_update``
(its own ``harvest_source_create/update/patch``, ``package_patch`` and the
``/harvest/new`` and edit forms alike), so the IM keys of its configuration
are checked here, on every path, with a message per problem on ``config``.
The same ``package_update`` is the harvest import's: a harvested dataset
keeps what is decided here (``local_edits.keep_local_decisions``). One
chained action does both, as CKAN keeps one function per action name. The
organisation's bulk actions (*Make private*, *Make public*, delete) are those
local decisions: on CKAN 2.12 they patch each dataset, which they do here
past the edit lock of harvested datasets (``local_edits.deciding_here``).

A source's internals -- configuration, its jobs' error summaries -- are for
those who run it (``harvesting/source_internals``): ``package_show`` gives
them through the plugin's ``after_dataset_show``; ckanext-harvest's status
and list actions, which read its own tables, are chained here.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.harvesting import local_edits, source_config, source_internals

__all__ = [
    "package_create",
    "package_update",
    "harvest_source_show_status",
    "harvest_source_list",
    "bulk_update_private",
    "bulk_update_public",
    "bulk_update_delete",
]


def _is_source(data_dict: DataDict) -> bool:
    return data_dict.get("type") == "harvest" or "source_type" in data_dict


def _check(context: Context, data_dict: DataDict, stored: str | None) -> DataDict:
    """The source as given (changed in place, as CKAN's actions change their
    input), its configuration checked -- a JSON object given as an object is
    taken as its text; ``stored``: the configuration as saved before."""
    if _is_source(data_dict) and "config" in data_dict:
        data_dict["config"] = source_config.as_text(data_dict["config"])
    if _is_source(data_dict):
        source_config.check_source(context, data_dict, stored)
    return data_dict


@tk.chained_action
def package_create(
    original: Action, context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """CKAN's ``package_create``; a harvest source's configuration checked."""
    return original(context, _check(context, data_dict, None))


@tk.chained_action
def package_update(
    original: Action, context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """CKAN's ``package_update``: a harvest source's configuration checked;
    a harvested dataset keeps its ``private`` flag (people's updates of one
    are refused by its auth function)."""
    stored = imnet_model.harvest_source_config(
        str(data_dict.get("id") or data_dict.get("name") or "")
    )
    data_dict = _check(context, data_dict, stored)
    return original(context, local_edits.keep_local_decisions(data_dict))


@tk.chained_action
@tk.side_effect_free
def harvest_source_show_status(
    original: Action, context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """ckanext-harvest's status of a source; its last job's error summaries
    only for those who run the source."""
    status = original(context, data_dict)
    return source_internals.status_for_user(
        context, str(data_dict.get("id") or ""), status
    )


@tk.chained_action
@tk.side_effect_free
def harvest_source_list(
    original: Action, context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """ckanext-harvest's list of sources; each one's configuration and last
    job's error summaries only for those who run it."""
    # ckanext-harvest's own action skips its (permissive) auth function.
    tk.check_access("harvest_source_list", context, data_dict)
    return source_internals.listed_for_user(context, original(context, data_dict))


def _bulk(original: Action, name: str, context: Context, data_dict: DataDict) -> Any:
    """An organisation's bulk action, allowed as a whole (CKAN's rule for it),
    then run as a local decision: CKAN 2.12 patches each dataset, and the
    edit lock of harvested datasets would refuse or undo the patch."""
    tk.check_access(name, context, data_dict)
    with local_edits.deciding_here():
        return original({**context, "ignore_auth": True}, data_dict)


@tk.chained_action
def bulk_update_private(original: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``bulk_update_private``; harvested datasets included."""
    return _bulk(original, "bulk_update_private", context, data_dict)


@tk.chained_action
def bulk_update_public(original: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``bulk_update_public``; harvested datasets included."""
    return _bulk(original, "bulk_update_public", context, data_dict)


@tk.chained_action
def bulk_update_delete(original: Action, context: Context, data_dict: DataDict) -> Any:
    """CKAN's ``bulk_update_delete``; harvested datasets included."""
    return _bulk(original, "bulk_update_delete", context, data_dict)
