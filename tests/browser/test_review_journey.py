"""The review journey (issue #12): a data owner edits an IM field, the dataset
appears in the MIMU admin's review facet, the admin asks for changes with a
comment, the owner sees it on the page and by mail, edits, and the admin marks
the dataset reviewed."""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from ckanext.imnet import model as imnet_model
from ckanext.imnet.search import reindex
from tests.browser.forms import SAVE
from tests.factories import FULLY_FILLED, im_dataset
from tests.mail import smtp  # noqa: F401 - fixture

from .test_publish_journey import PASSWORD, log_in


@pytest.fixture
def reviewed(clean_db, clean_index):
    """A dataset of the WASH Cluster that MIMU has reviewed."""
    factories.Sysadmin(name="mimu-admin", password=PASSWORD, email="mimu@example.org")
    owner = factories.User(
        name="wash-editor", password=PASSWORD, email="wash-editor@example.org"
    )
    org = factories.Organization(
        name="wash-cluster", users=[{"name": owner["name"], "capacity": "editor"}]
    )
    # Every IM field filled: a save of the form must read them all back equal.
    dataset = im_dataset(
        **{
            **FULLY_FILLED,
            "name": "water-points",
            "title": "Water points",
            "owner_org": org["id"],
            "sadd": "none",
        }
    )
    row = imnet_model.review(dataset["id"])
    row.state = "reviewed"
    imnet_model.session().commit()
    reindex.reindex([dataset["id"]])
    return dataset


def _review_facet(page, server):
    page.goto(f"{server}/dataset/?review_state=unreviewed")
    return page.inner_text("body")


def _edit_sadd(page, server, value):
    page.goto(f"{server}/dataset/edit/water-points")
    page.select_option("#field-sadd", value)
    page.click(SAVE)
    page.wait_for_url("**/dataset/water-points")


def test_a_curator_asks_for_changes_and_the_owner_makes_them(
    live_server,
    browser,
    reviewed,
    smtp,  # noqa: F811
):
    owner = browser.new_context().new_page()
    curator = browser.new_context().new_page()
    log_in(curator, live_server, "mimu-admin")
    assert "Water points" not in _review_facet(curator, live_server)

    # The owner changes an IM field: the dataset is back in the queue.
    log_in(owner, live_server, "wash-editor")
    _edit_sadd(owner, live_server, "sex_only")
    assert "Water points" in _review_facet(curator, live_server)
    curator.goto(f"{live_server}/dataset/")
    assert "Not yet reviewed" in curator.inner_text(".filters")

    # The curator asks for changes with a comment.
    curator.goto(f"{live_server}/dataset/water-points")
    curator.fill("#imnet-review-comment", "Give the sex and age groups used.")
    curator.click("#imnet-review button[value=changes_requested]")
    curator.wait_for_url("**/dataset/water-points")
    assert "Changes requested" in curator.inner_text("#imnet-review")

    # The owner sees it on the page and by mail; the owner has no facet.
    owner.goto(f"{live_server}/dataset/water-points")
    panel = owner.inner_text("#imnet-review")
    assert "Changes requested" in panel
    assert "Give the sex and age groups used." in panel
    assert owner.locator("#imnet-review form").count() == 0
    [message] = smtp.to("wash-editor@example.org")
    assert smtp.subject(message) == "Changes requested to a dataset: Water points"
    assert "Give the sex and age groups used." in smtp.body(message)
    owner.goto(f"{live_server}/dataset/")
    assert "Not yet reviewed" not in owner.inner_text("body")

    # The owner edits; the curator marks it reviewed.
    _edit_sadd(owner, live_server, "sex_and_age")
    assert "Not yet reviewed" in owner.inner_text("#imnet-review")
    curator.goto(f"{live_server}/dataset/water-points")
    curator.click("#imnet-review button[value=reviewed]")
    curator.wait_for_url("**/dataset/water-points")
    assert "Review saved" in curator.inner_text(".flash-messages")
    assert "Water points" not in _review_facet(curator, live_server)
    owner.goto(f"{live_server}/dataset/water-points")
    assert "Reviewed" in owner.inner_text("#imnet-review")

    # Saving the form with no IM field changed keeps the review.
    owner.goto(f"{live_server}/dataset/edit/water-points")
    owner.fill("#field-title", "Water points (WASH Cluster)")
    owner.click(SAVE)
    owner.wait_for_url("**/dataset/water-points")
    assert "Reviewed" in owner.inner_text("#imnet-review")
