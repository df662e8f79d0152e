"""An agency registers an assessment where another agency is already
assessing: the form warns before saving, names the other assessment and its
contact, saving goes ahead, and the saved page warns too (issue #14)."""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from tests.browser.forms import SAVE, submit
from tests.browser.select2 import pick
from tests.browser.test_publish_journey import PASSWORD, choose, log_in
from tests.factories import assessment


@pytest.fixture
def registry(clean_db, clean_index):
    """An editor of one agency; another agency's WASH assessment in Lashio."""
    editor = factories.User(name="lead-editor", password=PASSWORD)
    factories.Organization(
        name="lead-agency",
        title="Lead Agency",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    other = factories.Organization(name="shelter-partners", title="Shelter Partners")
    assessment(
        owner_org=other["id"],
        name="shan-wash-survey",
        title="Northern Shan WASH survey",
        sector=["wash"],
        geographic_coverage=[],
        township_coverage=["MMR015001", "MMR015014"],
        planned_start="2026-12-01",
        planned_end="2026-12-31",
        maintainer="Daw Aye",
        maintainer_email="aye@shelter.example.org",
    )
    return editor


def test_the_form_warns_of_an_overlap_before_saving_and_the_page_after(
    live_server, page, registry
):
    log_in(page, live_server, "lead-editor")
    page.goto(f"{live_server}/assessment/new")
    panel = page.locator("#imnet-overlaps-form")
    assert "Choose the places, sectors and collection dates" in panel.inner_text()
    page.click("#field-title")
    page.keyboard.type("Lashio water and sanitation assessment")
    pick(page, "field-organizations", "Lead Agency")
    choose(page, "#field-status", "planned")
    choose(page, "#field-sector", "wash")
    pick(page, "field-township_coverage", "Lashio")
    page.fill("#field-planned_start", "2026-12-20")
    page.fill("#field-planned_end", "2027-01-20")
    # The warning appears as the fields are filled in, before saving.
    warning = panel.locator(".imnet-overlap")
    warning.wait_for()
    text = warning.inner_text()
    assert "Northern Shan WASH survey" in text
    assert "Shelter Partners" in text
    assert "Daw Aye" in text
    assert "1 shared township: Lashio" in text
    assert "collection windows overlap by 12 days" in text
    mail = warning.locator("a[href^='mailto:']")
    assert mail.get_attribute("href") == "mailto:aye@shelter.example.org"
    status = panel.locator("[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert "overlap: 1" in status.inner_text()
    # Saving is not blocked.
    choose(page, "#field-collection_method", "household_survey")
    page.fill("#field-maintainer", "U Kyaw")
    page.select_option("#field-sensitivity", "public")
    submit(page, SAVE)
    assert "/assessment/new" not in page.url  # saved, not sent back with errors
    page.goto(f"{live_server}/assessment/lashio-water-and-sanitation-assessment")
    saved = page.locator("#imnet-overlaps")
    assert "Northern Shan WASH survey" in saved.inner_text()
    assert "aye@shelter.example.org" in saved.inner_text()
