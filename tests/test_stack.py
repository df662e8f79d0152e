"""The catalogue boots with its whole plugin stack and serves its main pages."""

from __future__ import annotations

import ckan.plugins as p
import ckan.tests.factories as factories
import pytest

from tests.factories import im_dataset

STACK = (
    "imnet",
    "imnet_search",
    "activity",
    "scheming_datasets",
    "dcat",
    "structured_data",
    "spatial_metadata",
    "spatial_query",
    "datastore",
    "xloader",
    "datatables_view",
    "text_view",
    "image_view",
    "pdf_view",
    "geojson_view",
    "shp_view",
    "resource_proxy",
    "harvest",
    "imnet_ckan_harvester",
    "dcat_rdf_harvester",
)


def test_the_whole_plugin_stack_is_loaded():
    for name in STACK:
        assert p.plugin_loaded(name), name


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_search_page_and_api_answer(app):
    org = factories.Organization(title="Myanmar Information Management Unit")
    im_dataset(owner_org=org["id"], title="Township population 2014")

    home = app.get("/")
    assert home.status_code == 200

    search = app.get("/dataset/", query_string={"q": "population"})
    assert search.status_code == 200
    assert "Township population 2014" in search.get_data(as_text=True)

    api = app.get("/api/3/action/package_search", query_string={"q": "township"})
    assert api.status_code == 200
    assert api.json["result"]["count"] == 1
