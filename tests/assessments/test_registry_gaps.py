"""The gap matrix's *Assessments* row counts the registry's assessments by their
places, judged by the recipe, as the viewer may see them."""

from __future__ import annotations

import csv
import io

import pytest

from tests.access.conftest import headers_for
from tests.curation import conftest as curation
from tests.curation.conftest import act, dataset_of
from tests.factories import assessment

# The curation tests' people around one organisation, and their app context.
people = curation.people
_test_app = curation._test_app

WHY = "Conflict-affected townships"
# What makes an assessment's cell complete: results, townships, SADD, public.
DONE = {
    "status": "report_completed",
    "planned_start": "2026-01-01",
    "planned_end": "2026-01-31",
    "sadd": "sex_and_age",
    "report_availability": "public",
}


def _in(state: str, township: bool = True) -> dict:
    return {
        "geographic_coverage": [state],
        "township_coverage": [f"{state}001"] if township else [],
    }


@pytest.fixture
def registry(people):
    """In each State/Region one assessment at one boundary of the recipe."""
    org = people["org"]["id"]
    made = {
        "complete": {**DONE, **_in("MMR001")},
        "ongoing": {**DONE, "status": "ongoing", **_in("MMR002")},
        "cancelled": {**DONE, "status": "cancelled", **_in("MMR003")},
        "no_results": {**DONE, "report_availability": "not_available", **_in("MMR004")},
        "on_request": {
            **DONE,
            "report_availability": "",
            "data_availability": "on_request",
            **_in("MMR005"),
        },
        "state_level": {**DONE, **_in("MMR006", township=False)},
        "no_sadd": {**DONE, "sadd": "none", **_in("MMR010")},
        "confidential": {
            **DONE,
            "sensitivity": "confidential",
            "sensitivity_rationale": WHY,
            **_in("MMR013"),
        },
    }
    for name, fields in made.items():
        assessment(owner_org=org, title=f"{name} assessment", **fields)
    # A catalogue dataset of the category in the same place counts beside it.
    dataset_of(
        people["org"],
        "assessment-dataset",
        data_category="assessments",
        geographic_coverage=["MMR001"],
        admin_level="state_region",
    )
    return made


def _cell(matrix, place):
    [row] = [r for r in matrix["rows"] if r["category"] == "assessments"]
    [found] = [c for c in row["cells"] if c["place"] == place]
    return found


def _facts(found):
    return (
        found["count"],
        found["assessments"],
        found["state"],
        found["reasons"],
        found["on_request"],
    )


def test_each_status_and_product_counts_as_the_recipe_says(people, registry):
    """By State/Region and by township."""
    matrix = act(None, "imnet_gap_matrix")
    # Results, townships, SADD, a public report: complete; beside a dataset.
    assert _facts(_cell(matrix, "MMR001")) == (2, 1, "complete", [], 0)
    assert _facts(_cell(matrix, "MMR002")) == (1, 1, "partial", ["under_way"], 0)
    # A cancelled assessment is never counted.
    assert _facts(_cell(matrix, "MMR003")) == (0, 0, "empty", [], 0)
    assert _facts(_cell(matrix, "MMR004")) == (1, 1, "partial", ["no_results"], 0)
    assert _facts(_cell(matrix, "MMR005")) == (
        1,
        1,
        "partial",
        ["on_request_only"],
        1,
    )
    assert _facts(_cell(matrix, "MMR006")) == (1, 1, "partial", ["coarser"], 0)
    assert _facts(_cell(matrix, "MMR010")) == (1, 1, "partial", ["no_sadd"], 0)
    # Hidden from the public; a Network member counts it.
    assert _facts(_cell(matrix, "MMR013")) == (0, 0, "empty", [], 0)
    member = act(people["outsider"], "imnet_gap_matrix")
    assert _facts(_cell(member, "MMR013")) == (1, 1, "complete", [], 0)
    # Other rows count no assessment.
    wash = [r for r in matrix["rows"] if r["category"] == "wash"][0]
    assert all(c["count"] == 0 for c in wash["cells"])
    # By township too (the dataset names no township).
    [row] = act(None, "imnet_gap_matrix", category="assessments", state="MMR001")[
        "rows"
    ]
    [township] = [c for c in row["cells"] if c["place"] == "MMR001001"]
    assert _facts(township) == (1, 1, "complete", [], 0)


def test_a_cell_opens_the_registry_search_showing_the_same_assessments(
    app, people, registry
):
    for user in (None, people["outsider"]):
        matrix = act(user, "imnet_gap_matrix")
        [row] = [r for r in matrix["rows"] if r["category"] == "assessments"]
        for found in row["cells"]:
            search = act(
                user,
                "package_search",
                fq=f'imnet_gap_places:"{found["place"]}"',
                fq_list=["+dataset_type:assessment"],
            )
            assert search["count"] == found["assessments"], found["place"]
    page = app.get("/gaps", headers=headers_for(people["outsider"])).body
    assert "/assessment/?imnet_gap_places=MMR013" in page
    assert "/assessment/?imnet_gap_places=MMR003" not in page
    # The matrix's table of cells says how many of a count are assessments.
    cells = list(csv.reader(io.StringIO(app.get("/gaps.csv").data.decode("utf-8-sig"))))
    assert cells[0][-1] == "Of them: registry assessments"
    [kachin] = [r for r in cells if r[1] == "assessments" and r[3] == "MMR001"]
    assert (kachin[4], kachin[-1]) == ("2", "1")
    registry_page = app.get(
        "/assessment/?imnet_gap_places=MMR001",
        headers=headers_for(people["outsider"]),
    ).body
    assert "complete assessment" in registry_page
    assert "ongoing assessment" not in registry_page
