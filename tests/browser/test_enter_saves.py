"""Enter in a field of the dataset form sends it as its save button does
(it opened the URL's "Edit" box instead): an edited dataset is updated -- on
CKAN 2.12 not unpublished --, a new one goes on, and a mistake is shown with
everything typed kept."""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest
from ckan import model

from .test_publish_journey import log_in, wait_for_module


def _press_enter_in(page, selector: str) -> None:
    with page.expect_navigation():
        page.press(selector, "Enter")
    page.wait_for_load_state()


def _stored() -> dict:
    """The dataset as saved by the server (not as this session last read it)."""
    model.Session.remove()
    return helpers.call_action("package_show", id="latrines")


def test_enter_in_the_title_updates_the_dataset(live_server, page, latrines):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/dataset/edit/latrines")
    page.click("#field-title")
    page.keyboard.press("End")
    page.keyboard.type(" in Sittwe camps")
    _press_enter_in(page, "#field-title")
    assert page.url.endswith("/dataset/latrines")
    shown = _stored()
    assert shown["title"] == "Latrines in Sittwe camps"
    assert shown["state"] == "active"
    assert "Latrines in Sittwe camps" in page.inner_text("h1")


def test_enter_with_a_mistake_shows_the_error_and_keeps_the_typing(
    live_server, page, latrines
):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/dataset/edit/latrines")
    page.fill("#field-version", "second")
    page.fill("#field-sample_size", "about 200")
    _press_enter_in(page, "#field-sample_size")
    assert "/dataset/edit/latrines" in page.url
    assert "Sample size" in page.inner_text(".error-explanation")
    assert page.input_value("#field-sample_size") == "about 200"
    assert page.input_value("#field-version") == "second"
    assert not _stored().get("version")
    # Corrected, Enter again: saved.
    page.fill("#field-sample_size", "200")
    _press_enter_in(page, "#field-sample_size")
    assert page.url.endswith("/dataset/latrines")
    assert _stored()["sample_size"] == "200"


def test_enter_on_a_new_dataset_asks_for_what_is_missing(live_server, page, latrines):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/dataset/new")
    page.click("#field-title")
    page.keyboard.type("Water points in Sittwe camps")
    _press_enter_in(page, "#field-title")
    # Sent, not taken for the URL's "Edit": the form again, with its errors.
    assert "/dataset/new" in page.url
    assert "Sensitivity" in page.inner_text(".error-explanation")
    assert page.input_value("#field-title") == "Water points in Sittwe camps"


@pytest.fixture
def draft(latrines):
    """ "latrines" at the second step of being added: a draft, no data yet."""
    package = model.Package.get("latrines")
    package.state = "draft"
    model.repo.commit()
    return latrines


def _add_a_link_and_press_enter(page, live_server) -> None:
    page.goto(f"{live_server}/dataset/latrines/resource/new")
    wait_for_module(page, "imnet-no-empty-upload")
    page.click("button:has-text('Link')")
    page.fill("input[name=url]:visible", "https://example.org/latrines.csv")
    page.fill("input[name=name]", "Latrine counts")
    _press_enter_in(page, "input[name=name]")


def test_enter_in_a_new_datasets_resource_finishes_it(live_server, page, draft):
    log_in(page, live_server, "wash-owner")
    _add_a_link_and_press_enter(page, live_server)
    # As "Finish": the data is added and the dataset published -- not
    # "Previous" (the form's first button), which went back to the first step.
    assert page.url.endswith("/dataset/latrines")
    shown = _stored()
    assert [r["name"] for r in shown["resources"]] == ["Latrine counts"]
    assert shown["state"] == "active"


def test_enter_in_a_published_datasets_new_resource_adds_it(
    live_server, page, latrines
):
    log_in(page, live_server, "wash-owner")
    _add_a_link_and_press_enter(page, live_server)
    # As "Add": back to the dataset -- not "Save & add another".
    assert page.url.endswith("/dataset/latrines")
    assert [r["name"] for r in _stored()["resources"]] == ["Latrine counts"]
    assert "Latrine counts" in page.inner_text("[role=main]")


@pytest.fixture
def organisation_admin(clean_db, clean_index):
    """ "wash-admin", admin of the WASH Cluster, and a MIMU administrator."""
    import ckan.tests.factories as factories

    from tests.browser.test_publish_journey import PASSWORD

    admin = factories.User(name="wash-admin", password=PASSWORD)
    factories.Sysadmin(name="mimu-admin", password=PASSWORD)
    return factories.Organization(
        name="wash-cluster",
        title="WASH Cluster",
        users=[{"name": admin["name"], "capacity": "admin"}],
    )


def test_enter_in_an_organisations_title_saves_it(
    live_server, page, organisation_admin
):
    log_in(page, live_server, "wash-admin")
    page.goto(f"{live_server}/organization/edit/wash-cluster")
    page.click("#field-name")
    page.keyboard.press("End")
    page.keyboard.type(" Myanmar")
    _press_enter_in(page, "#field-name")
    # Saved -- not the URL's "Edit", which opened the URL field.
    assert page.url.endswith("/organization/wash-cluster")
    model.Session.remove()
    shown = helpers.call_action("organization_show", id="wash-cluster")
    assert shown["title"] == "WASH Cluster Myanmar"


@pytest.mark.parametrize(
    "kind, title, name",
    [
        ("organization", "Health Cluster", "health-cluster"),
        ("group", "Flood response", "flood-response"),
    ],
)
def test_enter_in_a_new_organisations_or_groups_title_creates_it(
    live_server, page, organisation_admin, kind, title, name
):
    log_in(page, live_server, "mimu-admin")
    page.goto(f"{live_server}/{kind}/new")
    page.click("#field-name")
    page.keyboard.type(title)
    _press_enter_in(page, "#field-name")
    assert page.url.endswith(f"/{kind}/{name}")
    model.Session.remove()
    assert helpers.call_action(f"{kind}_show", id=name)["title"] == title
