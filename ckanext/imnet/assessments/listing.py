"""Which pages list assessments: the registry's search, not the dataset lists.

``/dataset`` and ``/assessment`` each list their own type (CKAN's search view,
with ``ckan.search.show_all_types = false``). An organisation's or group's
page searches without a type, so it would list a lead agency's assessments
among its datasets, under the datasets' facets: here it lists datasets only,
and links to the registry filtered by the agency.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet.access import policy

__all__ = ["GROUP_PAGES", "datasets_only_on_group_pages"]

# The pages of an organisation or group that list its datasets.
GROUP_PAGES = frozenset({"organization.read", "group.read"})


def _endpoint() -> str:
    try:
        return tk.request.endpoint or ""
    except RuntimeError:  # no request (a command, a job)
        return ""


def datasets_only_on_group_pages(search_params: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_search``: on an organisation's or group's page, the
    search lists datasets only (a separate ``fq_list`` entry)."""
    if _endpoint() in GROUP_PAGES:
        search_params["fq_list"] = [
            *(search_params.get("fq_list") or []),
            f"+dataset_type:{policy.IM_DATASET_TYPE}",
        ]
    return search_params
