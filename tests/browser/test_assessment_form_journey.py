"""An agency registers a planned assessment through the form with only what is
required, makes a mistake, corrects it and lands on the assessment's page --
one Save, no "Add data" step (issue #14)."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.browser.forms import SAVE, submit
from tests.browser.select2 import pick, shown
from tests.browser.test_publish_journey import PASSWORD, chosen, log_in


@pytest.fixture
def planner(clean_db, clean_index):
    user = factories.User(name="wash-planner", password=PASSWORD)
    factories.Organization(
        name="wash-cluster",
        title="WASH Cluster",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user


def test_an_assessment_with_only_the_required_fields_after_a_correction(
    live_server, page, planner
):
    log_in(page, live_server, "wash-planner")
    page.goto(f"{live_server}/assessment/new")
    assert page.locator(".stages").count() == 0
    assert page.inner_text(SAVE).strip() == "Save assessment"
    page.click("#field-title")
    page.keyboard.type("WASH assessment of Sittwe camps")
    page.select_option("#field-status", "planned")
    pick(page, "field-sector", "Water, Sanitation")
    # The planner's only organisation leads it; it is public unless changed.
    assert "WASH Cluster" in shown(page, "field-organizations")
    assert page.input_value("#field-private") == "False"
    page.fill("#field-maintainer", "WASH Cluster IMO")
    pick(page, "field-geographic_coverage", "Rakhine")
    pick(page, "field-township_coverage", "Sittwe")
    # The end typed before the start: a mistake.
    page.fill("#field-planned_start", "2027-03-01")
    page.fill("#field-planned_end", "2027-02-01")
    pick(page, "field-collection_method", "Direct observation")
    page.select_option("#field-sensitivity", "public")
    submit(page, SAVE)
    assert "cannot be before its start" in page.inner_text("[role=main]")
    # Everything entered is still there.
    assert page.input_value("#field-title") == "WASH assessment of Sittwe camps"
    assert chosen(page, "#field-sector") == ["wash"]
    assert chosen(page, "#field-geographic_coverage") == ["MMR012"]
    assert "Sittwe (Rakhine)" in shown(page, "field-township_coverage")
    assert page.input_value("#field-planned_start") == "2027-03-01"
    assert page.input_value("#field-maintainer") == "WASH Cluster IMO"
    # The correction saves it, and its page is shown.
    page.fill("#field-planned_end", "2027-03-31")
    page.click(SAVE)
    page.wait_for_url("**/assessment/wash-assessment-of-sittwe-camps")
    assert "Planned" in page.inner_text(".imnet-assessment-status")
    made = helpers.call_action("package_show", id="wash-assessment-of-sittwe-camps")
    assert made["state"] == "active"
    assert made["township_coverage"] == ["MMR012001"]
    assert made["planned_end"] == "2027-03-31"
    assert made["organization"]["name"] == "wash-cluster"
    assert made["private"] is False
