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


# Every field of the standard, as package_show gives it back (States/Regions
# include the townships' own, lists in vocabulary order).
FULLY_FILLED: dict[str, Any] = {
    "sensitivity": "restricted",
    "sensitivity_rationale": "Exact locations of IDP sites (Do No Harm)",
    "data_owner": "CCCM Cluster",
    "source": "Camp management agencies",
    "admin_level": "point",
    "geographic_coverage": ["MMR001", "MMR015"],
    "township_coverage": ["MMR001002", "MMR015007"],
    "sadd": "sex_and_age",
    "other_disaggregation": ["disability", "displacement_status"],
    "collection_method": ["key_informant_interviews", "registration"],
    "sector": ["cccm", "shelter_nfi"],
    "data_category": "security_protection",
    "temporal_coverage_start": "2024-01-01",
    "temporal_coverage_end": "2024-06-30",
    "update_frequency": "monthly",
    "unit_of_analysis": "facility_site",
    "sample_size": "87",
    "methodology": "Site monitoring by camp management agencies.",
    "caveats": "Sites without access are estimated.",
    "uses_pcodes": "true",
    "access_conditions": "Humanitarian use only.",
    "language": ["english", "myanmar"],
}


def im_dataset(**fields: Any) -> dict[str, Any]:
    """A dataset with valid IM metadata; ``fields`` override the defaults."""
    return factories.Dataset(**{**IM_FIELDS, **fields})
