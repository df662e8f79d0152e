"""A data owner sees that a dataset is overdue and confirms with one click that
it is still current; visitors then see it fresh (issue #12, freshness)."""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from tests.curation.conftest import aged
from tests.factories import im_dataset

from .test_publish_journey import PASSWORD, log_in


@pytest.fixture
def overdue(clean_db, clean_index):
    user = factories.User(name="cccm-editor", password=PASSWORD)
    org = factories.Organization(
        name="cccm-cluster",
        users=[{"name": user["name"], "capacity": "editor"}],
    )
    dataset = im_dataset(
        name="idp-sites",
        title="IDP sites",
        owner_org=org["id"],
        update_frequency="monthly",
    )
    return aged(dataset, 50)


def test_an_owner_confirms_an_overdue_dataset_as_current(live_server, page, overdue):
    page.goto(f"{live_server}/dataset/?freshness=overdue")
    assert "IDP sites" in page.inner_text(".dataset-list")
    log_in(page, live_server, "cccm-editor")
    page.goto(f"{live_server}/dataset/idp-sites")
    assert page.inner_text("#imnet-freshness .imnet-freshness").strip() == "Overdue"
    page.fill("#imnet-confirm-note", "Same sites as last month; verified by phone")
    page.click("text=Confirm still current")
    page.wait_for_url("**/dataset/idp-sites")
    assert "Confirmed as current on" in page.inner_text(".flash-messages")
    assert page.inner_text("#imnet-freshness .imnet-freshness").strip() == "Fresh"
    assert "Same sites as last month" in page.inner_text("#imnet-freshness")
    # The search filter agrees at once.
    page.goto(f"{live_server}/dataset/?freshness=overdue")
    assert "IDP sites" not in page.inner_text("body")
