"""A visitor lands on the Network's home page and goes from a count to the search."""

from __future__ import annotations

import re

import ckan.tests.factories as factories
import pytest

from tests.factories import im_dataset


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization(title="UNICEF Myanmar")
    for name, places in (
        ("rakhine-nutrition", ["MMR012"]),
        ("kachin-schools", ["MMR001"]),
    ):
        im_dataset(name=name, owner_org=org["id"], geographic_coverage=places)
    im_dataset(
        name="rakhine-idp-sites",
        owner_org=org["id"],
        geographic_coverage=["MMR012"],
        sensitivity="restricted",
        sensitivity_rationale="Locations of people at risk",
    )


@pytest.mark.usefixtures("catalogue")
def test_a_visitor_reads_what_the_catalogue_is_and_follows_a_count(live_server, page):
    page.goto(f"{live_server}/")
    assert page.locator("h1.imnet-home-title").is_visible()
    assert "MIMU" in page.inner_text(".imnet-home-hero")
    assert not page.locator("img[src*='ckan-logo']").count()
    assert "How to request restricted data" in page.inner_text("#imnet-home-request")

    rakhine = page.locator("#imnet-home-places a[data-value='MMR012']")
    assert rakhine.get_attribute("data-count") == "2"
    rakhine.click()
    page.wait_for_url(re.compile(r"geographic_coverage=MMR012"))
    assert "2 datasets found" in page.inner_text("body")


@pytest.mark.usefixtures("catalogue")
def test_the_myanmar_home_page_searches_and_reads_in_myanmar(live_server, page):
    page.goto(f"{live_server}/my_MM/")
    hero = page.inner_text(".imnet-home-hero")
    assert "သတင်းအချက်အလက် စီမံခန့်ခွဲမှု ကွန်ရက်" in hero
    assert "Information Management Network" not in hero
    page.fill("#imnet-home-q", "nutrition")
    page.press("#imnet-home-q", "Enter")
    page.wait_for_url(re.compile(r"/my_MM/dataset/\?q=nutrition"))
    assert page.locator("a[href*='rakhine-nutrition']").count()
