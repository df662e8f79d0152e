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
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["STATE_FIELD", "TOWNSHIP_FIELD", "SEPARATOR", "index_fields", "parse"]

STATE_FIELD = "imnet_gap"
TOWNSHIP_FIELD = "imnet_gap_township"
SEPARATOR = "|"
# Stands for a value the dataset does not have (it never names a category).
_NONE = "-"


def _values(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _keys(category: str, places: Iterable[str], facts: list[str]) -> list[str]:
    return [
        SEPARATOR.join([category, place, *facts]) for place in dict.fromkeys(places)
    ]


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``, after the IM and freshness fields are set."""
    pkg_dict.pop(STATE_FIELD, None)
    pkg_dict.pop(TOWNSHIP_FIELD, None)
    category = str(pkg_dict.get("data_category") or "")
    if not category:
        return pkg_dict
    facts = [
        str(pkg_dict.get(name) or _NONE).replace(SEPARATOR, " ")
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
