"""Every dataset with geographic coverage gets a spatial extent."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import vocab
from tests.factories import im_dataset


def bounds(geojson):
    import shapely.geometry

    return tuple(
        round(v, 4) for v in shapely.geometry.shape(json.loads(geojson)).bounds
    )


@pytest.fixture
def org(clean_db, clean_index):
    return factories.Organization()


def test_a_state_region_gives_its_box(org):
    dataset = im_dataset(owner_org=org["id"], geographic_coverage=["MMR012"])
    assert bounds(dataset["spatial"]) == vocab.place("MMR012").bbox


def test_townships_give_the_boxes_of_their_districts(org):
    dataset = im_dataset(
        owner_org=org["id"], geographic_coverage=[], township_coverage=["MMR013041"]
    )
    district = vocab.place(vocab.place("MMR013041").adm2_pcode)
    assert bounds(dataset["spatial"]) == district.bbox
    assert bounds(dataset["spatial"]) != vocab.place("MMR013").bbox


def test_countrywide_gives_the_country(org):
    dataset = im_dataset(owner_org=org["id"], geographic_coverage=["MMR"])
    assert bounds(dataset["spatial"]) == vocab.place("MMR").bbox


def test_several_places_give_several_boxes(org):
    dataset = im_dataset(owner_org=org["id"], geographic_coverage=["MMR001", "MMR012"])
    geometry = json.loads(dataset["spatial"])
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) == 2


def test_a_derived_extent_follows_the_coverage(org):
    dataset = im_dataset(owner_org=org["id"], geographic_coverage=["MMR012"])
    admin = factories.Sysadmin()
    updated = helpers.call_action(
        "package_patch",
        context={"user": admin["name"]},
        id=dataset["id"],
        geographic_coverage=["MMR001"],
    )
    assert bounds(updated["spatial"]) == vocab.place("MMR001").bbox


def test_an_explicit_extent_is_kept(org):
    point = {"type": "Point", "coordinates": [96.16, 16.8]}
    dataset = im_dataset(
        owner_org=org["id"], geographic_coverage=["MMR013"], spatial=json.dumps(point)
    )
    assert json.loads(dataset["spatial"]) == point


def test_invalid_geojson_gets_a_message(org):
    with pytest.raises(tk.ValidationError) as raised:
        im_dataset(owner_org=org["id"], spatial='{"type": "Polygon", "coordinates": 7}')
    assert "Not a valid GeoJSON geometry" in raised.value.error_dict["spatial"][0]


def test_data_that_is_not_geographic_has_no_extent(org):
    dataset = im_dataset(
        owner_org=org["id"], admin_level="not_geographic", geographic_coverage=[]
    )
    assert not dataset.get("spatial")
