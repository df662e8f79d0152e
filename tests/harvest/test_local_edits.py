"""A harvested dataset is edited at its origin: local edits are refused, local
publishing decisions survive the next run, a local deletion sticks.

``world``: a real harvest (``dcat_rdf_harvester``, the ``imnet`` profile) of a
feed on loopback brought in a public and a restricted dataset.
"""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan as ckan_command

from ckanext.imnet import model as imnet_model
from tests.access.conftest import headers_for
from tests.harvest.reharvest import api, harvest_world, harvested, run


@pytest.fixture
def world(app, cli, roles):
    """Two harvested datasets and a local one (``harvest_world``)."""
    yield from harvest_world(app, cli, roles)


EDIT_MESSAGE = "Edit it at its origin or change the source's configuration."
# As a page shows it (the apostrophe escaped).
EDIT_NOTE = "harvested from Network catalogue: each run replaces it"


@pytest.mark.parametrize("who", ["sysadmin", "admin", "editor"])
def test_nobody_edits_a_harvested_dataset_here(app, world, who):
    user, dataset = world[who], world["restricted"]
    attempts = [
        ("package_patch", {"id": dataset["id"], "title": "Mine now"}),
        ("package_update", {**dataset, "title": "Mine now"}),
        (
            "package_revise",
            {"match": {"id": dataset["id"]}, "update": {"title": "Mine now"}},
        ),
        ("resource_create", {"package_id": dataset["id"], "url": "http://x.org/a"}),
        (
            "package_owner_org_update",
            {"id": dataset["id"], "organization_id": world["other_org"]["id"]},
        ),
    ]
    for action, params in attempts:
        error = api(app, user, action, status=403, **params)["error"]
        assert "harvested from Network catalogue" in error["message"], action
        assert EDIT_MESSAGE in error["message"], action
    shown = api(app, user, "package_show", id=dataset["id"])["result"]
    assert shown["title"] == "IDP sites"
    assert shown["organization"]["name"] == "harvesting-org"


def test_editors_see_why_instead_of_the_manage_button(app, world):
    name = world["public"]["name"]
    page = app.get(f"/dataset/{name}", headers=headers_for(world["editor"])).body

    assert EDIT_NOTE in page
    assert f"/dataset/edit/{name}" not in page
    refused = app.get(
        f"/dataset/edit/{name}", headers=headers_for(world["editor"]), status=403
    ).body
    assert EDIT_NOTE in refused
    # Their local datasets are edited as before.
    page = app.get("/dataset/local-one", headers=headers_for(world["editor"])).body
    assert "/dataset/edit/local-one" in page and EDIT_NOTE not in page


def test_its_resources_come_from_the_origin_but_views_are_local(app, world):
    shown = api(app, world["editor"], "package_show", id=world["public"]["id"])
    [resource] = shown["result"]["resources"]

    error = api(
        app,
        world["editor"],
        "resource_patch",
        status=403,
        id=resource["id"],
        name="Renamed here",
    )["error"]
    assert EDIT_MESSAGE in error["message"]
    view = api(
        app,
        world["editor"],
        "resource_view_create",
        resource_id=resource["id"],
        view_type="image_view",
        title="A picture of it",
    )["result"]
    assert view["title"] == "A picture of it"
    api(app, world["editor"], "resource_view_delete", id=view["id"])


def test_making_it_private_here_survives_the_next_run(app, cli, world):
    dataset = world["public"]
    api(
        app,
        world["admin"],
        "bulk_update_private",
        datasets=[dataset["id"]],
        org_id=world["org"]["id"],
    )
    world["feed"].serve(world["feed_v2"])

    job = run(cli, world["source"])

    assert job["stats"]["errored"] == 0, job
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert shown["title"] == "Rainfall 2025"  # the origin's change arrived
    assert shown["private"] is True  # and the local decision stayed
    api(app, None, "package_show", id=dataset["id"], status=404)


@pytest.mark.parametrize("by", ["id", "name"])
def test_a_harvested_dataset_deleted_here_stays_deleted(app, cli, world, by):
    dataset = world["public"]
    guid = imnet_model.harvest_origin(dataset["id"])["guid"]
    api(app, world["editor"], "package_delete", id=dataset[by])
    api(app, None, "package_show", id=dataset["id"], status=404)

    for _ in range(2):  # the mark is carried from run to run
        job = run(cli, world["source"])
        assert job["stats"]["errored"] == 0, job
        titles = [d["title"] for d in harvested(world["source"])]
        assert "Rainfall 2024" not in titles
        api(app, None, "package_show", id=dataset["id"], status=404)

    # A forced import of the record brings it back, as a new dataset.
    result = cli.invoke(
        ckan_command, ["harvester", "run-test", world["source"]["name"], guid]
    )
    assert result.exit_code == 0, result.output
    [back] = [d for d in harvested(world["source"]) if d["title"] == "Rainfall 2024"]
    assert back["id"] != dataset["id"]
    assert api(app, None, "package_show", id=back["id"])["result"]["state"] == "active"


def test_bulk_deleting_harvested_datasets_here_sticks_too(app, cli, world):
    dataset = world["restricted"]
    api(
        app,
        world["admin"],
        "bulk_update_delete",
        datasets=[dataset["id"]],
        org_id=world["org"]["id"],
    )

    job = run(cli, world["source"])

    assert job["stats"]["errored"] == 0, job
    assert [d["id"] for d in harvested(world["source"])] == [world["public"]["id"]]


def test_imports_keep_the_private_flag_given_here(world):
    # As the CKAN harvester's import sends it: the remote's own flag.
    dataset = world["restricted"]
    site_user = helpers.call_action("get_site_user")["name"]
    helpers.call_action(
        "bulk_update_private",
        context={"user": site_user},
        datasets=[dataset["id"]],
        org_id=world["org"]["id"],
    )
    shown = helpers.call_action("package_show", id=dataset["id"])
    helpers.call_action(
        "package_update",
        context={"user": site_user, "ignore_auth": True},
        **{**shown, "private": False, "title": "Renamed at the origin"},
    )
    shown = helpers.call_action("package_show", id=dataset["id"])
    assert (shown["title"], shown["private"]) == ("Renamed at the origin", True)


def test_editors_are_told_why_in_myanmar(app, world):
    path = f"/my_MM/dataset/{world['public']['name']}"
    page = app.get(path, headers=headers_for(world["editor"])).body
    assert "ဤဒေတာအစုကို Network catalogue မှ စုဆောင်းယူထားပါသည်" in page


def test_a_resource_without_file_or_link_is_no_download_even_for_its_owners(app, world):
    # As a harvested resource of data that is not open arrives: no URL.
    resource = helpers.call_action(
        "resource_create",
        context={"user": world["sysadmin"]["name"]},
        package_id=world["local"]["id"],
        url="",
        name="Tables",
    )

    page = app.get(
        f"/dataset/{world['local']['name']}/resource/{resource['id']}/download",
        headers=headers_for(world["editor"]),
        status=404,
    )

    assert "This resource has no file or link here." in page.get_data(as_text=True)
