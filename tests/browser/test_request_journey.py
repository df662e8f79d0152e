"""A member requests restricted data, the owner decides, the member downloads."""

from __future__ import annotations

import io

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from werkzeug.datastructures import FileStorage

from tests.browser.forms import submit
from tests.factories import im_dataset

PASSWORD = "correct123"  # CKAN's test user factory password
CONTENT = b"site_code,population\nDEMO-1,1240\n"


@pytest.fixture
def scene(clean_db, clean_index, smtp):
    owner = factories.User(name="data-owner", password=PASSWORD)
    requester = factories.User(name="ngo-officer", password=PASSWORD)
    org = factories.Organization(
        name="cccm-cluster",
        title="CCCM Cluster",
        users=[{"name": owner["name"], "capacity": "admin"}],
    )
    factories.Organization(users=[{"name": requester["name"], "capacity": "member"}])
    dataset = im_dataset(
        name="idp-sites",
        title="IDP sites in Rakhine",
        owner_org=org["id"],
        sensitivity="restricted",
        sensitivity_rationale="Locations of displaced people",
        access_conditions="Humanitarian use only.",
    )
    helpers.call_action(
        "resource_create",
        context={"user": owner["name"]},
        package_id=dataset["id"],
        name="Site list",
        url="sites.csv",
        upload=FileStorage(stream=io.BytesIO(CONTENT), filename="sites.csv"),
        format="CSV",
    )
    return {"owner": owner, "requester": requester, "smtp": smtp}


def log_in(page, server, name):
    page.goto(f"{server}/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", PASSWORD)
    page.click("form button:has-text('Login')")
    page.wait_for_url("**/dashboard/**")


def log_out(page, server):
    page.context.clear_cookies()


def request_access(page, server):
    page.goto(f"{server}/dataset/idp-sites")
    page.click("#imnet-access a:has-text('Request access')")
    page.wait_for_url("**/request-access")
    assert "Humanitarian use only." in page.inner_text("[role=main]")
    page.fill("#field-purpose", "Planning shelter repairs with the CCCM Cluster.")
    page.fill("#field-organization", "Local NGO")
    page.fill("#field-days", "30")
    # Sent without accepting the conditions: told why, nothing typed is lost.
    submit(page, "button:has-text('Send request')")
    error = page.inner_text(".error-explanation")
    assert "Conditions: You must accept" in error
    assert "accept_conditions" not in error
    assert page.input_value("#field-organization") == "Local NGO"
    assert page.input_value("#field-days") == "30"
    assert "Planning shelter repairs" in page.input_value("#field-purpose")
    page.check("#field-accept_conditions")
    page.click("button:has-text('Send request')")
    page.wait_for_url("**/data-requests/**")
    assert "Waiting for a decision" in page.inner_text("[role=main]")
    return page.url


def test_request_approve_download(live_server, browser, scene):
    requester = browser.new_context().new_page()
    log_in(requester, live_server, "ngo-officer")
    # Before approval the file is out of reach.
    requester.goto(f"{live_server}/dataset/idp-sites")
    download_links = requester.locator("a[href*='/download']")
    assert download_links.count() == 0
    request_url = request_access(requester, live_server)

    owner = browser.new_context().new_page()
    owner.on("dialog", lambda dialog: dialog.accept())  # "Approve this request?"
    log_in(owner, live_server, "data-owner")
    owner.goto(f"{live_server}/dashboard/data-reviews")
    assert owner.locator(".imnet-pending-count").inner_text() == "1"
    owner.click("table.imnet-requests a:has-text('IDP sites in Rakhine')")
    submit(owner, "button:has-text('Approve')")
    assert "Approved" in owner.inner_text("[role=main]")

    requester.goto(request_url)
    assert "Approved" in requester.inner_text("[role=main]")
    requester.goto(f"{live_server}/dataset/idp-sites")
    assert "You have access to this data until" in requester.inner_text("#imnet-access")
    href = requester.locator("a[href*='/download']").first.get_attribute("href")
    response = requester.request.get(href)
    assert response.status == 200
    assert response.body() == CONTENT
    assert any(
        "Your request was approved" in scene["smtp"].subject(m)
        for m in scene["smtp"].to(scene["requester"]["email"])
    )


def test_a_rejection_shows_its_reason(live_server, browser, scene):
    requester = browser.new_context().new_page()
    log_in(requester, live_server, "ngo-officer")
    request_url = request_access(requester, live_server)

    owner = browser.new_context().new_page()
    owner.on("dialog", lambda dialog: dialog.accept())  # "Reject this request?"
    log_in(owner, live_server, "data-owner")
    owner.goto(request_url)
    owner.fill(
        "#field-reject", "Site coordinates are shared with cluster partners only."
    )
    submit(owner, "#imnet-step-reject button")
    assert "Rejected" in owner.inner_text("[role=main]")

    requester.goto(request_url)
    text = requester.inner_text("[role=main]")
    assert "Rejected" in text
    assert "Site coordinates are shared with cluster partners only." in text
    href = f"{live_server}/dataset/idp-sites"
    requester.goto(href)
    assert "Request access" in requester.inner_text("#imnet-access")


def waiting_for_mimu() -> dict:
    """idp-sites made confidential; ngo-officer's request for 60 days, approved
    by the data owner, waits for a MIMU administrator."""
    helpers.call_action(
        "package_patch",
        context={"user": "data-owner"},
        id="idp-sites",
        sensitivity="confidential",
        sensitivity_rationale="Locations of displaced people",
    )
    with helpers._get_test_app().flask_app.test_request_context():
        request = helpers.call_action(
            "imnet_access_request_create",
            context={"user": "ngo-officer", "ignore_auth": False},
            id="idp-sites",
            purpose="Shelter planning",
            organization="Local NGO",
            days=60,
            accept_conditions=True,
        )
        helpers.call_action(
            "imnet_access_request_approve",
            context={"user": "data-owner", "ignore_auth": False},
            id=request["id"],
        )
    return request


def test_mimu_finds_what_waits_for_it_and_grants_fewer_days(
    live_server, browser, scene
):
    mimu = factories.Sysadmin(name="mimu-admin", password=PASSWORD)
    request = waiting_for_mimu()
    page = browser.new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, mimu["name"])
    assert page.locator(".imnet-pending-count").inner_text() == "1"
    page.click(".imnet-requests-link")
    page.wait_for_url("**/dashboard/data-reviews?awaiting=me")
    row = page.locator(f"tr[data-request='{request['id']}']")
    assert "Waiting for your decision" in row.inner_text()
    assert "today" in row.inner_text()
    row.locator("a").first.click()
    page.fill("#field-approve-days", "10")
    submit(page, "#imnet-step-approve button")
    assert "Approved until" in page.inner_text("[role=main]")
    shown = helpers.call_action("imnet_access_request_show", id=request["id"])
    assert shown["state"] == "approved" and shown["granted_days"] == 10
