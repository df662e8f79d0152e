"""A visitor looks for a township by name, then narrows by the Townships facet."""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from tests.browser.facets import facet_links
from tests.factories import im_dataset


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization()
    for name, title, states, townships in (
        ("union-atlas", "Union atlas", ["MMR"], []),
        ("rakhine-tables", "Rakhine township tables", ["MMR012"], []),
        ("sittwe-camps", "Camp profiles", [], ["MMR012001"]),
        ("pauktaw-survey", "Pauktaw survey", [], ["MMR012007"]),
    ):
        im_dataset(
            name=name,
            title=title,
            owner_org=org["id"],
            geographic_coverage=states,
            township_coverage=townships,
        )


@pytest.mark.usefixtures("catalogue")
def test_visitor_finds_a_township_then_filters_by_it(live_server, page):
    page.goto(f"{live_server}/dataset/")
    page.fill("#field-giant-search", "Sittwe")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=Sittwe**")

    titles = page.locator(".dataset-list .dataset-heading a").all_inner_texts()
    assert titles == ["Camp profiles", "Rakhine township tables", "Union atlas"]

    townships = facet_links(page, "Townships")
    assert townships.all_inner_texts()[0].startswith("Sittwe")
    townships.first.click()
    page.wait_for_url("**township_coverage=MMR012001**")
    titles = page.locator(".dataset-list .dataset-heading a").all_inner_texts()
    assert titles == ["Camp profiles"]


@pytest.mark.usefixtures("catalogue")
def test_visitor_searches_a_township_in_myanmar_script(live_server, page):
    page.goto(f"{live_server}/my_MM/dataset/?q=စစ်တွေ")
    titles = page.locator(".dataset-list .dataset-heading a").all_inner_texts()
    assert titles[0] == "Camp profiles"
    assert titles[-1] == "Union atlas"
    assert "မြို့နယ်များ" in page.inner_text("aside")
