"""The search fields the gap matrix is counted from.

A cell needs the datasets of a category in a place broken down by admin
level, SADD, freshness and sensitivity: a pivot of six fields. CKAN's
``package_search`` returns only field facets (it drops a Solr
``facet_pivot`` answer), so the pivot is indexed instead: one value per place
a dataset covers, ``category|place|admin_level|sadd|freshness|sensitivity``,
in ``imnet_gap`` (States/Regions, ``MMR`` for countrywide) and
``imnet_gap_township`` (townships). One facet search over that field, made as
the viewer, counts the whole matrix on either backend (both declared in
``search/solr/imnet_fields.xml``).

Assessments of the registry (dataset type ``assessment``) count in the
``assessments`` row by the places they cover, with facts of their own
(``assessment_keys``): the admin level their places name (township, State/
Region, national), their SADD, their **status** in the freshness place, and
the access to their results (report or data) in the sensitivity place --
``public``, ``restricted`` (on request or restricted) or ``-`` (none
available). The recipe judges them (``recipe.Recipe.judge``). A cancelled
assessment is never counted. The places an assessment is counted in are
also indexed on their own (``PLACES_FIELD``), for the registry search a cell
opens.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ckanext.imnet import vocab
from ckanext.imnet.access import policy

__all__ = [
    "STATE_FIELD",
    "TOWNSHIP_FIELD",
    "PLACES_FIELD",
    "SEPARATOR",
    "NONE",
    "REGISTRY_CATEGORY",
    "NEVER_COUNTED",
    "index_fields",
    "assessment_keys",
    "parse",
    "is_assessment",
]

STATE_FIELD = "imnet_gap"
TOWNSHIP_FIELD = "imnet_gap_township"
# The States/Regions and townships an assessment is counted in.
PLACES_FIELD = "imnet_gap_places"
SEPARATOR = "|"
# Stands for a value the dataset does not have (it never names a category).
NONE = "-"
# The row the registry's assessments count in, and the statuses never counted.
REGISTRY_CATEGORY = "assessments"
NEVER_COUNTED = ("cancelled",)
# Product availabilities whose results one can get, public or on request.
_ON_REQUEST = ("on_request", "restricted")


def _values(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _keys(category: str, places: Iterable[str], facts: list[str]) -> list[str]:
    return [
        SEPARATOR.join([category, place, *facts]) for place in dict.fromkeys(places)
    ]


def is_assessment(facts: Sequence[str]) -> bool:
    """True for the facts of a registry assessment (its status in the third
    place, where a dataset has its freshness)."""
    return vocab.term("assessment_status", facts[2]) is not None


def _results(validated: dict[str, Any]) -> str:
    """How an assessment's results (report, data) can be got, as a level."""
    found = {validated.get(f"{p}_availability") for p in ("report", "data")}
    if policy.PUBLIC in found:
        return policy.PUBLIC
    return policy.RESTRICTED if found.intersection(_ON_REQUEST) else NONE


def _assessment_level(states: list[str], townships: list[str]) -> str:
    """The finest level an assessment's places name."""
    if townships:
        return "township"
    return "national" if states == [vocab.COUNTRYWIDE] else "state_region"


def assessment_keys(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """An assessment's pivot values and places (nothing if cancelled)."""
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}") or pkg_dict
    status = str(validated.get("status") or "")
    if not status or status in NEVER_COUNTED:
        return {}
    states = _values(validated.get("geographic_coverage"))
    townships = _values(validated.get("township_coverage"))
    facts = [
        _assessment_level(states, townships),
        str(validated.get("sadd") or NONE),
        status,
        _results(validated),
    ]
    facts = [fact.replace(SEPARATOR, " ") for fact in facts]
    fields: dict[str, Any] = {}
    for field, places in ((STATE_FIELD, states), (TOWNSHIP_FIELD, townships)):
        if places:
            fields[field] = _keys(REGISTRY_CATEGORY, places, facts)
    if states or townships:
        fields[PLACES_FIELD] = list(dict.fromkeys(states + townships))
    return fields


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``, after the IM and freshness fields are set."""
    pkg_dict.pop(STATE_FIELD, None)
    pkg_dict.pop(TOWNSHIP_FIELD, None)
    pkg_dict.pop(PLACES_FIELD, None)
    if (pkg_dict.get("dataset_type") or pkg_dict.get("type")) == (
        policy.ASSESSMENT_TYPE
    ):
        pkg_dict.update(assessment_keys(pkg_dict))
        return pkg_dict
    category = str(pkg_dict.get("data_category") or "")
    if not category:
        return pkg_dict
    facts = [
        str(pkg_dict.get(name) or NONE).replace(SEPARATOR, " ")
        for name in ("admin_level", "sadd", "freshness", "sensitivity")
    ]
    states = _keys(category, _values(pkg_dict.get("geographic_coverage")), facts)
    townships = _keys(category, _values(pkg_dict.get("township_coverage")), facts)
    if states:
        pkg_dict[STATE_FIELD] = states
    if townships:
        pkg_dict[TOWNSHIP_FIELD] = townships
    return pkg_dict


def parse(key: str) -> tuple[str, str, tuple[str, str, str, str]] | None:
    """(category, place, (admin_level, sadd, freshness, sensitivity)) of a value."""
    parts = key.split(SEPARATOR)
    if len(parts) != 6:
        return None
    return parts[0], parts[1], (parts[2], parts[3], parts[4], parts[5])
