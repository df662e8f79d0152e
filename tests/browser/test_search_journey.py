"""A visitor narrows the catalogue by State/Region and sector and reads a dataset."""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from tests.browser.facets import facet_links
from tests.factories import im_dataset


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization(title="UNICEF Myanmar")
    im_dataset(
        name="rakhine-nutrition",
        title="Nutrition survey, northern Rakhine",
        owner_org=org["id"],
        geographic_coverage=["MMR012"],
        sector=["nutrition", "health"],
        data_owner="Nutrition Cluster",
        methodology="SMART methodology, two-stage cluster sampling.",
    )
    im_dataset(
        name="rakhine-schools",
        title="Schools in Rakhine",
        owner_org=org["id"],
        geographic_coverage=["MMR012"],
        sector=["education"],
    )
    im_dataset(
        name="kachin-nutrition",
        title="Nutrition survey, Kachin",
        owner_org=org["id"],
        geographic_coverage=["MMR001"],
        sector=["nutrition"],
    )


@pytest.mark.usefixtures("catalogue")
def test_visitor_filters_by_state_region_and_sector_then_reads_the_metadata(
    live_server, page
):
    page.goto(f"{live_server}/dataset/")
    assert "3 datasets found" in page.inner_text("[role=main]")

    facet_links(page, "States/Regions", has_text="Rakhine").click()
    page.wait_for_url("**geographic_coverage=MMR012**")
    assert "2 datasets found" in page.inner_text("[role=main]")

    facet_links(page, "Sectors", has_text="Nutrition").click()
    page.wait_for_url("**sector=nutrition**")
    results = page.locator(".dataset-list .dataset-heading a")
    assert results.all_inner_texts() == ["Nutrition survey, northern Rakhine"]

    results.first.click()
    page.wait_for_url("**/dataset/rakhine-nutrition")
    panel = page.locator(".imnet-metadata")
    assert panel.is_visible()
    text = panel.inner_text()
    for shown in ("Nutrition Cluster", "Rakhine", "Nutrition", "SMART methodology"):
        assert shown in text


@pytest.mark.usefixtures("catalogue")
def test_the_search_page_in_myanmar(live_server, page):
    page.goto(f"{live_server}/my_MM/dataset/")
    facets = page.inner_text("aside")
    assert "ပြည်နယ်/တိုင်းဒေသကြီးများ" in facets
    assert "ရခိုင်ပြည်နယ်" in facets
