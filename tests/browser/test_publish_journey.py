"""A data owner publishes a dataset through the form with only what is required,
makes a mistake, corrects it, and finishes (issue #9, items 1 and 2)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.browser.forms import SAVE, submit, wait_for_module

from .select2 import pick, shown

PASSWORD = "correct123"  # CKAN's test user factory password


@pytest.fixture
def owner(clean_db, clean_index):
    user = factories.User(name="wash-owner", password=PASSWORD)
    factories.Organization(name="other-agency", title="Another agency")
    factories.Organization(
        name="wash-cluster",
        title="WASH Cluster",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    factories.Organization(
        name="unicef",
        title="UNICEF",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    return user


def log_in(page, server, name):
    page.goto(f"{server}/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", PASSWORD)
    page.click("form button:has-text('Login')")
    page.wait_for_url("**/dashboard/**")


def choose(page, selector, *values):
    """Pick values in a select that select2 has replaced, as its change event."""
    page.eval_on_selector(
        selector,
        """(e, values) => {
             for (const o of e.options) o.selected = values.includes(o.value);
             jQuery(e).trigger('change');
           }""",
        list(values),
    )


def chosen(page, selector):
    return page.eval_on_selector_all(
        f"{selector} option:checked", "o => o.map(x => x.value)"
    )


def test_a_dataset_with_only_the_required_fields_after_a_correction(
    live_server, page, owner
):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/dataset/new")
    # A publisher of two organisations chooses one (none is chosen for them).
    assert page.eval_on_selector("#field-organizations", "e => e.value") == ""
    page.click("#field-title")
    page.keyboard.type("Water points in Sittwe camps")
    pick(page, "field-organizations", "WASH Cluster")
    pick(page, "field-data_owner", "WASH Cluster")
    page.select_option("#field-admin_level", "township")
    pick(page, "field-geographic_coverage", "Rakhine")
    pick(page, "field-township_coverage", "Sittwe")
    choose(page, "#field-collection_method", "direct_observation")
    page.select_option("#field-sadd", "none")
    page.select_option("#field-sensitivity", "restricted")
    # The sample size, optional, is left empty; the rationale is forgotten.
    submit(page, SAVE)
    main = page.inner_text("[role=main]")
    assert "Explain why access is limited" in main
    assert "Internal server error" not in page.content()
    # Everything entered is still there, exactly.
    assert chosen(page, "#field-geographic_coverage") == ["MMR012"]
    assert page.input_value("#field-data_owner") == "wash-cluster"
    assert "Sittwe (Rakhine)" in shown(page, "field-township_coverage")
    org = page.eval_on_selector(
        "#field-organizations", "e => e.selectedOptions[0].text"
    )
    assert org == "WASH Cluster"
    # The correction goes through.
    page.fill("#field-sensitivity_rationale", "Locations of water points in camps")
    page.click(SAVE)
    page.wait_for_url("**/resource/new")
    # Finish without any data: no unnamed resource is created. CKAN 2.11 asks
    # for data; CKAN 2.12 publishes the record without any (its own change).
    # (The empty file input is left out by a module: once it has started.)
    wait_for_module(page, "imnet-no-empty-upload")
    submit(page, "button[value=go-metadata]:not([hidden])")
    dataset = helpers.call_action("package_show", id="water-points-in-sittwe-camps")
    assert dataset["resources"] == []
    assert dataset["geographic_coverage"] == ["MMR012"]
    assert dataset["township_coverage"] == ["MMR012001"]
    if tk.check_ckan_version(min_version="2.12"):
        assert dataset["state"] == "active"
        page.goto(f"{live_server}/dataset/water-points-in-sittwe-camps/resource/new")
    else:
        main = page.inner_text("[role=main]")
        assert "You must add at least one data resource" in main
    # A link, then Finish.
    page.click("button:has-text('Link')")
    page.fill("input[name=url]:visible", "https://example.org/water-points.csv")
    page.fill("input[name=name]", "Water points")
    page.click(
        "button[name=save][value=go-metadata]:not([hidden]), "
        "button[name=save][value=go-dataset-complete]:not([hidden])"
    )
    page.wait_for_url("**/dataset/water-points-in-sittwe-camps")
    dataset = helpers.call_action("package_show", id="water-points-in-sittwe-camps")
    assert [r["name"] for r in dataset["resources"]] == ["Water points"]
    assert dataset["state"] == "active"
