"""Harvested datasets say where they came from, on their page and in the API,
and are facetable by their source.

``world``: a real harvest (``dcat_rdf_harvester``, the ``imnet`` profile) of a
feed on loopback brought in a public and a restricted dataset.
"""

from __future__ import annotations

import datetime

import pytest

from tests.harvest.reharvest import api, harvest_world


@pytest.fixture
def world(app, cli, roles):
    """Two harvested datasets and a local one (``harvest_world``)."""
    yield from harvest_world(app, cli, roles)


# The note for editors, as a page shows it (the apostrophe escaped).
EDIT_NOTE = "harvested from Network catalogue: each run replaces it"


def test_the_api_says_where_a_harvested_dataset_came_from(app, world):
    shown = api(app, None, "package_show", id=world["restricted"]["name"])["result"]

    provenance = shown["imnet_harvest"]
    assert provenance["source_name"] == "network-catalogue"
    assert provenance["source_url"].endswith("/harvest/network-catalogue")
    # The dataset's URI at its origin: this catalogue's page of the original.
    assert provenance["original_url"].startswith("http://test.imnet.local/dataset/")
    harvested_at = datetime.datetime.fromisoformat(provenance["last_harvested"])
    age = datetime.datetime.utcnow() - harvested_at
    assert datetime.timedelta(0) <= age < datetime.timedelta(minutes=10)
    extras = {e["key"]: e["value"] for e in shown["extras"]}
    assert extras["harvest_source_id"] == world["source"]["id"]
    assert extras["harvest_source_title"] == "Network catalogue"
    local = api(app, None, "package_show", id="local-one")["result"]
    assert "imnet_harvest" not in local


def test_the_dataset_page_shows_the_source_the_original_and_the_last_run(app, world):
    page = app.get(f"/dataset/{world['public']['name']}").body

    assert "Harvested from another catalogue" in page
    assert 'href="http://test.imnet.local/harvest/network-catalogue"' in page
    assert ">Network catalogue</a>" in page
    assert "Original page" in page and "Last harvested" in page
    # Visitors are not told about editing.
    assert EDIT_NOTE not in page
    assert "Harvested from another catalogue" not in app.get("/dataset/local-one").body


def test_the_dataset_page_tells_it_in_myanmar(app, world):
    path = f"/my_MM/dataset/{world['public']['name']}"
    page = app.get(path).body

    assert "အခြား ကတ်တလောက်မှ စုဆောင်းယူထားသော ဒေတာအစု" in page
    assert "နောက်ဆုံး စုဆောင်းယူချိန်" in page
    assert ">Network catalogue</a>" in page


# -- facet ---------------------------------------------------------------------


def test_search_has_a_harvest_source_facet_that_filters(app, world):
    found = api(
        app, None, "package_search", **{"facet.field": '["harvest_source_id"]'}
    )["result"]
    [item] = found["search_facets"]["harvest_source_id"]["items"]
    assert item == {
        "name": world["source"]["id"],
        "display_name": "Network catalogue",
        "count": 2,
    }

    page = app.get("/dataset/", query_string={"harvest_source_id": item["name"]}).body
    assert "Harvest sources" in page
    assert "2 datasets found" in page
    assert "Local" not in page.split("dataset-list")[-1]
