"""Metadata completeness of what a user may see: averages and bands."""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet.access import policy
from ckanext.imnet.curation import completeness
from ckanext.imnet.logic import schema

from ._common import organisation, validate

__all__ = ["imnet_completeness_summary"]

# Every possible score is a facet value: 0 to 100.
_SCORES = 101


def _search_as(context: Context, fq_list: list[str]) -> dict[str, Any]:
    """Scores of the datasets the caller may see, counted by the search index
    (under the caller's permission labels, as package_search decides)."""
    search_context: Context = {
        "user": context.get("user", ""),
        "auth_user_obj": context.get("auth_user_obj"),
        "ignore_auth": context.get("ignore_auth", False),
    }
    return tk.get_action("package_search")(
        search_context,
        {
            "q": "",
            "fq_list": [f"+dataset_type:{policy.IM_DATASET_TYPE}", *fq_list],
            "rows": 0,
            "include_private": True,
            "facet.field": json.dumps([completeness.SCORE_FIELD]),
            "facet.limit": _SCORES,
            "facet.mincount": 1,
        },
    )


@tk.side_effect_free
def imnet_completeness_summary(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The average metadata completeness of an organisation's datasets, or of
    the whole catalogue, over the datasets the caller may see.

    A dataset the caller may not see (private to another organisation,
    confidential to a visitor who is not a Network member, strictly
    confidential, deleted) counts nowhere: two people may get two answers.
    Drafts are left out. Each dataset's score is described in the README
    (*Curation*, *Completeness*).

    :param id: the organisation's id or name (optional; without it, the whole
        catalogue)
    :type id: string
    :returns: ``{"organization": "unicef-myanmar" or null, "count": 12,
        "average": 78.5 or null when there is no dataset,
        "bands": {"high": 5, "medium": 6, "low": 1}}``
    :rtype: dictionary
    """
    tk.check_access("imnet_completeness_summary", context, data_dict)
    data = validate(context, data_dict, schema.completeness_summary)
    organization = None
    fq_list = []
    if data.get("id"):
        org = organisation(context, data["id"])
        organization = org["name"]
        fq_list.append(f'+owner_org:"{org["id"]}"')
    result = _search_as(context, fq_list)
    items = result["search_facets"].get(completeness.SCORE_FIELD, {}).get("items", [])
    bands = {band: 0 for band, _lowest in completeness.BANDS}
    count = total = 0
    for item in items:
        score, number = int(item["name"]), int(item["count"])
        count += number
        total += score * number
        bands[completeness.band_of(score)] += number
    return {
        "organization": organization,
        "count": count,
        "average": round(total / count, 1) if count else None,
        "bands": bands,
    }
