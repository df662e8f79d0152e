"""The registry in the curation workspace: assessments whose status is overdue.

Counted by ``package_search`` run as the curator, of one organisation (the
lead agency) or of the whole catalogue, so a count holds exactly the
assessments the curator may see -- and equals what the registry search it
opens shows (``search_args``: the same filter as the search page's query).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.imnet.access import policy

from . import status

__all__ = ["counts", "search_args", "search_url"]


def _count(context: Context, organisation_id: str | None, kind: str | None) -> int:
    fq_list = [f"+dataset_type:{policy.ASSESSMENT_TYPE}", status.overdue_filter(kind)]
    if organisation_id:
        fq_list.append(f'+owner_org:"{organisation_id}"')
    search_context: Context = {
        "user": context.get("user", ""),
        "auth_user_obj": context.get("auth_user_obj"),
    }
    result = tk.get_action("package_search")(
        search_context,
        {
            "q": "",
            "fq_list": fq_list,
            "rows": 0,
            # As the registry's search page lists them.
            "include_private": tk.asbool(
                tk.config.get("ckan.search.default_include_private")
            ),
        },
    )
    return int(result["count"])


def counts(context: Context, organisation_id: str | None) -> dict[str, int]:
    """How many assessments the curator may see are overdue: planned past
    their start (``start``), ongoing past their end (``end``), and in all
    (``overdue``)."""
    found = {kind: _count(context, organisation_id, kind) for kind in status.KINDS}
    return {**found, "overdue": sum(found.values())}


def search_args(kind: str | None, organization: str | None) -> dict[str, str]:
    """The registry search page's arguments that list the overdue assessments
    (of one kind, or both; of one organisation, by name, or all)."""
    args = {"q": status.overdue_filter(kind)}
    if organization:
        args["organization"] = organization
    return args


def search_url(kind: str | None, organization: str | None) -> str:
    """The registry search that lists them."""
    args: dict[str, Any] = search_args(kind, organization)
    return tk.h.url_for(f"{policy.ASSESSMENT_TYPE}.search", **args)
