"""Harvest sources are CKAN datasets of type ``harvest``, not IM datasets.

They need none of the IM standard's fields, carry no IM facets, are not
counted with the catalogue's datasets and never appear in DCAT.
"""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest

from tests.access.conftest import headers_for
from tests.factories import im_dataset
from tests.harvest.conftest import create_source


@pytest.fixture
def catalogue(roles):
    org = roles["org"]["id"]
    im_dataset(owner_org=org, title="Township population 2014", name="population")
    source = create_source(
        roles["admin"],
        org,
        "http://127.0.0.1:9/catalog.ttl",
        title="Partner DCAT feed",
        name="partner-feed",
    )
    return {**roles, "source": source}


def test_a_source_needs_no_im_metadata(catalogue):
    shown = helpers.call_action("package_show", id="partner-feed")
    assert shown["type"] == "harvest"
    assert "sensitivity" not in shown
    assert "data_owner" not in shown


def test_sources_are_not_counted_with_the_datasets(app, catalogue):
    found = app.get(
        "/api/3/action/package_search",
        query_string={"facet.field": '["organization", "sensitivity"]'},
    ).json["result"]
    assert found["count"] == 1
    assert found["facets"]["organization"] == {"harvesting-org": 1}
    assert found["facets"]["sensitivity"] == {"public": 1}
    org = helpers.call_action("organization_show", id="harvesting-org")
    assert org["package_count"] == 1


def test_the_source_list_has_the_harvesters_facets_not_the_im_ones(app, catalogue):
    html = app.get("/harvest").get_data(as_text=True)
    assert "Partner DCAT feed" in html
    assert "Frequency" in html
    assert "Sensitivity" not in html
    assert "Township population 2014" not in html
    dataset_search = app.get("/dataset/").get_data(as_text=True)
    assert "Sensitivity" in dataset_search


def test_sources_are_not_in_the_dcat_catalogue(app, catalogue):
    for who in (None, catalogue["sysadmin"]):
        turtle = app.get("/catalog.ttl", headers=headers_for(who)).get_data(
            as_text=True
        )
        assert "Township population 2014" in turtle
        assert "Partner DCAT feed" not in turtle
        assert app.get("/dataset/partner-feed.ttl").status_code == 404
