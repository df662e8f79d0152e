"""Table previews in the browser: public for all, restricted for the entitled only.

xloader loads the CSV files into the DataStore on CKAN's job worker (run
here in process) by fetching them from the live server; the resource page
then embeds the DataTables preview, which asks the server for the rows.
"""

from __future__ import annotations

import io

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from werkzeug.datastructures import FileStorage

from tests.factories import im_dataset
from tests.mail import run_jobs

from .test_request_journey import log_in, log_out

ROWS = {"public": "Sittwe-schools-open", "restricted": "Sittwe-sites-closed"}


@pytest.fixture
def scene(
    live_server, clean_db, clean_index, worker_in_process, ckan_config, monkeypatch
):
    mimu = factories.Sysadmin()
    token = helpers.call_action(
        "api_token_create", context={"user": mimu["name"]}, user=mimu["name"], name="x"
    )["token"]
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", token)
    owner = factories.User(name="data-owner", password="correct123")
    factories.User(name="ngo-officer", password="correct123")
    org = factories.Organization(users=[{"name": owner["name"], "capacity": "admin"}])
    resources = {}
    for level, row in ROWS.items():
        extra = {} if level == "public" else {"sensitivity_rationale": "Do No Harm"}
        dataset = im_dataset(
            name=f"sites-{level}", owner_org=org["id"], sensitivity=level, **extra
        )
        content = f"township,sites\n{row},42\n".encode()
        resources[level] = helpers.call_action(
            "resource_create",
            context={"user": owner["name"]},
            package_id=dataset["id"],
            name="Site table",
            url="sites.csv",
            upload=FileStorage(stream=io.BytesIO(content), filename="sites.csv"),
            format="CSV",
        )
    run_jobs()  # xloader loads both tables and makes their previews
    return resources


def _resource_page(level: str, resources) -> str:
    return f"/dataset/sites-{level}/resource/{resources[level]['id']}"


def _preview_shows(page, row: str) -> None:
    frame = page.frame_locator("iframe").first
    frame.locator(f"td:has-text('{row}')").wait_for()


def test_table_previews_follow_the_access_policy(live_server, page, scene):
    # A logged-in user outside the owning organisation, without a grant.
    log_in(page, live_server, "ngo-officer")
    page.goto(live_server + _resource_page("public", scene))
    _preview_shows(page, ROWS["public"])

    page.goto(live_server + _resource_page("restricted", scene))
    assert page.locator("iframe").count() == 0
    assert page.locator("a:has-text('Request access')").count() >= 1
    assert ROWS["restricted"] not in page.content()

    # The view page itself, opened directly, is the "request access" page.
    views = helpers.call_action(
        "resource_view_list",
        context={"ignore_auth": True},
        id=scene["restricted"]["id"],
    )
    response = page.goto(
        f"{live_server}{_resource_page('restricted', scene)}/view/{views[0]['id']}"
    )
    assert response is not None and response.status == 403
    assert ROWS["restricted"] not in page.content()

    # The data owner sees the restricted table.
    log_out(page, live_server)
    log_in(page, live_server, "data-owner")
    page.goto(live_server + _resource_page("restricted", scene))
    _preview_shows(page, ROWS["restricted"])
