"""No input gives the inventory export a server error: through the API and the
pages, every parameter empty, null, of the wrong type, very long, in Myanmar
script or arbitrary text gets an answer or a 4xx with a message."""

from __future__ import annotations

from urllib.parse import urlencode

from hypothesis import given
from hypothesis import strategies as st

from tests.test_bad_input import BAD_VALUES, SETTINGS, _post

PARAMS = ("format", "q", "fq", "fq_list", "sort", "ext_bbox", "organization")


@SETTINGS
@given(field=st.sampled_from(PARAMS), value=BAD_VALUES)
def test_the_api_answers_every_parameter_cleanly(app, datasets, field, value):
    _post(app, "imnet_inventory_export", "", {field: value})


@SETTINGS
@given(
    field=st.sampled_from(("q", "fq", "sort", "ext_bbox", "sector")),
    value=st.one_of(st.text(max_size=200), st.sampled_from(['"', "(", "[x TO", "*"])),
    fmt=st.sampled_from(("csv", "xlsx")),
)
def test_the_pages_answer_every_search_cleanly(app, datasets, field, value, fmt):
    response = app.get(f"/dataset/inventory.{fmt}?{urlencode({field: value})}")
    assert response.status_code in (200, 400), (field, value, response.status_code)
    assert b"Traceback" not in response.get_data()
