"""What package_search refuses before the backend sees it, and what its errors
never tell: a map box that would never finish, the query CKAN sent."""

from __future__ import annotations

import pytest
from ckan.tests import factories

from tests.factories import im_dataset

BOXES = ("1e309,1,2,3", "1e20,10,20,30", "92,10,93,nan", "-600,10,93,20", "92,30,93,20")


@pytest.fixture
def dataset(clean_db, clean_index):
    org = factories.Organization()
    return im_dataset(owner_org=org["id"])


@pytest.mark.parametrize("bbox", BOXES)
def test_a_map_box_out_of_the_world_is_refused_at_once(app, dataset, bbox):
    api = app.get(f"/api/3/action/package_search?ext_bbox={bbox}")
    assert api.status_code == 400
    assert "four numbers west,south,east,north" in api.get_data(as_text=True)
    page = app.get(f"/dataset/?ext_bbox={bbox}")
    assert page.status_code == 400
    assert "four numbers west,south,east,north" in page.get_data(as_text=True)
    export = app.get(f"/dataset/inventory.csv?ext_bbox={bbox}")
    assert export.status_code == 400


@pytest.mark.parametrize("bbox", ("92,10,101,28", "170,-10,190,10"))
def test_a_box_in_the_world_still_searches(app, dataset, bbox):
    answer = app.get(f"/api/3/action/package_search?ext_bbox={bbox}").json
    assert answer["success"] is True


@pytest.mark.parametrize(
    "params", ("extras=x", "extras=x&ext_bbox=92,10,101,28", "extras=")
)
def test_extras_that_are_not_a_mapping_get_a_field_message(app, dataset, params):
    api = app.get(f"/api/3/action/package_search?{params}")
    assert api.status_code == 409
    assert api.json["error"]["extras"] == [
        "Must be an object of extra search parameters, such as ext_bbox"
    ]


def test_extras_as_a_mapping_still_search(app, dataset):
    body = {"extras": {"ext_bbox": "92,10,101,28"}, "q": "*:*"}
    answer = app.post("/api/3/action/package_search", json=body).json
    assert answer["success"] is True
    body = {"extras": ["ext_bbox"]}
    refused = app.post("/api/3/action/package_search", json=body)
    assert refused.status_code == 409


@pytest.mark.parametrize("params", ("q=title:", "fq=title:", "fq=name:(unclosed"))
def test_a_search_error_does_not_quote_the_query_ckan_sent(app, dataset, params):
    api = app.get(f"/api/3/action/package_search?{params}")
    assert api.status_code in (400, 409)
    export = app.get(f"/dataset/inventory.csv?{params}")
    for response in (api, export):
        text = response.get_data(as_text=True)
        assert "permission_labels" not in text
        assert "site_id" not in text
