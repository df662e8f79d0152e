"""The registry in the curation workspace: overdue statuses counted for the
curator, each count opening the registry search that shows the same."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from tests.access.conftest import headers_for
from tests.curation import conftest as curation
from tests.curation.conftest import act
from tests.factories import assessment

# The curation tests' people around one organisation, and their app context.
people = curation.people
_test_app = curation._test_app


@pytest.fixture
def registry(people, iso_day):
    org, other = people["org"]["id"], people["other_org"]["id"]
    assessment(
        owner_org=org,
        title="Late start survey",
        planned_start=iso_day(-1),
        planned_end=iso_day(9),
    )
    assessment(
        owner_org=org,
        title="Late end survey",
        status="ongoing",
        planned_start=iso_day(-20),
        planned_end=iso_day(-1),
        actual_start=iso_day(-20),
        sensitivity="strictly_confidential",
        sensitivity_rationale="Conflict-affected townships",
    )
    assessment(
        owner_org=org,
        title="Starts today survey",
        planned_start=iso_day(0),
        planned_end=iso_day(9),
    )
    assessment(
        owner_org=org,
        title="Reported survey",
        status="report_completed",
        planned_start=iso_day(-60),
        planned_end=iso_day(-50),
    )
    assessment(
        owner_org=other,
        title="Other agency survey",
        planned_start=iso_day(-5),
        planned_end=iso_day(5),
    )


def test_the_workspace_counts_the_overdue_statuses_its_curator_sees(people, registry):
    for who in ("owner", "editor", "mimu"):
        counts = act(people[who], "imnet_curation_summary", organization="owning-org")
        assert counts["assessments"] == {"start": 1, "end": 1, "overdue": 2}
        # Assessments are not IM datasets: not in the datasets' counts.
        assert counts["count"] == 0
    catalogue = act(people["mimu"], "imnet_curation_summary")
    assert catalogue["assessments"] == {"start": 2, "end": 1, "overdue": 3}


def _titles(page: str) -> set[str]:
    found = re.findall(r"(\w+ \w+ survey)", html_lib.unescape(page))
    return set(found)


def test_each_count_opens_the_registry_search_showing_the_same(app, people, registry):
    editor = headers_for(people["editor"])
    page = app.get("/organization/owning-org/curation", headers=editor).body
    assert "Assessments whose status is overdue" in page
    assert "Planned, past their start date" in page
    links = re.findall(r'href="(/assessment/\?[^"]+)"', page)
    assert len(links) == 2
    start, end = (html_lib.unescape(link) for link in links)
    assert _titles(app.get(start, headers=editor).body) == {"Late start survey"}
    assert _titles(app.get(end, headers=editor).body) == {"Late end survey"}
    # The same search for someone else holds only what they may see.
    assert _titles(app.get(end).body) == set()
    mimu = headers_for(people["mimu"])
    catalogue = app.get("/ckan-admin/curation", headers=mimu).body
    start = html_lib.unescape(re.findall(r'href="(/assessment/\?[^"]+)"', catalogue)[0])
    assert "organization" not in start
    assert _titles(app.get(start, headers=mimu).body) == {
        "Late start survey",
        "Other agency survey",
    }
