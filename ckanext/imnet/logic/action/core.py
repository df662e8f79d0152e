"""Core actions the access policy extends: listings and activity agree with search.

Search, ``package_show`` and the activity tables filter by the policy's
permission labels. The actions here read core tables directly, so each
leaves out what the user may not see, or removes URLs of data the user may
not get -- asking ``access.policy`` and ``access.redaction``.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, redaction

from ._common import actor

__all__ = [
    "resource_search",
    "current_package_list_with_resources",
    "package_list",
    "member_list",
    "package_relationships_list",
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


class _Visibility:
    """Answers "may this user see dataset X?" for many datasets, in few queries."""

    def __init__(self, context: Context) -> None:
        self.user = actor(context)
        self.sysadmin = policy.is_sysadmin(self.user)
        self.labels = None if self.sysadmin else policy.user_labels(self.user)
        self.datasets: dict[str, dict[str, Any] | None] = {}

    def load(self, ids: Iterable[str]) -> None:
        wanted = [i for i in set(ids) if i and i not in self.datasets]
        found = imnet_model.dataset_summaries(wanted)
        for i in wanted:
            self.datasets[i] = found.get(i)

    def dataset(self, package_id: str) -> dict[str, Any] | None:
        if package_id not in self.datasets:
            self.load([package_id])
        return self.datasets[package_id]

    def sees(self, package_id: str) -> bool:
        dataset = self.dataset(package_id)
        if dataset is None:
            return False
        return self.sysadmin or policy.can_see_metadata(self.user, dataset, self.labels)

    def gets_data(self, package_id: str) -> bool:
        dataset = self.dataset(package_id)
        return dataset is not None and policy.can_get_data(self.user, dataset)


# -- resources -----------------------------------------------------------------


@tk.chained_action
@tk.side_effect_free
def resource_search(up_func: Action, context: Context, data_dict: DataDict):
    """Resources of data the user may not get are not found, by URL or otherwise.

    They are left out before paging, so neither results nor counts reveal them.
    """
    offset = int(data_dict.get("offset") or 0)
    limit = data_dict.get("limit")
    everything = {k: v for k, v in data_dict.items() if k not in ("offset", "limit")}
    result = up_func(context, everything)
    seen = _Visibility(context)

    def package_of(resource: Any) -> str:
        if isinstance(resource, dict):
            return resource["package_id"]
        return resource.package_id

    seen.load(package_of(r) for r in result["results"])
    kept = [r for r in result["results"] if seen.gets_data(package_of(r))]
    end = offset + int(limit) if limit not in (None, "") else None
    return {"count": len(kept), "results": kept[offset:end]}


@tk.chained_action
@tk.side_effect_free
def current_package_list_with_resources(
    up_func: Action, context: Context, data_dict: DataDict
):
    """Datasets listed with their resources get the URLs the user may see."""
    return [redaction.for_user(context, pkg) for pkg in up_func(context, data_dict)]


# -- listings ------------------------------------------------------------------


@tk.chained_action
@tk.side_effect_free
def package_list(up_func: Action, context: Context, data_dict: DataDict):
    """Names of the datasets the user may see, as search would list them."""
    names = up_func(context, data_dict)
    seen = _Visibility(context)
    if seen.sysadmin:
        return names
    ids = dict(imnet_model.session().execute(_names_to_ids(names)).all())
    seen.load(ids.values())
    return [name for name in names if name in ids and seen.sees(ids[name])]


def _names_to_ids(names: list[str]) -> Any:
    import sqlalchemy as sa

    package = sa.table("package", sa.column("name"), sa.column("id"))
    return sa.select(package.c.name, package.c.id).where(package.c.name.in_(names))


@tk.chained_action
@tk.side_effect_free
def member_list(up_func: Action, context: Context, data_dict: DataDict):
    """A group's or organisation's members, without datasets the user may not see."""
    members = up_func(context, data_dict)
    seen = _Visibility(context)
    if seen.sysadmin:
        return members
    seen.load(m[0] for m in members if m[1] == "package")
    return [m for m in members if m[1] != "package" or seen.sees(m[0])]


@tk.chained_action
@tk.side_effect_free
def package_relationships_list(up_func: Action, context: Context, data_dict: DataDict):
    """Relationships only with datasets the user may see."""
    relationships = up_func(context, data_dict)
    seen = _Visibility(context)
    if seen.sysadmin:
        return relationships
    names = {r.get("object") for r in relationships} | {
        r.get("subject") for r in relationships
    }
    ids = dict(
        imnet_model.session().execute(_names_to_ids([n for n in names if n])).all()
    )
    seen.load(ids.values())

    def visible(name: str | None) -> bool:
        return bool(name) and (
            (name in ids and seen.sees(ids[name])) or seen.sees(str(name))
        )

    return [
        r
        for r in relationships
        if visible(r.get("object")) and visible(r.get("subject"))
    ]


# -- activity ------------------------------------------------------------------


@tk.chained_action
def activity_create(up_func: Action, context: Context, data_dict: DataDict):
    """Store dataset snapshots without the URLs of data that is not open."""
    return up_func(context, redaction.for_activity(data_dict))


def _for_reader(
    context: Context, activities: list[dict[str, Any]], seen: _Visibility
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
        kept.append(activity)
    return kept


def _chained_list(name: str) -> Action:
    @tk.chained_action
    @tk.side_effect_free
    def chained(up_func: Action, context: Context, data_dict: DataDict):
        return _for_reader(context, up_func(context, data_dict), _Visibility(context))

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
    kept = _for_reader(context, [activity], _Visibility(context))
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


ACTIVITY_ACTIONS = (
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
)
