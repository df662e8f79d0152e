"""The registry's inventory: /assessment/inventory.csv and .xlsx, per persona."""

from __future__ import annotations

import pytest

from tests.access.conftest import headers_for
from tests.factories import assessment, im_dataset
from tests.inventory import conftest as inventory
from tests.inventory.conftest import read_csv, read_xlsx

# The inventory tests' people around two organisations.
people = inventory.people

WHY = "Conflict-affected townships"


@pytest.fixture
def registry(people):
    """A public assessment with every column filled, a confidential and a
    strictly confidential one, and a catalogue dataset that is not one."""
    org = people["org"]["id"]
    restricted = im_dataset(
        owner_org=org,
        name="survey-data",
        title="Survey data",
        sensitivity="restricted",
        sensitivity_rationale=WHY,
    )
    im_dataset(owner_org=org, name="survey-tools", title="Survey tools")
    full = assessment(
        owner_org=org,
        name="public-msna",
        title="Public assessment",
        title_my="အများပြည်သူ လေ့လာဆန်းစစ်မှု",
        partners=["Partner NGO", "Township committee"],
        status="ongoing",
        sector=["wash", "health"],
        geographic_coverage=["MMR013"],
        township_coverage=["MMR013001"],
        planned_start="2026-01-05",
        planned_end="2026-02-20",
        actual_start="2026-01-10",
        collection_method=["household_survey", "key_informant_interviews"],
        unit_of_analysis="household",
        population_group=["idps", "host_communities"],
        sample_size="1200",
        sadd="sex_and_age",
        report_availability="public",
        report_url="https://reports.example.org/msna.pdf",
        questionnaire_availability="public",
        questionnaire_dataset="survey-tools",
        data_availability="public",
        data_dataset="survey-data",
        maintainer="MSNA focal point",
        maintainer_email="msna@example.org",
    )
    assessment(
        owner_org=org,
        title="Confidential assessment",
        sensitivity="confidential",
        sensitivity_rationale=WHY,
        report_availability="public",
        report_url="https://reports.example.org/confidential.pdf",
    )
    assessment(
        owner_org=org,
        title="Strictly confidential assessment",
        sensitivity="strictly_confidential",
        sensitivity_rationale=WHY,
    )
    return {"full": full, "restricted": restricted}


def _titles(rows) -> set[str]:
    return {row["Title"] for row in rows}


def test_each_persona_exports_the_assessments_they_see_never_strictly_confidential(
    app, people, registry
):
    seen = {"Public assessment", "Confidential assessment"}
    for who, expected in (
        (None, {"Public assessment"}),
        ("outsider", seen),
        ("owner", seen),
        ("mimu", seen),
    ):
        headers = headers_for(people[who]) if who else {}
        rows = read_csv(app.get("/assessment/inventory.csv", headers=headers))
        assert _titles(rows) == expected, who
        # A public report of a record that is not public: no link.
        for row in rows:
            if row["Title"] == "Confidential assessment":
                assert row["Report: availability"] == "Public"
                assert row["Report: link"] == ""
        # And the catalogue's inventory holds datasets, not assessments.
        datasets = read_csv(app.get("/dataset/inventory.csv", headers=headers))
        assert _titles(datasets) == {"Survey data", "Survey tools"}


def test_a_row_holds_the_assessment_columns_in_words(app, people, registry):
    [row] = read_csv(app.get("/assessment/inventory.csv?q=Public"))
    assert row["Title (Myanmar)"] == "အများပြည်သူ လေ့လာဆန်းစစ်မှု"
    assert row["Link"].endswith("/assessment/public-msna")
    assert row["Lead agency"] == "Owning Organisation"
    assert row["Partners"] == "Partner NGO; Township committee"
    assert row["Status"] == "Ongoing"
    assert row["States/Regions covered"] == "Yangon"
    assert row["Township Pcodes"] == "MMR013001"
    assert (row["Planned start"], row["Actual start"]) == ("2026-01-05", "2026-01-10")
    assert row["Actual end"] == ""
    assert row["Collection methods"] == "Household survey; Key informant interviews"
    assert row["Population groups"] == ("Internally displaced people; Host communities")
    assert row["Sample size"] == "1200"
    assert row["Report: availability"] == "Public"
    assert row["Report: link"] == "https://reports.example.org/msna.pdf"
    # Held in a public dataset of the catalogue: its page.
    assert row["Questionnaire: availability"] == "Public"
    assert row["Questionnaire: link"].endswith("/dataset/survey-tools")
    # Public data held in a restricted dataset: no link.
    assert row["Data: availability"] == "Public"
    assert row["Data: link"] == ""
    assert (row["Contact"], row["Contact email"]) == (
        "MSNA focal point",
        "msna@example.org",
    )


def test_the_workbook_has_the_assessments_and_their_columns_described(
    app, people, registry
):
    sheets = read_xlsx(app.get("/assessment/inventory.xlsx"))
    assert list(sheets) == ["Assessments", "Columns"]
    [row] = sheets["Assessments"]
    assert row["Title"] == "Public assessment" and row["Sample size"] == 1200
    described = {r["Column"] for r in sheets["Columns"]}
    assert {"Status", "Report: link", "Population groups"} <= described


def test_the_registry_search_offers_its_own_export_of_the_same_search(
    app, people, registry
):
    page = app.get("/assessment/?sensitivity=public").body
    assert "/assessment/inventory.csv?sensitivity=public" in page
    assert "/assessment/inventory.xlsx?sensitivity=public" in page
    assert "/dataset/inventory.csv" not in page
    assert "/dataset/inventory.csv" in app.get("/dataset/").body
