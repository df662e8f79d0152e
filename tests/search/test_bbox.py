"""Bounding-box search (ckanext-spatial's ext_bbox) on the embedded backend."""

from __future__ import annotations

import json

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import extent

pytestmark = pytest.mark.ckan_config(
    "ckan.plugins", "imnet_search spatial_metadata spatial_query"
)


def box(west, south, east, north):
    return json.dumps(extent.box((west, south, east, north)))


@pytest.fixture
def places(clean_db, clean_index):
    org = factories.Organization()
    for name, geometry in {
        "sittwe": box(92.7, 20.0, 93.1, 20.3),
        "rakhine": box(92.2, 17.3, 94.9, 21.5),
        "yangon": box(95.9, 16.6, 96.4, 17.2),
        "myanmar": box(92.2, 9.6, 101.2, 28.5),
    }.items():
        factories.Dataset(
            name=name,
            owner_org=org["id"],
            extras=[{"key": "spatial", "value": geometry}],
        )
    factories.Dataset(name="nowhere", owner_org=org["id"])


def names(**params):
    return [
        d["name"] for d in helpers.call_action("package_search", **params)["results"]
    ]


@pytest.mark.usefixtures("places")
def test_bbox_search_finds_what_overlaps_the_box_best_match_first():
    # A box around Sittwe: the Sittwe dataset fits it best, then Rakhine,
    # then the whole country; Yangon and datasets without extent are out.
    assert names(ext_bbox="92.6,19.9,93.2,20.4") == ["sittwe", "rakhine", "myanmar"]


@pytest.mark.usefixtures("places")
def test_bbox_search_combines_with_queries_and_filters():
    assert names(ext_bbox="95.8,16.5,96.5,17.3", q="name:yangon") == ["yangon"]
    assert names(ext_bbox="95.8,16.5,96.5,17.3", fq="-name:myanmar") == ["yangon"]


@pytest.mark.usefixtures("places")
def test_a_box_far_away_finds_nothing():
    assert names(ext_bbox="10,10,11,11") == []


@pytest.mark.usefixtures("places")
def test_a_bad_box_gets_a_clean_error(app):
    response = app.get("/api/3/action/package_search?ext_bbox=bad")
    assert response.status_code == 409
    assert "Wrong bounding box" in response.get_data(as_text=True)


@pytest.mark.usefixtures("places")
def test_unsupported_functions_are_refused_cleanly():
    from ckan.lib.search import SearchError

    with pytest.raises(SearchError) as raised:
        helpers.call_action("package_search", fq_list=["{!frange l=0 u=1}sqrt(maxx)"])
    assert "unsupported function 'sqrt'" in str(raised.value)
