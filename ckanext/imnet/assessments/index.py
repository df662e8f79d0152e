"""What an assessment contributes to the search index (facets, sort, backlinks).

The IM fields an assessment shares with datasets (sector, places, methods,
sensitivity) are indexed by ``ckanext.imnet.index``; here are the registry's
own: its status, population groups, collection dates, every year of data
collection (``assessment_year``, a facet), the start of data collection
(``collection_start``, the "newest collection first" order), the partners as
free text and the ids of the catalogue datasets it links as products
(``assessment_datasets``: a dataset page lists the assessments it came from).
Each is declared in ``search/solr/imnet_fields.xml``.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from ckanext.imnet import vocab
from ckanext.imnet.access import policy
from ckanext.imnet.index import stored_values

from . import links

__all__ = [
    "DATASETS_FIELD",
    "DATE_FIELDS",
    "FIRST_DAY",
    "LAST_DAY",
    "PRODUCTS",
    "START_FIELD",
    "YEAR_FIELD",
    "collection_years",
    "index_fields",
    "plausible",
]

YEAR_FIELD = "assessment_year"
START_FIELD = "collection_start"
DATASETS_FIELD = "assessment_datasets"
DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end")
# The days data collection may fall on (``imnet_collection_date``).
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
# The products of an assessment, in the order the page lists them.
PRODUCTS = ("report", "questionnaire", "data")
_OWN_FIELDS = (
    "status",
    "population_group",
    "partners",
    YEAR_FIELD,
    START_FIELD,
    DATASETS_FIELD,
    *DATE_FIELDS,
)


def plausible(day: datetime.date) -> bool:
    """True for a day data collection may fall on (``FIRST_DAY``..``LAST_DAY``)."""
    return FIRST_DAY <= day <= LAST_DAY


def _date(value: Any) -> datetime.date | None:
    try:
        day = datetime.date.fromisoformat(str(value or "")[:10])
    except ValueError:
        return None
    # One stored before imnet_collection_date refused it is not indexed: no
    # year "1" in the facet, no two thousand years of data collection.
    return day if plausible(day) else None


def collection_years(assessment: dict[str, Any]) -> list[int]:
    """Every year of data collection: from the actual start (else the planned
    one) to the actual end (else the planned one)."""
    start = _date(assessment.get("actual_start")) or _date(
        assessment.get("planned_start")
    )
    end = _date(assessment.get("actual_end")) or _date(assessment.get("planned_end"))
    if start is None:
        return []
    if end is None or end < start:
        end = start
    return list(range(start.year, end.year + 1))


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: the registry's fields of an assessment (other
    types pass unchanged)."""
    if pkg_dict.get("type") != policy.ASSESSMENT_TYPE:
        return pkg_dict
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    for name in _OWN_FIELDS:
        pkg_dict.pop(f"extras_{name}", None)
        pkg_dict.pop(name, None)
    labels: list[str] = list(pkg_dict.get("imnet_labels") or [])
    status = validated.get("status")
    if status:
        pkg_dict["status"] = str(status)
        term = vocab.term("assessment_status", str(status))
        labels += [term.en, term.my] if term else []
    groups = stored_values(validated.get("population_group"))
    if groups:
        pkg_dict["population_group"] = groups
        for value in groups:
            term = vocab.term("population_group", value)
            labels += [term.en, term.my] if term else []
    partners = stored_values(validated.get("partners"))
    if partners:
        pkg_dict["partners"] = partners
    for name in DATE_FIELDS:
        day = _date(validated.get(name))
        if day is not None:
            pkg_dict[name] = f"{day.isoformat()}T00:00:00Z"
    start = _date(validated.get("actual_start")) or _date(
        validated.get("planned_start")
    )
    if start is not None:
        pkg_dict[START_FIELD] = f"{start.isoformat()}T00:00:00Z"
    years = collection_years(validated)
    if years:
        pkg_dict[YEAR_FIELD] = years
    linked = [
        links.link_key(str(validated[f"{product}_dataset"]))
        for product in PRODUCTS
        if validated.get(f"{product}_dataset")
    ]
    if linked:
        pkg_dict[DATASETS_FIELD] = sorted(set(linked))
    if labels:
        pkg_dict["imnet_labels"] = [label for label in labels if label]
    return pkg_dict
