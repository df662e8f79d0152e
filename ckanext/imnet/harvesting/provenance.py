"""Where a harvested dataset came from, for its page and for the API.

A dataset is harvested while a harvest source holds it: its current harvest
object (ckanext-harvest's) names the source. Its provenance is

* the **source**: its title, linked to its public page here (``/harvest/NAME``);
* the **original page**: the dataset at its origin -- for a DCAT source the
  dataset's landing page, else its URI; for a CKAN source the remote
  dataset's page;
* when it was **last harvested**: the import time of the current object.

ckanext-harvest puts ``harvest_object_id``, ``harvest_source_id`` and
``harvest_source_title`` in a harvested dataset's ``extras`` only when
``package_show`` answers from the search index; ``for_show`` adds them when
it answers from the database, and the rest under ``imnet_harvest``. Both run
after ``package_show``'s auth, so only people who may see the dataset get them.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.routing import BuildError

from ckanext.imnet import model as imnet_model

__all__ = ["API_KEY", "provenance", "for_show", "source_titles"]

# The key of ``package_show``'s answer that carries what ckanext-harvest's
# extras do not say.
API_KEY = "imnet_harvest"

_HARVEST_EXTRAS = ("harvest_object_id", "harvest_source_id", "harvest_source_title")


def _web_link(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value
    return None


def _extra(dataset: dict[str, Any], key: str) -> Any:
    if key in dataset:
        return dataset[key]
    for extra in dataset.get("extras") or []:
        if extra.get("key") == key:
            return extra.get("value")
    return None


def _original_page(origin: dict[str, Any], dataset: dict[str, Any]) -> str | None:
    if origin["source_type"] == "ckan":
        if not origin["remote_name"] or not _web_link(origin["source_url"]):
            return None
        return f"{origin['source_url'].rstrip('/')}/dataset/{origin['remote_name']}"
    # DCAT: ckanext-dcat reads dcat:landingPage into ``url``; the dataset's
    # URI (``uri``, also its guid) is the next best thing.
    return (
        _web_link(dataset.get("url"))
        or _web_link(_extra(dataset, "uri"))
        or _web_link(origin["guid"])
    )


def _source_page(origin: dict[str, Any]) -> str | None:
    if not origin["source_active"]:
        return None
    try:
        return tk.url_for("harvest.read", id=origin["source_name"], _external=True)
    except (RuntimeError, BuildError):  # no application serving the pages
        return None


def provenance(dataset: dict[str, Any]) -> dict[str, Any] | None:
    """The provenance of a dataset (``package_show`` output), ``None`` if it
    is not harvested: ``source_id``, ``source_name``, ``source_title``,
    ``source_page`` (its page here, while the source exists),
    ``original_page`` and ``last_harvested`` (a ``datetime``)."""
    origin = imnet_model.harvest_origin(str(dataset.get("id") or ""))
    if origin is None:
        return None
    return {
        "source_id": origin["source_id"],
        "source_name": origin["source_name"],
        "source_title": origin["source_title"],
        "source_page": _source_page(origin),
        "original_page": _original_page(origin, dataset),
        "last_harvested": origin["imported"],
    }


def for_show(context: Any, pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``package_show``'s answer with the dataset's provenance, if harvested.

    Not added for writers' reads (``for_update``, ``for_edit``) nor for
    internal ones (``ignore_auth``: indexing, imports), which pass the
    dataset back to ``package_update``.
    """
    if (
        context.get("ignore_auth")
        or context.get("for_update")
        or context.get("for_edit")
        or "id" not in pkg_dict
    ):
        return pkg_dict
    found = provenance(pkg_dict)
    if found is None:
        return pkg_dict
    harvested = found["last_harvested"]
    pkg_dict[API_KEY] = {
        "source_name": found["source_name"],
        "source_url": found["source_page"],
        "original_url": found["original_page"],
        "last_harvested": harvested.isoformat() if harvested else None,
    }
    _add_harvest_extras(pkg_dict, found)
    return pkg_dict


def _add_harvest_extras(pkg_dict: dict[str, Any], found: dict[str, Any]) -> None:
    """ckanext-harvest's extras, as it gives them from the search index."""
    extras = pkg_dict.setdefault("extras", [])
    present = {extra.get("key") for extra in extras}
    if all(key in present or key in pkg_dict for key in _HARVEST_EXTRAS):
        return
    current = imnet_model.harvest_object_summary(dataset_id=pkg_dict["id"])
    values = {
        "harvest_object_id": current["object_id"] if current else None,
        "harvest_source_id": found["source_id"],
        "harvest_source_title": found["source_title"],
    }
    for key in _HARVEST_EXTRAS:
        if key not in present and key not in pkg_dict and values[key]:
            extras.append({"key": key, "value": values[key]})


def source_titles(source_ids: list[str]) -> dict[str, str]:
    """Titles of harvest sources by id (labels of the search facet)."""
    return imnet_model.harvest_source_titles(source_ids)
