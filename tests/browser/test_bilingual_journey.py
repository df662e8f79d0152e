"""A data owner gives a dataset a Myanmar title and description in the form; a
visitor browsing in Myanmar finds it by its Myanmar title and reads it in Myanmar,
with the English one click away (issue #10, item 1)."""

from __future__ import annotations

import re

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.browser.forms import SAVE, submit

from .select2 import pick
from .test_publish_journey import PASSWORD, choose, log_in

TITLE_MY = "စစ်တွေ စခန်းများရှိ ရေရရှိရာ နေရာများ"
NOTES_MY = "မိတ်ဖက်အဖွဲ့များ၏ လစဉ် စောင့်ကြည့်မှုမှ ရေရရှိရာ နေရာများ။"


@pytest.fixture
def owner(clean_db, clean_index):
    user = factories.User(name="wash-owner", password=PASSWORD)
    factories.Organization(
        name="wash-cluster",
        title="WASH Cluster",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user


def test_a_myanmar_title_written_in_the_form_is_what_myanmar_visitors_read(
    live_server, page, browser, owner
):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/dataset/new")
    page.click("#field-title")
    page.keyboard.type("Water points in Sittwe camps")  # the URL follows
    page.fill("#field-title_my", TITLE_MY)
    page.fill("#field-notes", "Water points from monthly partner monitoring.")
    page.fill("#field-notes_my", NOTES_MY)
    pick(page, "field-organizations", "WASH Cluster")
    page.select_option("#field-private", "False")  # published for everybody
    pick(page, "field-data_owner", "WASH Cluster")
    page.select_option("#field-admin_level", "township")
    pick(page, "field-geographic_coverage", "Rakhine")
    choose(page, "#field-collection_method", "direct_observation")
    page.select_option("#field-sadd", "none")
    page.select_option("#field-sensitivity", "public")
    submit(page, SAVE)
    assert "error" not in page.inner_text("[role=main]").lower()
    page.wait_for_url("**/resource/new")
    page.click("button:has-text('Link')")
    page.fill("input[name=url]:visible", "https://example.org/water-points.csv")
    page.fill("input[name=name]", "Water points")
    page.click("button[value=go-metadata]:not([hidden])")
    page.wait_for_url("**/dataset/water-points-in-sittwe-camps")
    stored = helpers.call_action("package_show", id="water-points-in-sittwe-camps")
    assert (stored["title_my"], stored["notes_my"]) == (TITLE_MY, NOTES_MY)

    # A visitor (no login) browsing in Myanmar searches in Myanmar.
    visitor = browser.new_context()
    visitor.route(
        re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort()
    )
    other = visitor.new_page()
    other.goto(f"{live_server}/my_MM/dataset/")
    other.fill("#field-giant-search", "ရေရရှိရာ")
    other.keyboard.press("Enter")
    other.wait_for_url("**q=**")
    results = other.locator(".dataset-list .dataset-heading a")
    assert results.all_inner_texts() == [TITLE_MY]
    results.first.click()
    other.wait_for_url("**/dataset/water-points-in-sittwe-camps")
    assert other.inner_text("h1").strip() == TITLE_MY
    assert NOTES_MY in other.inner_text(".imnet-notes")
    assert other.title().startswith(TITLE_MY)
    # The English description is one click away.
    english = other.locator(".imnet-other-notes .notes")
    assert not english.is_visible()
    other.click(".imnet-other-notes summary")
    assert "monthly partner monitoring" in english.inner_text()
    visitor.close()
