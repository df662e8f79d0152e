"""Core actions that name a dataset answer for a hidden one as for a missing one.

CKAN answers "not authorised" for a dataset a user may not see and "not
found" for one that does not exist, with different messages from action to
action: an existence oracle. Each action here, given a dataset (or one of its
resources, views or activities) that the user may not see, runs as if it had
been given an id that does not exist -- so it gives its own "missing" answer
-- and the id it was given is put back in the message, word for word.
Sysadmins see every dataset and are not affected.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk

# Which core actions are read-only (CKAN marks those of this module so).
from ckan.logic.action import get as core_get
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from ._common import actor, replace_in_error

__all__ = ["HIDDEN_AS_MISSING", "chained", "chained_actions"]

# How each action names its dataset: (parameter, what it refers to).
# "dataset": a dataset id or name; "resource": a resource id; "view": a
# resource view id; "activity": an activity id; "member": member_create's
# ``object`` when ``object_type`` is ``package``; "match": package_revise.
HIDDEN_AS_MISSING: dict[str, tuple[tuple[str, str], ...]] = {
    "package_update": (("id", "dataset"), ("name", "dataset")),
    "package_patch": (("id", "dataset"),),
    "package_revise": (("match", "match"),),
    "package_delete": (("id", "dataset"),),
    "dataset_purge": (("id", "dataset"),),
    "package_owner_org_update": (("id", "dataset"),),
    "package_resource_reorder": (("id", "dataset"),),
    "package_relationship_create": (("subject", "dataset"), ("object", "dataset")),
    "package_relationship_update": (("subject", "dataset"), ("object", "dataset")),
    "package_relationship_delete": (("subject", "dataset"), ("object", "dataset")),
    "package_relationships_list": (("id", "dataset"), ("id2", "dataset")),
    "package_collaborator_list": (("id", "dataset"),),
    "package_collaborator_create": (("id", "dataset"),),
    "package_collaborator_delete": (("id", "dataset"),),
    "dataset_follower_count": (("id", "dataset"),),
    "dataset_follower_list": (("id", "dataset"),),
    "am_following_dataset": (("id", "dataset"),),
    "follow_dataset": (("id", "dataset"),),
    "unfollow_dataset": (("id", "dataset"),),
    "package_activity_list": (("id", "dataset"),),
    "resource_create": (("package_id", "dataset"),),
    "resource_show": (("id", "resource"),),
    "resource_update": (("id", "resource"),),
    "resource_patch": (("id", "resource"),),
    "resource_delete": (("id", "resource"),),
    "resource_view_list": (("id", "resource"),),
    "resource_view_create": (("resource_id", "resource"),),
    "resource_view_show": (("id", "view"),),
    "resource_view_update": (("id", "view"),),
    "resource_view_delete": (("id", "view"),),
    "member_create": (("object", "member"),),
    "member_delete": (("object", "member"),),
    "activity_show": (("id", "activity"),),
    "activity_data_show": (("id", "activity"),),
    "activity_diff": (("id", "activity"),),
    # the DataStore and ckanext-xloader, which loads resources into it
    "datastore_search": (("resource_id", "resource"),),
    "datastore_info": (("resource_id", "resource"), ("id", "resource")),
    "xloader_submit": (("resource_id", "resource"),),
    "xloader_status": (("resource_id", "resource"),),
}

# Read-only actions of other plugins (callable with GET, as their own are).
_PLUGIN_READ_ONLY = frozenset({"datastore_search", "datastore_info", "xloader_status"})

# Actions of other plugins, chained only when the plugin is loaded.
_PLUGIN_ACTIONS = {
    "activity": (
        "package_activity_list",
        "activity_show",
        "activity_data_show",
        "activity_diff",
    ),
    "xloader": ("xloader_submit", "xloader_status"),
    "datastore": ("datastore_search", "datastore_info"),
}


def _dataset_of(kind: str, value: Any, data_dict: DataDict) -> dict[str, Any] | None:
    """The dataset a parameter refers to, if it exists."""
    if kind == "match":
        if not isinstance(value, dict):
            return None
        value, kind = value.get("id") or value.get("name"), "dataset"
    if not isinstance(value, str) or not value:
        return None
    if kind == "dataset":
        return imnet_model.dataset_summary(value)
    if kind == "resource":
        return imnet_model.dataset_of_resource(value)
    if kind == "view":
        return imnet_model.dataset_of_view(value)
    if kind == "activity":
        return imnet_model.dataset_of_activity(value)
    if kind == "member" and data_dict.get("object_type") == "package":
        return imnet_model.dataset_summary(value)
    return None


def chained(name: str, inner: Callable[..., Any] | None = None) -> Action:
    """The chained action that hides what ``name`` would reveal; ``inner``: a
    chained action of ours for the same name, run inside this one."""
    parameters = HIDDEN_AS_MISSING[name]

    def call(up_func: Action, context: Context, data_dict: DataDict) -> Any:
        if inner is None:
            return up_func(context, data_dict)
        return inner(up_func, context, data_dict)

    @tk.chained_action
    def hide(up_func: Action, context: Context, data_dict: DataDict) -> Any:
        user = actor(context)
        if context.get("ignore_auth") or policy.is_sysadmin(user):
            return call(up_func, context, data_dict)
        swapped: list[tuple[str, str]] = []
        data = dict(data_dict)
        for parameter, kind in parameters:
            value = data.get(parameter)
            dataset = _dataset_of(kind, value, data)
            if dataset is None or policy.can_see_metadata(user, dataset):
                continue
            stand_in = str(uuid.uuid4())
            if kind == "match" and isinstance(value, dict):
                data[parameter] = {"id": stand_in}
                value = value.get("id") or value.get("name")
            else:
                data[parameter] = stand_in
            swapped.append((stand_in, str(value)))
        if not swapped:
            return call(up_func, context, data_dict)
        try:
            return call(up_func, context, data)
        except (tk.ObjectNotFound, tk.ValidationError, tk.NotAuthorized) as error:
            for stand_in, value in swapped:
                error = replace_in_error(error, stand_in, value)
            raise error from None

    # Read-only actions stay callable with GET, as CKAN's own are.
    if (
        getattr(inner, "side_effect_free", False)
        or hasattr(core_get, name)
        or name in _PLUGIN_READ_ONLY
    ):
        hide.side_effect_free = True
    hide.__name__ = name
    hide.__doc__ = (
        f"CKAN's ``{name}``; for a dataset the user may not see, the answer "
        "for one that does not exist."
    )
    return hide


def chained_actions(
    loaded: Callable[[str], bool], ours: dict[str, Any]
) -> dict[str, Action]:
    """The chained actions for the core actions of the loaded plugins; our own
    chained actions of the same names (``ours``) run inside them."""
    absent = {
        name
        for plugin, names in _PLUGIN_ACTIONS.items()
        if not loaded(plugin)
        for name in names
    }
    return {
        name: chained(name, ours.get(name))
        for name in HIDDEN_AS_MISSING
        if name not in absent
    }
