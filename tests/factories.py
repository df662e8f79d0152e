"""Test data: the IM metadata standard fully filled in, or only what it requires."""

from __future__ import annotations

import uuid
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

IM_FIELDS: dict[str, Any] = {
    "sensitivity": "public",
    "data_owner": "department_of_population",
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
    "title_my": "ပြည်တွင်းနေရပ်စွန့်ခွာသူများ စခန်းများ",
    "notes_my": "စခန်းများနှင့် စခန်းပုံစံ နေရာများ၏ စာရင်း။",
    "sensitivity": "restricted",
    "sensitivity_rationale": "Exact locations of IDP sites (Do No Harm)",
    "data_owner": "cccm_shelter_nfi_cluster",
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


# What the schema requires and nothing more: a public dataset that is not
# geographic needs no coverage, and its title defaults to its name.
REQUIRED_ONLY: dict[str, Any] = {
    "sensitivity": "public",
    "data_owner": "ministry_of_health",
    "admin_level": "not_geographic",
    "sadd": "none",
    "collection_method": ["administrative_records"],
}


def _site_user() -> dict[str, Any]:
    return helpers.call_action("get_site_user")


def bare_organization(**fields: Any) -> dict[str, Any]:
    """An organisation created through the API with only a name (no title)."""
    return helpers.call_action(
        "organization_create",
        context={"user": _site_user()["name"]},
        **{"name": f"org-{uuid.uuid4().hex[:12]}", **fields},
    )


def required_only_dataset(owner_org: str, **fields: Any) -> dict[str, Any]:
    """A dataset created through the API with only the required fields.

    Unlike the factories, nothing is filled in: no title, no description.
    ``fields`` add to (or override) ``REQUIRED_ONLY``.
    """
    return helpers.call_action(
        "package_create",
        context={"user": _site_user()["name"]},
        **{
            "name": f"dataset-{uuid.uuid4().hex[:12]}",
            "owner_org": owner_org,
            **REQUIRED_ONLY,
            **fields,
        },
    )


def im_dataset(**fields: Any) -> dict[str, Any]:
    """A dataset with valid IM metadata; ``fields`` override the defaults."""
    return factories.Dataset(**{**IM_FIELDS, **fields})


# What an assessment of the registry requires: where, when, what, how, who to
# ask and how sensitive (``schemas/assessment.yaml``).
ASSESSMENT_FIELDS: dict[str, Any] = {
    "status": "planned",
    "sector": ["wash"],
    "geographic_coverage": ["MMR013"],
    "township_coverage": ["MMR013001"],
    "planned_start": "2026-12-01",
    "planned_end": "2026-12-31",
    "collection_method": ["household_survey"],
    "maintainer": "Assessment focal point",
    "maintainer_email": "assessments@example.org",
    "sensitivity": "public",
}


def assessment(**fields: Any) -> dict[str, Any]:
    """An assessment of the registry; ``fields`` override the defaults (give
    ``owner_org``, the lead agency, and a ``user`` to create it as)."""
    user = fields.pop("user", None) or _site_user()
    return helpers.call_action(
        "package_create",
        context={"user": user["name"]},
        **{
            "type": "assessment",
            "name": f"assessment-{uuid.uuid4().hex[:12]}",
            "title": "Joint WASH assessment",
            **ASSESSMENT_FIELDS,
            **fields,
        },
    )
