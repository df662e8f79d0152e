"""What is internal to a harvest source, only for those who run it.

A source's configuration may hold a partner's API key (a CKAN source's
``api_key``), and its jobs' error summaries name the datasets that failed --
confidential ones too -- and quote tracebacks and SQL. ckanext-harvest gives
both to anyone who may see the source: the configuration in ``config`` and,
copied key by key, at the top of the source's dict; the summaries in
``status.last_job`` (``package_show``, ``harvest_source_show``,
``harvest_source_show_status``), in ``last_job_status``
(``harvest_source_list``) and in the search index.

Here, as for resource URLs (``access/redaction``):

* the search index never holds them (``for_index``): no ``fl``, query or
  facet reveals or probes them, and search results carry them for nobody;
* a source shown (``for_user``) or listed (``listed_for_user``), and its
  status (``status_for_user``), keep them only for those the policy lets run
  the source (``policy.may_run_harvest_source``: sysadmins, its
  organisation's admins and editors), who get the configuration back from
  the database. Everybody else gets the source without them.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.access.redaction import context_user

__all__ = [
    "for_index",
    "for_user",
    "status_for_user",
    "listed_for_user",
    "activity_for_reader",
]

_SOURCE_TYPE = "harvest"
_SUMMARIES = ("object_error_summary", "gather_error_summary")
# A source's own keys, never taken for copies of its configuration's keys
# (ckanext-harvest's show schema, plus what its actions add).
_OWN_KEYS = frozenset(
    {
        "id",
        "name",
        "title",
        "url",
        "notes",
        "type",
        "owner_org",
        "organization",
        "private",
        "state",
        "source_type",
        "frequency",
        "config",
        "extras",
        "metadata_created",
        "metadata_modified",
        "creator_user_id",
        "resources",
        "tags",
        "groups",
        "status",
        "active",
    }
)


def _config_keys(config: Any) -> list[str]:
    """The keys ckanext-harvest copies from a configuration to the top."""
    try:
        found = json.loads(config) if isinstance(config, str) else config
    except ValueError:
        return []
    if not isinstance(found, dict):
        return []
    return [key for key in found if key not in _OWN_KEYS]


def _without_summaries(status: Any) -> Any:
    """A source's status (a dict, or JSON as indexed) without error summaries."""
    if isinstance(status, str):
        try:
            loaded = json.loads(status)
        except ValueError:
            return status
        return json.dumps(_without_summaries(loaded))
    for job_key in ("last_job", "last_job_status"):
        job = status.get(job_key) if isinstance(status, dict) else None
        if isinstance(job, dict):
            for key in _SUMMARIES:
                job.pop(key, None)
    return status


def _strip(source: dict[str, Any]) -> dict[str, Any]:
    """A source's dict without its configuration, the configuration's copies
    and its jobs' error summaries (changed in place)."""
    config = source.pop("config", None)
    for extra in source.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == "config":
            config = config or extra.get("value")
    if isinstance(source.get("extras"), list):
        source["extras"] = [
            e
            for e in source["extras"]
            if not (isinstance(e, dict) and e.get("key") == "config")
        ]
    for key in _config_keys(config):
        source.pop(key, None)
    if "status" in source:
        source["status"] = _without_summaries(source["status"])
    return source


def _is_source(pkg_dict: dict[str, Any]) -> bool:
    return (pkg_dict.get("type") or pkg_dict.get("dataset_type")) == _SOURCE_TYPE


def _stored_without_internals(text: str) -> str:
    """A stored source (JSON: ``data_dict``, ``validated_data_dict``) stripped;
    CKAN's ``data_dict`` carries a copy of ``validated_data_dict``."""
    stored = json.loads(text)
    _strip(stored)
    if isinstance(stored.get("validated_data_dict"), str):
        stored["validated_data_dict"] = _stored_without_internals(
            stored["validated_data_dict"]
        )
    return json.dumps(stored)


def for_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """A source's search document without its internals (others as given)."""
    if not _is_source(pkg_dict):
        return pkg_dict
    pkg_dict.pop("extras_config", None)
    validated = pkg_dict.get("validated_data_dict")
    if isinstance(validated, str) and "source_type" not in json.loads(validated):
        # ckanext-harvest's reindex hands CKAN 2.12 the source unvalidated
        # (its type and configuration still among the extras) as the
        # validated one, which package_show and package_search would serve
        # as it is: validated here, as CKAN 2.11 validates what it indexes.
        shown = _validated(str(pkg_dict.get("id") or ""))
        if shown is None:
            pkg_dict.pop("validated_data_dict")
        else:
            pkg_dict["validated_data_dict"] = shown
    _strip(pkg_dict)
    for key in ("data_dict", "validated_data_dict"):
        if isinstance(pkg_dict.get(key), str):
            pkg_dict[key] = _stored_without_internals(pkg_dict[key])
    return pkg_dict


def _validated(source_id: str) -> str | None:
    """The source as its show schema gives it, read from the database (JSON),
    or ``None`` if there is no such source."""
    context = {"ignore_auth": True, "use_cache": False}
    try:
        shown = tk.get_action("package_show")(context, {"id": source_id})
    except tk.ObjectNotFound:
        return None
    return json.dumps(shown)


def _may_run(context: Any, source_id: str) -> bool:
    source = imnet_model.dataset_summary(source_id) if source_id else None
    return source is not None and policy.may_run_harvest_source(
        context_user(context), source
    )


def for_user(context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """A source as ``package_show`` gives it: with its configuration (from
    the database, as the index has none) for those who run it, without its
    internals for everybody else. Other datasets as given."""
    if not _is_source(pkg_dict) or "id" not in pkg_dict:
        return pkg_dict
    if not _may_run(context, pkg_dict["id"]):
        return _strip(pkg_dict)
    has_extra = any(
        isinstance(e, dict) and e.get("key") == "config"
        for e in pkg_dict.get("extras") or []
    )
    stored = imnet_model.harvest_source_config(pkg_dict["id"])
    if stored is None or pkg_dict.get("config") or has_extra:
        return pkg_dict
    if "source_type" not in pkg_dict and isinstance(pkg_dict.get("extras"), list):
        # CKAN's default schema keeps the configuration among the extras.
        pkg_dict["extras"].append({"key": "config", "value": stored})
        return pkg_dict
    # As ckanext-harvest's show schema gives it: the text, and its keys.
    pkg_dict["config"] = stored
    for key in _config_keys(stored):
        pkg_dict[key] = json.loads(stored)[key]
    return pkg_dict


def activity_for_reader(context: Any, activity: dict[str, Any]) -> dict[str, Any]:
    """An activity of a harvest source without the source's internals in its
    stored snapshot, unless the reader runs the source (other activities as
    given)."""
    package = (activity.get("data") or {}).get("package")
    if (
        isinstance(package, dict)
        and _is_source(package)
        and not _may_run(context, str(activity.get("object_id") or ""))
    ):
        _strip(package)
    return activity


def status_for_user(
    context: Any, source_id: str, status: dict[str, Any]
) -> dict[str, Any]:
    """A source's status (``harvest_source_show_status``): its last job's
    error summaries only for those who run the source."""
    return status if _may_run(context, source_id) else _without_summaries(status)


def listed_for_user(
    context: Any, sources: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """``harvest_source_list``'s sources: the configuration and the last
    job's error summaries only of those the user runs."""
    for source in sources:
        if not _may_run(context, str(source.get("id") or "")):
            source.pop("config", None)
            _without_summaries(source)
    return sources
