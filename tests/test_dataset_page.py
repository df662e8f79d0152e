"""The dataset page shows the IM metadata, in English or Myanmar."""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from tests.factories import im_dataset


@pytest.fixture
def dataset(clean_db, clean_index):
    org = factories.Organization()
    return im_dataset(
        name="idp-sites",
        title="IDP sites",
        owner_org=org["id"],
        sensitivity="restricted",
        sensitivity_rationale="Locations of displaced people",
        data_owner="CCCM Cluster",
        geographic_coverage=["MMR001"],
        township_coverage=["MMR015007"],
        admin_level="point",
        sadd="sex_and_age",
        collection_method=["registration", "key_informant_interviews"],
        sector=["cccm"],
        temporal_coverage_start="2024-01-01",
        temporal_coverage_end="2024-06-30",
        update_frequency="monthly",
        methodology="Monitoring by **camp management** agencies.",
        caveats="Estimated where there is no access.",
    )


@pytest.mark.usefixtures("dataset")
def test_the_im_metadata_panel_shows_every_field(app):
    page = app.get("/dataset/idp-sites").get_data(as_text=True)
    assert "IM metadata" in page
    assert "imnet-sensitivity-restricted" in page
    for text in (
        "CCCM Cluster",
        "Kachin",
        "Shan (North)",
        "Pangwaun",  # township MMR015007, by name
        "Site or facility (coordinates)",
        "Sex and age",
        "Registration",
        "Key informant interviews",
        "Camp Coordination and Camp Management (CCCM)",
        "2024-01-01",
        "2024-06-30",
        "Monthly",
        "Locations of displaced people",
        "Estimated where there is no access.",
    ):
        assert text in page, text
    # Markdown is rendered.
    assert "<strong>camp management</strong>" in page


@pytest.mark.usefixtures("dataset")
def test_the_panel_in_myanmar(app):
    page = app.get("/my_MM/dataset/idp-sites").get_data(as_text=True)
    assert "IM မက်တာဒေတာ" in page
    assert "ကချင်ပြည်နယ်" in page  # Kachin State
    assert "ပန်ဝိုင်" in page  # Pangwaun township
    assert "ကန့်သတ်ထားသည်" in page  # Restricted
    assert "လစဉ်" in page  # Monthly


def test_the_resource_page_shows_the_facts_people_need_not_internal_fields(app):
    org = factories.Organization()
    dataset = im_dataset(owner_org=org["id"])
    resource = factories.Resource(package_id=dataset["id"], format="CSV")
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}").get_data(
        as_text=True
    )
    assert "imnet-resource-facts" in page
    assert "Data last updated" in page
    for internal in ("Package id", "Position", "Has views"):
        assert f">{internal}<" not in page
