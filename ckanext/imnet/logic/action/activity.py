"""Activity agrees with search: filtered and redacted when it is read.

Snapshots are stored without the URLs of data that is not open
(``activity_create``), and every activity action gives a reader only the
activity of datasets they may see, with URLs only of data they may get now.
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import redaction
from ckanext.imnet.assessments import links as assessment_links
from ckanext.imnet.harvesting import source_internals

from ._common import Visibility

__all__ = [
    "activity_create",
    "activity_show",
    "activity_data_show",
    "activity_diff",
    "package_activity_list",
    "group_activity_list",
    "organization_activity_list",
    "user_activity_list",
    "dashboard_activity_list",
    "recently_changed_packages_activity_list",
    "ACTIVITY_ACTIONS",
]


@tk.chained_action
def activity_create(up_func: Action, context: Context, data_dict: DataDict):
    """Store dataset snapshots without the URLs of data that is not open."""
    return up_func(context, redaction.for_activity(data_dict))


def _for_reader(
    context: Context, activities: list[dict[str, Any]], seen: Visibility
) -> list[dict[str, Any]]:
    """Activities about datasets the reader may see, snapshots redacted for them."""
    seen.load(
        a["object_id"]
        for a in activities
        if str(a.get("activity_type", "")).endswith("package")
    )
    kept = []
    for activity in activities:
        if str(activity.get("activity_type", "")).endswith("package"):
            if not seen.sees(activity["object_id"]):
                continue
            activity = redaction.activity_for_reader(context, activity)
            activity = source_internals.activity_for_reader(context, activity)
            activity = assessment_links.activity_for_reader(context, activity)
        kept.append(activity)
    return kept


def _chained_list(name: str) -> Action:
    @tk.chained_action
    @tk.side_effect_free
    def chained(up_func: Action, context: Context, data_dict: DataDict):
        return _for_reader(context, up_func(context, data_dict), Visibility(context))

    chained.__name__ = name
    chained.__doc__ = (
        f"CKAN's ``{name}``, without activity about datasets the reader may not "
        "see and without URLs of data the reader may not get."
    )
    return chained


package_activity_list = _chained_list("package_activity_list")
group_activity_list = _chained_list("group_activity_list")
organization_activity_list = _chained_list("organization_activity_list")
user_activity_list = _chained_list("user_activity_list")
dashboard_activity_list = _chained_list("dashboard_activity_list")
recently_changed_packages_activity_list = _chained_list(
    "recently_changed_packages_activity_list"
)


def _one_activity(context: Context, activity: dict[str, Any]) -> dict[str, Any]:
    kept = _for_reader(context, [activity], Visibility(context))
    if not kept:
        raise tk.ObjectNotFound()
    return kept[0]


@tk.chained_action
@tk.side_effect_free
def activity_show(up_func: Action, context: Context, data_dict: DataDict):
    """One activity, redacted for the reader."""
    return _one_activity(context, up_func(context, data_dict))


@tk.chained_action
@tk.side_effect_free
def activity_data_show(up_func: Action, context: Context, data_dict: DataDict):
    """The data of one activity, redacted for the reader."""
    data = up_func(context, data_dict)
    activity = (
        imnet_model.session()
        .execute(_activity_object(str(data_dict.get("id") or "")))
        .first()
    )
    if activity is None or not str(activity.activity_type).endswith("package"):
        return data
    object_type = data_dict.get("object_type")
    wrapped = {
        "object_id": activity.object_id,
        "activity_type": activity.activity_type,
        "data": {"package": data} if object_type == "package" else data,
    }
    redacted = _one_activity(context, wrapped)["data"]
    return redacted["package"] if object_type == "package" else redacted


def _activity_object(activity_id: str) -> Any:
    import sqlalchemy as sa

    table = sa.table(
        "activity", sa.column("id"), sa.column("object_id"), sa.column("activity_type")
    )
    return sa.select(table.c.object_id, table.c.activity_type).where(
        table.c.id == activity_id
    )


def _diff(objects: list[Any], diff_type: str) -> str:
    """The diff of two snapshots, as CKAN's ``activity_diff`` computes it."""
    old, new = (json.dumps(o, indent=2, sort_keys=True).split("\n") for o in objects)
    if diff_type == "unified":
        return "\n".join(difflib.unified_diff(old, new))
    if diff_type == "context":
        return "\n".join(difflib.context_diff(old, new))

    def wrap(lines: list[str]) -> list[str]:
        # Long lines are wrapped, as CKAN does, so pages need no scroll bars.
        return [
            part for line in lines for part in re.findall(r".{1,70}(?:\s+|$)", line)
        ]

    return difflib.HtmlDiff().make_table(wrap(old), wrap(new))


@tk.chained_action
@tk.side_effect_free
def activity_diff(up_func: Action, context: Context, data_dict: DataDict):
    """The diff of two snapshots, both redacted for the reader."""
    result = up_func(context, data_dict)
    activities = [_one_activity(context, a) for a in result["activities"]]
    object_type = data_dict.get("object_type")
    objects = [(a.get("data") or {}).get(object_type) for a in activities]
    return {
        "diff": _diff(objects, data_dict.get("diff_type", "unified")),
        "activities": activities,
    }


# The core actions chained here (the activity plugin's own).
ACTIVITY_ACTIONS = tuple(name for name in __all__ if name != "ACTIVITY_ACTIONS")
