"""Resource URLs leave the server only for people entitled to the data.

* The search index never holds URLs of non-public datasets (``for_index``), so
  no search parameter -- ``fl``, facet, query on ``res_url``/``urls`` -- can
  reveal or probe them, and search results carry no URL for anyone.
* ``package_show`` and ``resource_show`` (and everything built on them:
  dataset and resource pages, views, DCAT, feeds) apply ``for_user``: entitled
  users get the real URLs back from the database, others get an empty URL
  and a pointer to the request page.
* Activity snapshots are stored redacted (``for_activity``), rewritten
  without URLs when a dataset stops being open (``reclassification``), and
  redacted again when read, by the dataset's current level and the reader's
  rights (``activity_for_reader``): history pages show what changed, never
  where the data lives.

The only way to the bytes is the download route, guarded by ``gate``.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.routing import BuildError

from ckanext.imnet import model as imnet_model

from . import policy

__all__ = [
    "for_index",
    "for_user",
    "for_activity",
    "activity_for_reader",
    "snapshot_without_urls",
    "context_user",
    "REDACTED",
]

# Set on a redacted resource: what to do instead of following its URL.
REDACTED = "imnet_access"


def _redact_resources(resources: list[dict[str, Any]], request_url: str) -> None:
    for resource in resources:
        resource["url"] = ""
        resource[REDACTED] = "request"
        if request_url:
            resource["imnet_request_url"] = request_url
        # Uploads record their file name in other fields too; a harvested
        # resource may carry its origin's download link (ckanext-dcat).
        for key in ("original_url", "alt_url", "download_url"):
            resource.pop(key, None)


def _request_url(dataset: dict[str, Any]) -> str:
    try:
        return tk.url_for(
            "imnet.request_new", id=dataset.get("name") or dataset["id"], _external=True
        )
    except (RuntimeError, BuildError):  # no application serving the pages
        return ""


def _redact_stored(text: str) -> str:
    """A stored dataset (JSON) without resource URLs.

    CKAN serialises ``data_dict`` after adding ``validated_data_dict`` to the
    document, so the first carries a copy of the second: both are redacted.
    """
    stored = json.loads(text)
    # The request page is linked when the dataset is shown, not here.
    _redact_resources(stored.get("resources") or [], "")
    if isinstance(stored.get("validated_data_dict"), str):
        stored["validated_data_dict"] = _redact_stored(stored["validated_data_dict"])
    return json.dumps(stored)


def for_index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Strip resource URLs of a non-public dataset from the search document."""
    if policy.is_open_data(pkg_dict):
        return pkg_dict
    for key in ("data_dict", "validated_data_dict"):
        if pkg_dict.get(key):
            pkg_dict[key] = _redact_stored(pkg_dict[key])
    for key in ("res_url", "urls", "download_url"):
        pkg_dict.pop(key, None)
    return pkg_dict


def context_user(context: Any) -> Any:
    """The ``model.User`` an action runs as, or ``None`` for anonymous."""
    user = context.get("auth_user_obj")
    if user is not None and not getattr(user, "is_anonymous", False):
        return user
    return imnet_model.user(context.get("user")) if context.get("user") else None


def for_user(context: dict[str, Any], pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Real URLs for entitled users, redacted ones for everybody else.

    The level and owner are read from the dataset as stored when the dict
    does not carry them (core dictizations keep IM fields in ``extras``).
    """
    if "id" not in pkg_dict:
        return pkg_dict
    facts = pkg_dict
    if "sensitivity" not in pkg_dict or "owner_org" not in pkg_dict:
        facts = imnet_model.dataset_summary(pkg_dict["id"]) or pkg_dict
    if policy.is_open_data(facts):
        return pkg_dict
    resources = pkg_dict.get("resources") or []
    if policy.can_get_data(context_user(context), facts):
        urls = imnet_model.resource_urls(pkg_dict["id"])
        for resource in resources:
            if resource.pop(REDACTED, None):
                resource.pop("imnet_request_url", None)
                resource["url"] = urls.get(resource.get("id"), "")
    else:
        _redact_resources(resources, _request_url(pkg_dict))
    return pkg_dict


def for_activity(activity: dict[str, Any]) -> dict[str, Any]:
    """Redact the dataset snapshot an activity stores, if its data is not open."""
    package = (activity.get("data") or {}).get("package")
    if isinstance(package, dict) and not policy.is_open_data(package):
        _redact_resources(package.get("resources") or [], _request_url(package))
    return activity


def snapshot_without_urls(data: dict[str, Any]) -> dict[str, Any]:
    """A stored activity snapshot (``activity.data``) without resource URLs."""
    package = data.get("package")
    if isinstance(package, dict):
        _redact_resources(package.get("resources") or [], "")
    return data


def activity_for_reader(context: Any, activity: dict[str, Any]) -> dict[str, Any]:
    """An activity as the reader may see it: the snapshot's URLs only if the
    reader may get the data of the dataset as it is now."""
    package = (activity.get("data") or {}).get("package")
    if not isinstance(package, dict):
        return activity
    dataset = imnet_model.dataset_summary(str(activity.get("object_id") or ""))
    if dataset is None or not policy.can_get_data(context_user(context), dataset):
        _redact_resources(package.get("resources") or [], "")
    return activity
