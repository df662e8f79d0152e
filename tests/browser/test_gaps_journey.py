"""The gap matrix journey (issue #13): a visitor finds the page in the main
navigation, reads a cell and opens its datasets; a MIMU admin marks a cell not
applicable with a comment, which everyone then sees."""

from __future__ import annotations

import re

import ckan.tests.factories as factories
import pytest

from tests.factories import im_dataset

from .test_publish_journey import PASSWORD, log_in


@pytest.fixture
def catalogue(clean_db, clean_index):
    factories.Sysadmin(name="mimu-admin", password=PASSWORD, email="mimu@example.org")
    org = factories.Organization(name="unfpa")
    im_dataset(
        name="kachin-population",
        title="Kachin population by township",
        owner_org=org["id"],
        geographic_coverage=["MMR001"],
        data_category="demographic",
        update_frequency="annual",
    )
    im_dataset(
        name="kachin-population-district",
        title="Kachin population by district",
        owner_org=org["id"],
        geographic_coverage=["MMR001"],
        admin_level="district",
        data_category="demographic",
        update_frequency="annual",
    )


def test_a_visitor_opens_a_cell_and_an_admin_judges_another(
    live_server, browser, page, catalogue
):
    page.goto(live_server)
    page.click("nav >> text=Data gaps")
    page.wait_for_url("**/gaps")
    cell = page.locator("#demographic-MMR001")
    assert cell.get_attribute("data-state") == "complete"
    assert cell.locator(".imnet-gap__count").inner_text() == "2"
    # Every state is named in the legend, with its symbol.
    legend = page.inner_text(".imnet-gaps-legend")
    for word in ("● Complete", "◐ Partial", "○ Empty", "— Not applicable"):
        symbol, name = word.split(" ", 1)
        assert symbol in legend and name in legend
    cell.locator("a.imnet-gap__link").click()
    page.wait_for_url(
        "**/dataset/?data_category=demographic&geographic_coverage=MMR001"
    )
    assert "2 datasets found" in page.inner_text("body")
    assert "Kachin population by district" in page.inner_text("body")

    # A MIMU admin marks the Union cell of hazard data not applicable.
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    admin_page = admin.new_page()
    admin_page.set_default_timeout(15000)
    log_in(admin_page, live_server, "mimu-admin")
    admin_page.goto(f"{live_server}/gaps")
    admin_page.click("a[aria-label='Judge Hazard in MMR']")
    admin_page.check("#state-not_applicable")
    admin_page.fill("#gap-comment", "Hazard data is mapped by State/Region only")
    admin_page.click("button:has-text('Save judgement')")
    admin_page.wait_for_url("**/gaps#hazard-MMR")
    assert "The cell's judgement is saved." in admin_page.inner_text("body")
    admin.close()

    # The visitor sees the judgement and its comment.
    page.goto(f"{live_server}/gaps")
    judged = page.locator("#hazard-MMR")
    assert judged.get_attribute("data-state") == "not_applicable"
    assert "Hazard data is mapped by State/Region only" in judged.get_attribute("title")
    assert "Hazard data is mapped by State/Region only" in page.inner_text(
        ".imnet-gaps-judged"
    )
    # Visitors get no judging links.
    assert page.locator("a.imnet-gap__judge").count() == 0


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_matrix_prints_on_one_landscape_page(live_server, page, catalogue, paper):
    page.goto(f"{live_server}/gaps")
    pdf = page.pdf(format=paper, landscape=True, print_background=True)
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == 1
    page.emulate_media(media="print")
    # The site's navigation and the buttons are not printed; the matrix is.
    assert not page.locator(".imnet-gaps-actions").is_visible()
    assert page.locator("#imnet-gap-matrix").is_visible()
