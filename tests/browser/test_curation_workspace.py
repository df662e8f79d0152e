"""The curation workspace in the browser: a data owner opens the overdue list
from its count, ticks datasets, forgets the level of a sensitivity change
(the form comes back as entered, with the message), corrects it, and the
list is done."""

from __future__ import annotations

import datetime

import ckan.tests.factories as factories
import pytest

from ckanext.imnet import model as imnet_model
from ckanext.imnet.search import reindex
from tests.factories import im_dataset

from .test_publish_journey import PASSWORD, log_in


@pytest.fixture
def overdue(clean_db, clean_index):
    """Two monthly datasets of the WASH Cluster last updated 45 days ago."""
    editor = factories.User(
        name="wash-editor", password=PASSWORD, email="wash-editor@example.org"
    )
    org = factories.Organization(
        name="wash-cluster", users=[{"name": editor["name"], "capacity": "editor"}]
    )
    when = imnet_model.now() - datetime.timedelta(days=45)
    ids = []
    for name in ("water-points", "latrine-survey"):
        dataset = im_dataset(
            name=name,
            title=name.replace("-", " ").capitalize(),
            owner_org=org["id"],
            update_frequency="monthly",
        )
        imnet_model.backdate_dataset(dataset["id"], when)
        ids.append(dataset["id"])
    imnet_model.session().commit()
    reindex.reindex(ids)
    return ids


def test_a_data_owner_restricts_overdue_datasets_after_a_correction(
    live_server, page, overdue
):
    log_in(page, live_server, "wash-editor")
    page.goto(f"{live_server}/organization/wash-cluster")
    page.click("text=Curation")
    page.click("[data-list='freshness:overdue'] a")
    rows = page.locator("#imnet-curation-bulk tbody tr")
    assert rows.count() == 2

    page.check("#imnet-curation-bulk tbody tr[data-name='water-points'] input")
    page.check("#op-sensitivity")
    page.fill("#bulk-rationale", "Locations of water points in conflict areas")
    page.click("#imnet-curation-bulk button[type=submit]")
    # No level chosen: the message, and the form as entered.
    assert "Choose a sensitivity level" in page.inner_text(".error-explanation")
    assert page.is_checked("#op-sensitivity")
    assert page.is_checked("tr[data-name='water-points'] input")
    assert not page.is_checked("tr[data-name='latrine-survey'] input")
    assert page.input_value("#bulk-rationale") == (
        "Locations of water points in conflict areas"
    )

    page.select_option("#bulk-sensitivity", "restricted")
    page.click("#imnet-curation-bulk button[type=submit]")
    assert "Done for 1 dataset." in page.inner_text(".flash-messages, .alert")
    page.goto(f"{live_server}/dataset/water-points")
    assert "Restricted" in page.inner_text(".imnet-sensitivity")

    # Confirm the other one as current: it leaves the overdue list.
    page.goto(
        f"{live_server}/organization/wash-cluster/curation?list=freshness:overdue"
    )
    page.check("tr[data-name='latrine-survey'] input")
    page.check("#op-confirm")
    page.click("#imnet-curation-bulk button[type=submit]")
    assert "latrine-survey" not in page.content().split("imnet-curation-list")[1]
