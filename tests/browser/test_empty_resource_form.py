"""A resource form sent with nothing in it adds nothing, in the browser: *Add*
on a published dataset's form returns to the dataset with a notice, also after
*Upload* was clicked and its file dialog cancelled."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan import model

from tests.browser.forms import submit

from .test_publish_journey import log_in

ADD = "button[name=save][value=go-dataset-complete]:not([hidden])"


@pytest.fixture
def dataset(latrines):
    """The published dataset with one resource: its form's button is *Add*."""
    factories.Resource(package_id=latrines["id"], url="https://example.org/a.csv")
    return latrines


def _resources() -> list[dict]:
    model.Session.remove()
    return helpers.call_action("package_show", id="latrines")["resources"]


@pytest.mark.parametrize("cancelled_upload", [False, True])
def test_add_with_nothing_returns_to_the_dataset_with_a_notice(
    live_server, page, dataset, cancelled_upload
):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/dataset/latrines/resource/new")
    if cancelled_upload:
        with page.expect_file_chooser():
            page.click("#resource-upload-button")
        # The dialog is left without a file: "upload" stays chosen.
        assert page.is_checked("#resource-url-upload")
    submit(page, ADD)
    assert page.url.endswith("/dataset/latrines")
    assert "Nothing was added: the form was empty." in page.inner_text(
        ".flash-messages"
    )
    assert len(_resources()) == 1
