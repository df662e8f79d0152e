"""Enter in a field of the dataset form sends it as its save button does
(it opened the URL's "Edit" box instead): an edited dataset is updated -- on
CKAN 2.12 not unpublished --, a new one goes on, and a mistake is shown with
everything typed kept."""

from __future__ import annotations

import ckan.tests.helpers as helpers
from ckan import model

from .test_publish_journey import log_in


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
