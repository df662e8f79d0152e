"""Dates of any year are indexed so that ranges and sorting find them."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_date_before_the_year_1000_is_found_by_a_range_of_its_century():
    """Written with a four-digit year (0500-...), as Solr does, not "500-..."."""
    org = factories.Organization()
    for name, day in (("early", "0500-06-01"), ("recent", "2020-06-01")):
        factories.Dataset(
            name=name,
            owner_org=org["id"],
            extras=[{"key": "temporal_coverage_start", "value": day}],
        )

    def found(query: str) -> list[str]:
        result = helpers.call_action(
            "package_search", fq=query, sort="temporal_coverage_start asc"
        )
        return [dataset["name"] for dataset in result["results"]]

    assert found(
        "temporal_coverage_start:[0400-01-01T00:00:00Z TO 0600-01-01T00:00:00Z]"
    ) == ["early"]
    assert found("temporal_coverage_start:[* TO *]") == ["early", "recent"]
