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
        "CCCM / Shelter / NFI Cluster",  # data owner "CCCM Cluster", by its label
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
    assert "(CCCM/Shelter/NFI) အစုအဖွဲ့" in page  # the data owner


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_network_organisation_as_data_owner_links_to_its_page(app):
    factories.Organization(name="wfp-myanmar", title="World Food Programme Myanmar")
    publisher = factories.Organization()
    im_dataset(name="market-prices", owner_org=publisher["id"], data_owner="WFP")
    page = app.get("/dataset/market-prices").get_data(as_text=True)
    assert (
        '<dd class="imnet-field-data_owner"><a href="/organization/wfp-myanmar">'
        "World Food Programme Myanmar</a>"
    ) in page
    page = app.get("/my_MM/dataset/market-prices").get_data(as_text=True)
    assert "ကမ္ဘာ့ စားနပ်ရိက္ခာ အစီအစဉ် (WFP) မြန်မာ</a>" in page


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_an_owner_not_on_the_list_is_shown_by_the_name_given(app):
    org = factories.Organization()
    im_dataset(
        name="dialogues",
        owner_org=org["id"],
        data_owner="other",
        data_owner_other="Peace Support Fund partners",
    )
    page = app.get("/dataset/dialogues").get_data(as_text=True)
    assert '<dd class="imnet-field-data_owner">Peace Support Fund partners</dd>' in page


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
