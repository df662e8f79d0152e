"""Finding the assessments that overlap one: a search as the viewer, then the rules.

One ``package_search`` made as the viewer (never with ``ignore_auth``) finds
the candidates -- assessments of other agencies sharing a sector and a
State/Region (or countrywide) -- so the permission labels decide what may be
listed: a confidential assessment only to Network members, a strictly
confidential one only to its own agency and MIMU admins, exactly as search
does. The collection dates, status and population groups are read from the
results' validated data and judged by ``overlaps``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.imnet import vocab
from ckanext.imnet.access import policy

from .overlaps import CANCELLED, Facts, Overlap, facts, overlap, reasons

__all__ = ["search_filters", "find"]

# Results asked for per page (CKAN's default ``ckan.search.rows_max``); one
# page is the rule, more only for a very wide assessment.
_PAGE = 1000


def _any(field: str, values: Iterable[str]) -> str:
    """A filter on any of ``values`` (vocabulary values and Pcodes: no quotes
    inside)."""
    quoted = " OR ".join(f'"{value}"' for value in sorted(values))
    return f"{field}:({quoted})"


def search_filters(mine: Facts) -> list[str]:
    """The search filters of the candidates: a shared sector and State/Region
    (countrywide ones always), another agency, not itself."""
    fq = [f"+dataset_type:{policy.ASSESSMENT_TYPE}", _any("sector", mine.sectors)]
    if not mine.countrywide:
        fq.append(_any("geographic_coverage", mine.states | {vocab.COUNTRYWIDE}))
    if mine.owner_org:
        fq.append(f'-owner_org:"{mine.owner_org}"')
    if mine.id:
        fq.append(f'-id:"{mine.id}"')
    return fq


def _candidates(viewer: str, fq: list[str]) -> Iterator[dict[str, Any]]:
    start = 0
    while True:
        context: Context = {"user": viewer}
        page = tk.get_action("package_search")(
            context,
            {
                "q": "",
                "fq_list": fq,
                "rows": _PAGE,
                "start": start,
                "sort": "metadata_modified desc",
                "include_private": tk.asbool(
                    tk.config.get("ckan.search.default_include_private")
                ),
            },
        )
        yield from page["results"]
        start += _PAGE
        if start >= page["count"]:
            return


def _labelled(
    vocabulary: str, values: Iterable[str], lang: str
) -> list[dict[str, str]]:
    found = []
    for value in values:
        term = vocab.term(vocabulary, value)
        found.append({"value": value, "label": term.label(lang) if term else value})
    return found


def _places(codes: Iterable[str], lang: str) -> list[dict[str, str]]:
    found = []
    for code in codes:
        place = vocab.place(code)
        found.append({"pcode": code, "label": place.label(lang) if place else code})
    return found


def _entry(
    pkg: dict[str, Any], found: Overlap, other: Facts, lang: str
) -> dict[str, Any]:
    """One overlapping assessment as the action gives it."""
    organisation = pkg.get("organization") or {}
    status = str(pkg.get("status") or "")
    term = vocab.term("assessment_status", status)
    window = other.window
    return {
        "id": pkg["id"],
        "name": pkg["name"],
        "title": pkg.get("title") or pkg["name"],
        "title_my": pkg.get("title_my") or "",
        "lead_agency": {
            "id": organisation.get("id") or pkg.get("owner_org"),
            "name": organisation.get("name") or "",
            "title": organisation.get("title") or organisation.get("name") or "",
        },
        "status": status,
        "status_label": term.label(lang) if term else status,
        "planned_start": pkg.get("planned_start") or None,
        "planned_end": pkg.get("planned_end") or None,
        "actual_start": pkg.get("actual_start") or None,
        "actual_end": pkg.get("actual_end") or None,
        "collection": {
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "actual": bool(pkg.get("actual_start")),
        }
        if window
        else None,
        "shared": {
            "townships": _places(found.townships, lang),
            "states": _places(found.states, lang),
            "countrywide": found.countrywide,
            "sectors": _labelled("sector", found.sectors, lang),
            "population_groups": _labelled("population_group", found.groups, lang),
        },
        "window_overlap_days": found.window_days,
        "reasons": reasons(found, lang),
        "maintainer": pkg.get("maintainer") or "",
        "maintainer_email": pkg.get("maintainer_email") or "",
    }


def find(
    viewer: str,
    mine: Facts,
    margin: int,
    lang: str,
    today: datetime.date | None = None,
) -> list[dict[str, Any]]:
    """The assessments the viewer may see that overlap ``mine``, strongest
    first."""
    if not mine.sectors or not mine.states or mine.status == CANCELLED:
        return []
    found = []
    for pkg in _candidates(viewer, search_filters(mine)):
        other = facts(pkg, today)
        shared = overlap(mine, other, margin)
        if shared is not None:
            found.append((shared, other, pkg))
    found.sort(key=lambda item: str(item[2].get("title") or "").casefold())
    found.sort(key=lambda item: item[0].strength(), reverse=True)
    return [_entry(pkg, shared, other, lang) for shared, other, pkg in found]
