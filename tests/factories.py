"""Test data with the IM metadata standard filled in."""

from __future__ import annotations

from typing import Any

import ckan.tests.factories as factories

IM_FIELDS: dict[str, Any] = {
    "sensitivity": "public",
    "data_owner": "Department of Population",
    "admin_level": "township",
    "geographic_coverage": ["MMR013"],
    "sadd": "sex_and_age",
    "collection_method": ["census"],
    "sector": ["population_demography"],
    "data_category": "demographic",
    "uses_pcodes": "true",
}


def im_dataset(**fields: Any) -> dict[str, Any]:
    """A dataset with valid IM metadata; ``fields`` override the defaults."""
    return factories.Dataset(**{**IM_FIELDS, **fields})
