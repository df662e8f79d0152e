"""Core listing actions agree with search: what a user may not see is not listed.

Search and ``package_show`` filter by the policy's permission labels. The
actions here read core tables directly (names, members, relationships,
follows, tags, formats, resources), so each leaves out what the user may not
see, or removes URLs of data the user may not get -- asking
``access.policy`` and ``access.redaction``.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import redaction

from ._common import Visibility, missing_answer

__all__ = [
    "resource_search",
    "current_package_list_with_resources",
    "package_list",
    "member_list",
    "package_relationships_list",
    "dataset_followee_list",
    "followee_list",
    "tag_list",
    "tag_search",
    "tag_autocomplete",
    "tag_show",
    "format_autocomplete",
]


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
    seen = Visibility(context)

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
    seen = Visibility(context)
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
    seen = Visibility(context)
    if seen.sysadmin:
        return members
    seen.load(m[0] for m in members if m[1] == "package")
    return [m for m in members if m[1] != "package" or seen.sees(m[0])]


@tk.chained_action
@tk.side_effect_free
def package_relationships_list(up_func: Action, context: Context, data_dict: DataDict):
    """Relationships only with datasets the user may see."""
    relationships = up_func(context, data_dict)
    seen = Visibility(context)
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


def _every_followee(
    action: str, up_func: Action, context: Context, data_dict: DataDict
) -> Any:
    """Core's follow list ``action``, with every followed dataset in it.

    The caller's right to the list is checked first; core then lists as the
    site user, and the caller keeps what the policy lets them see. CKAN 2.12
    (not 2.11) asks ``package_show``'s auth of each followed dataset, which
    answers a hidden one as a missing one: the whole list would fail once a
    followed dataset became hidden.
    """
    tk.check_access(action, context, data_dict)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    lister = {
        **context,
        "user": site_user,
        "auth_user_obj": imnet_model.user(site_user),
    }
    return up_func(lister, data_dict)


@tk.chained_action
@tk.side_effect_free
def dataset_followee_list(up_func: Action, context: Context, data_dict: DataDict):
    """Followed datasets the user may still see, with the URLs they may get."""
    seen = Visibility(context)
    datasets = _every_followee("dataset_followee_list", up_func, context, data_dict)
    seen.load(d["id"] for d in datasets)
    return [redaction.for_user(context, d) for d in datasets if seen.sees(d["id"])]


@tk.chained_action
@tk.side_effect_free
def followee_list(up_func: Action, context: Context, data_dict: DataDict):
    """Everything followed, without datasets the user may no longer see."""
    seen = Visibility(context)
    followees = _every_followee("followee_list", up_func, context, data_dict)
    seen.load(f["dict"]["id"] for f in followees if f.get("type") == "dataset")
    kept = []
    for followee in followees:
        if followee.get("type") == "dataset":
            if not seen.sees(followee["dict"]["id"]):
                continue
            followee = {
                **followee,
                "dict": redaction.for_user(context, followee["dict"]),
            }
        kept.append(followee)
    return kept


def _visible_values(context: Context, field: str) -> set[str]:
    """Values of a search field (tags, formats) among the datasets the user
    may see, as search's facets count them."""
    search_context = {
        "user": context.get("user"),
        "auth_user_obj": context.get("auth_user_obj"),
    }
    found = tk.get_action("package_search")(
        search_context,
        {
            "q": "*:*",
            "rows": 0,
            "facet.field": [field],
            "facet.limit": -1,
            "include_private": True,
            "include_drafts": True,
        },
    )
    items = found["search_facets"].get(field, {}).get("items", [])
    return {item["name"] for item in items}


def _visible_tag(name: Any, tags: set[str]) -> bool:
    return (name["name"] if isinstance(name, dict) else name) in tags


@tk.chained_action
@tk.side_effect_free
def tag_list(up_func: Action, context: Context, data_dict: DataDict):
    """Tags of the datasets the user may see (free tags; vocabularies as CKAN)."""
    result = up_func(context, data_dict)
    if data_dict.get("vocabulary_id"):
        return result
    tags = _visible_values(context, "tags")
    return [t for t in result if _visible_tag(t, tags)]


@tk.chained_action
@tk.side_effect_free
def tag_search(up_func: Action, context: Context, data_dict: DataDict):
    """Tag search among the datasets the user may see."""
    result = up_func(context, {**data_dict, "limit": 1000, "offset": 0})
    if data_dict.get("vocabulary_id"):
        return up_func(context, data_dict)
    tags = _visible_values(context, "tags")
    kept = [t for t in result["results"] if _visible_tag(t, tags)]
    offset = int(data_dict.get("offset") or 0)
    limit = data_dict.get("limit")
    end = offset + int(limit) if limit not in (None, "") else None
    return {"count": len(kept), "results": kept[offset:end]}


@tk.chained_action
@tk.side_effect_free
def tag_autocomplete(up_func: Action, context: Context, data_dict: DataDict):
    """Tag suggestions from the datasets the user may see."""
    limit = int(data_dict.get("limit") or 10)
    result = up_func(context, {**data_dict, "limit": 1000})
    if data_dict.get("vocabulary_id"):
        return result[:limit]
    tags = _visible_values(context, "tags")
    return [t for t in result if t in tags][:limit]


@tk.chained_action
@tk.side_effect_free
def tag_show(up_func: Action, context: Context, data_dict: DataDict):
    """A tag used only by datasets the user may not see is not found; its
    datasets are those the user may see, with the URLs they may get."""
    name = data_dict.get("id")
    if isinstance(name, str) and not data_dict.get("vocabulary_id"):
        if name not in _visible_values(context, "tags"):
            return missing_answer(up_func, context, data_dict, "id")
    tag = up_func(context, data_dict)
    if "packages" in tag:
        seen = Visibility(context)
        seen.load(p["id"] for p in tag["packages"])
        tag["packages"] = [
            redaction.for_user(context, p)
            for p in tag["packages"]
            if seen.sees(p["id"])
        ]
    return tag


@tk.chained_action
@tk.side_effect_free
def format_autocomplete(up_func: Action, context: Context, data_dict: DataDict):
    """Resource formats of the datasets the user may see."""
    limit = int(data_dict.get("limit") or 5)
    result = up_func(context, {**data_dict, "limit": 1000})
    formats = {f.lower() for f in _visible_values(context, "res_format")}
    return [f for f in result if f.lower() in formats][:limit]
