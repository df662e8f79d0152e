"""What the home page counts and lists, as the visitor may see it.

Every number comes from one ``package_search`` made as the visitor, with the
same private-dataset rule as the search page: the access policy filters it
there, so a count never includes a dataset the visitor could not find.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError
from ckan.types import Context

from ckanext.imnet import vocab
from ckanext.imnet.access import policy

__all__ = ["imnet_home_summary"]

_RECENT = 5
log = logging.getLogger(__name__)


def imnet_home_summary() -> dict[str, Any]:
    """Datasets the visitor may see: total, by sensitivity, by State/Region, recent."""
    user = tk.current_user
    context: Context = {"user": user.name if user.is_authenticated else ""}
    try:
        result = tk.get_action("package_search")(
            context,
            {
                "q": "",
                # Datasets, as the search page lists them: not the assessment
                # registry's records.
                "fq_list": [f"+dataset_type:{policy.IM_DATASET_TYPE}"],
                "rows": _RECENT,
                "sort": "metadata_modified desc",
                "facet.field": ["sensitivity", "geographic_coverage"],
                "facet.limit": -1,
                "include_private": tk.config.get("ckan.search.default_include_private"),
            },
        )
    except (tk.ValidationError, SearchError):
        # As CKAN's own home page: the page shows, without numbers.
        log.warning("Home page summary unavailable", exc_info=True)
        return {"count": 0, "sensitivity": [], "places": [], "recent": []}
    facets = result.get("search_facets", {})
    return {
        "count": result["count"],
        "sensitivity": _in_vocabulary_order(facets.get("sensitivity")),
        "places": _largest_first(facets.get("geographic_coverage")),
        "recent": result["results"],
    }


def _items(facet: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [
        {
            "value": item["name"],
            "label": item.get("display_name") or item["name"],
            "count": item["count"],
        }
        for item in (facet or {}).get("items", [])
        if item["count"]
    ]


def _in_vocabulary_order(facet: dict[str, Any] | None) -> list[dict[str, Any]]:
    order = {value: i for i, value in enumerate(vocab.values("sensitivity"))}
    return sorted(_items(facet), key=lambda item: order.get(item["value"], 99))


def _largest_first(facet: dict[str, Any] | None) -> list[dict[str, Any]]:
    return sorted(_items(facet), key=lambda item: (-item["count"], item["label"]))
