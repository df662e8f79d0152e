"""The curation workspace: which datasets are out of date, incomplete,
unreviewed or broken, counted and listed for the people who curate them.

The workspace's lists are declared here (``LISTS``): each is a search
filter on an index field (freshness, completeness band, review state) or the
broken-link report. Counts and lists come from ``package_search`` run as the
curator, so they hold exactly the datasets the curator may see; the review
lists exist for those the policy lets search on the review state.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.assessments import workspace as registry

from . import completeness, freshness, review

__all__ = [
    "WorkList",
    "LISTS",
    "LINKS",
    "BULK_OPERATIONS",
    "work_list",
    "operations",
    "may_see_review",
    "summary",
    "list_page",
    "list_rows",
    "ROW_FIELDS",
]

# The key of the broken-link list: it lists links, not datasets.
LINKS = "links:failing"
# What a curator may do to the datasets ticked in a list.
BULK_OPERATIONS = ("confirm_current", "mark_reviewed", "change_sensitivity")

# Index fields a list row is made of (``fl``: stored fields only).
ROW_FIELDS = (
    "id",
    "name",
    "title",
    "title_my",
    "organization",
    "capacity",
    "sensitivity",
    freshness.INDEX_FIELDS[0],
    completeness.SCORE_FIELD,
    "metadata_modified",
)
# Datasets fetched per search while a whole list is exported.
_BATCH = 500


@dataclasses.dataclass(frozen=True)
class WorkList:
    """One list of the workspace: the datasets whose ``field`` has ``value``."""

    group: str
    value: str
    field: str
    sort: str
    label: Callable[[str], str]

    @property
    def key(self) -> str:
        """The list's name in URLs and the API: ``group:value``."""
        return f"{self.group}:{self.value}"

    def title(self) -> str:
        """The list's name in the current language."""
        return self.label(self.value)

    def filter(self) -> str:
        """The list's search filter."""
        return f'+{self.field}:"{self.value}"'


_OUT_OF_DATE = "freshness_rank desc, freshness_since asc"
_LEAST_COMPLETE = f"{completeness.SCORE_FIELD} asc, metadata_modified desc"
_NEWEST = "metadata_modified desc"

LISTS: tuple[WorkList, ...] = (
    *(
        WorkList("freshness", state, "freshness", _OUT_OF_DATE, freshness.state_label)
        for state in reversed(freshness.STATES)
    ),
    *(
        WorkList(
            "completeness",
            band,
            completeness.BAND_FIELD,
            _LEAST_COMPLETE,
            completeness.band_label,
        )
        for band, _lowest in reversed(completeness.BANDS)
    ),
    *(
        WorkList("review", state, review.INDEX_FIELD, _NEWEST, review.state_label)
        for state in review.STATES
    ),
)


def work_list(key: str) -> WorkList | None:
    """The declared list of that key, or ``None``."""
    for found in LISTS:
        if found.key == key:
            return found
    return None


def operations(user: Any) -> list[str]:
    """The bulk actions a curator is offered: marking reviewed only to those
    who review (``policy.reviews_datasets``); each dataset's own action
    decides again."""
    return [
        operation
        for operation in BULK_OPERATIONS
        if operation != "mark_reviewed" or policy.reviews_datasets(user)
    ]


def may_see_review(user: Any, organisation_id: str | None) -> bool:
    """Whether the workspace shows review counts and lists: to MIMU admins,
    and in an organisation's workspace to the data owners who curate it."""
    if policy.may_search_review(user):
        return True
    return (
        organisation_id is not None
        and organisation_id in policy.review_search_organisations(user)
    )


def _search(
    context: Context,
    organisation_id: str | None,
    extra: Mapping[str, Any],
    fq_list: list[str] | None = None,
) -> dict[str, Any]:
    """``package_search`` as the curator over the IM datasets they may see
    (of one organisation, or all)."""
    filters = [f"+dataset_type:{policy.IM_DATASET_TYPE}", *(fq_list or [])]
    if organisation_id:
        filters.append(f'+owner_org:"{organisation_id}"')
    search_context: Context = {
        "user": context.get("user", ""),
        "auth_user_obj": context.get("auth_user_obj"),
    }
    return tk.get_action("package_search")(
        search_context,
        {"q": "", "fq_list": filters, "include_private": True, **extra},
    )


def summary(
    context: Context,
    user: Any,
    organisation_id: str | None,
    report: Callable[[int], dict[str, Any]],
) -> dict[str, Any]:
    """Counts of the datasets the curator may see per freshness state,
    completeness band (and average score), review state (where they may see
    it), the failing links of data they may get (``report(offset)``: a
    page of ``imnet_link_report`` for the same scope), and the registry's
    assessments whose status is overdue (``assessments.workspace``)."""
    reviewer = may_see_review(user, organisation_id)
    fields = [
        "freshness",
        completeness.BAND_FIELD,
        completeness.SCORE_FIELD,
        *([review.INDEX_FIELD] if reviewer else []),
    ]
    result = _search(
        context,
        organisation_id,
        {
            "rows": 0,
            "facet.field": json.dumps(fields),
            "facet.limit": 101,
            "facet.mincount": 1,
        },
    )
    facets = result.get("search_facets", {})

    def counts(field: str) -> dict[str, int]:
        return {
            item["name"]: int(item["count"])
            for item in facets.get(field, {}).get("items", [])
        }

    scores = counts(completeness.SCORE_FIELD)
    scored = sum(scores.values())
    average = (
        round(sum(int(s) * n for s, n in scores.items()) / scored, 1)
        if scored
        else None
    )
    by_freshness = counts("freshness")
    by_band = counts(completeness.BAND_FIELD)
    by_review = counts(review.INDEX_FIELD)
    failing = list(link_rows(report))
    return {
        "count": result["count"],
        "freshness": {state: by_freshness.get(state, 0) for state in freshness.STATES},
        "completeness": {
            "average": average,
            "bands": {band: by_band.get(band, 0) for band, _l in completeness.BANDS},
        },
        "review": (
            {state: by_review.get(state, 0) for state in review.STATES}
            if reviewer
            else None
        ),
        "broken_links": {
            "links": len(failing),
            "datasets": len({row["dataset"]["id"] for row in failing}),
        },
        "assessments": registry.counts(context, organisation_id),
    }


def _rows(docs: list[Mapping[str, Any]], reviewer: bool) -> list[dict[str, Any]]:
    """List rows from the index documents: their organisation's title, whether
    private, and (for those who see it) the review state, which the index
    does not store."""
    states = (
        {
            package_id: row.state
            for package_id, row in imnet_model.reviews(
                str(doc["id"]) for doc in docs
            ).items()
        }
        if reviewer
        else {}
    )
    rows = []
    for doc in docs:
        score = doc.get(completeness.SCORE_FIELD)
        organization = doc.get("organization") or ""
        rows.append(
            {
                "id": doc["id"],
                "name": doc["name"],
                "title": doc.get("title") or "",
                "title_my": doc.get("title_my") or "",
                "organization": organization,
                "organization_title": _organisation_title(organization),
                "private": doc.get("capacity") == "private",
                "sensitivity": doc.get("sensitivity") or "",
                "freshness": doc.get("freshness") or "",
                "completeness": None if score is None or score == "" else int(score),
                "metadata_modified": doc.get("metadata_modified") or "",
                **(
                    {review.INDEX_FIELD: states.get(doc["id"], review.UNREVIEWED)}
                    if reviewer
                    else {}
                ),
            }
        )
    return rows


def _organisation_title(name: str) -> str:
    """An organisation's title (organisations are public), by its name."""
    if not name:
        return ""
    group = model.Group.get(name)
    return (group.title or group.name) if group is not None else name


def list_page(
    context: Context,
    organisation_id: str | None,
    chosen: WorkList,
    start: int,
    rows: int,
    reviewer: bool,
) -> dict[str, Any]:
    """One page of a list: ``{"count": n, "results": [row, ...]}``, with the
    review state if ``reviewer``."""
    result = _search(
        context,
        organisation_id,
        {
            "rows": rows,
            "start": start,
            "sort": chosen.sort,
            "fl": list(ROW_FIELDS),
        },
        [chosen.filter()],
    )
    return {"count": result["count"], "results": _rows(result["results"], reviewer)}


def list_rows(
    context: Context, organisation_id: str | None, chosen: WorkList, reviewer: bool
) -> Iterator[dict[str, Any]]:
    """Every row of a list, fetched in batches (for the CSV export)."""
    start = 0
    while True:
        page = list_page(context, organisation_id, chosen, start, _BATCH, reviewer)
        yield from page["results"]
        start += _BATCH
        if start >= page["count"] or not page["results"]:
            return


def link_rows(report: Callable[[int], dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every failing link of a report (``report(offset)`` gives a page)."""
    offset = 0
    while True:
        page = report(offset)
        yield from page["results"]
        offset += len(page["results"])
        if offset >= page["count"] or not page["results"]:
            return
