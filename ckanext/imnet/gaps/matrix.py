"""The gap matrix as one viewer may see it.

Every count comes from one ``package_search`` made as the viewer (never with
``ignore_auth``), faceted on the pivot field of ``gaps.index``: the
permission labels decide what is counted, so a cell never reveals a dataset
the viewer may not see, and the numbers equal what the cell's search shows.
The recipe (``gaps.recipe``) turns each cell's facts into a state; a MIMU
admin's override, when there is one, comes first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.imnet import config, vocab
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from . import index, recipe

__all__ = [
    "UNION",
    "columns",
    "build",
    "townships",
    "search_params",
    "registry_search_params",
]

# The Union-level column: countrywide datasets (geographic_coverage MMR).
UNION = vocab.COUNTRYWIDE

_Cells = dict[tuple[str, str], dict[tuple[str, str, str, str], int]]


def columns(lang: str) -> list[dict[str, str]]:
    """The Union column, then every State/Region in Pcode order."""
    union = vocab.place(UNION)
    first = {"place": UNION, "label": union.label(lang) if union else UNION}
    return [first] + [
        {"place": place.pcode, "label": place.label(lang)} for place in vocab.states()
    ]


def _facet(viewer: str, field: str, fq: list[str]) -> _Cells:
    """The pivot facet of ``field`` among the datasets the viewer may see."""
    context: Context = {"user": viewer}
    result = tk.get_action("package_search")(
        context,
        {
            "q": "",
            "fq_list": fq,
            "rows": 0,
            "facet.field": [field],
            "facet.limit": -1,
            "facet.mincount": 1,
            "include_private": tk.asbool(
                tk.config.get("ckan.search.default_include_private")
            ),
        },
    )
    cells: _Cells = defaultdict(dict)
    items = result.get("search_facets", {}).get(field, {}).get("items", [])
    for item in items:
        parsed = index.parse(str(item["name"]))
        if parsed is not None:
            category, place, facts = parsed
            cells[(category, place)][facts] = int(item["count"])
    return cells


def _judgement(override: Any, judges: bool) -> dict[str, Any] | None:
    """An override as shown: who gave it only to those who may give one."""
    if override is None:
        return None
    shown = override.as_dict()
    if not judges:
        shown["set_by"] = None
    return shown


def _cell(
    rules: recipe.Recipe,
    category: str,
    place: str,
    facts: Mapping[tuple[str, str, str, str], int],
    override: dict[str, Any] | None,
) -> dict[str, Any]:
    verdict = rules.judge(category, place, facts)
    return {
        "place": place,
        "count": sum(facts.values()),
        # Of them, the registry's assessments (the rest: datasets).
        "assessments": sum(n for key, n in facts.items() if index.is_assessment(key)),
        "on_request": sum(n for key, n in facts.items() if policy.on_request(key[3])),
        "computed": verdict.state,
        "reasons": list(verdict.reasons),
        "state": override["state"] if override is not None else verdict.state,
        "override": override,
    }


def _rows(
    rules: recipe.Recipe, cells: _Cells, places: list[str], overrides: Mapping[Any, Any]
) -> list[dict[str, Any]]:
    lang = config.request_locale()
    rows = []
    for term in vocab.vocabulary("data_category"):
        rule = rules.categories.get(term.value)
        rows.append(
            {
                "category": term.value,
                "label": term.label(lang),
                "admin_level": rule.admin_level if rule else None,
                "sadd": rule.sadd if rule else False,
                "cells": [
                    _cell(
                        rules,
                        term.value,
                        place,
                        cells.get((term.value, place), {}),
                        overrides.get((term.value, place)),
                    )
                    for place in places
                ],
            }
        )
    return rows


def build(viewer: str) -> dict[str, Any]:
    """The whole matrix for a viewer (a user name, "" for anonymous)."""
    rules = recipe.current()
    heads = columns(config.request_locale())
    cells = _facet(viewer, index.STATE_FIELD, [])
    judges = policy.may_override_gap(imnet_model.user(viewer))
    overrides = {
        key: _judgement(row, judges) for key, row in imnet_model.gap_overrides().items()
    }
    rows = _rows(rules, cells, [c["place"] for c in heads], overrides)
    return {"columns": heads, "rows": rows}


def townships(viewer: str, category: str, state: str) -> dict[str, Any]:
    """One category by township for one State/Region, for a viewer."""
    rules = recipe.current()
    lang = config.request_locale()
    within = f'data_category:"{category}" AND geographic_coverage:"{state}"'
    if category == index.REGISTRY_CATEGORY:
        # The registry's assessments of the State/Region count too.
        within = f'({within}) OR {index.PLACES_FIELD}:"{state}"'
    cells = _facet(viewer, index.TOWNSHIP_FIELD, [within])
    # Townships no longer in use show only when a dataset still names them.
    places = [
        t
        for t in vocab.townships()
        if t.adm1_pcode == state
        and (t.status != "inactive" or (category, t.pcode) in cells)
    ]
    heads = [{"place": t.pcode, "label": t.label(lang)} for t in places]
    [row] = [
        row
        for row in _rows(rules, cells, [h["place"] for h in heads], {})
        if row["category"] == category
    ]
    return {"columns": heads, "rows": [row]}


def search_params(category: str, place: str, township: bool = False) -> dict[str, str]:
    """The dataset search a cell opens: its category in its place."""
    field = "township_coverage" if township else "geographic_coverage"
    return {"data_category": category, field: place}


def registry_search_params(place: str) -> dict[str, str]:
    """The registry search (``/assessment``) showing the assessments a cell
    of the ``assessments`` row counts: those counted in its place."""
    return {index.PLACES_FIELD: place}
