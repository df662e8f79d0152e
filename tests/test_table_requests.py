"""The table preview's requests: any shape is answered, never a 500."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from ckanext.imnet.table_requests import ajax_request_problem, download_request_problem

GOOD_AJAX = {
    "draw": "1",
    "start": "0",
    "length": "10",
    "search[value]": "",
    "order[0][column]": "0",
    "order[0][dir]": "asc",
    "columns[0][search][value]": "",
    "columns[0][name]": "place",
}
GOOD_PARAMS = {
    "search": {"value": ""},
    "order": [{"column": 0, "dir": "asc"}],
    "visible": [True],
    "columns": [{"name": "place", "search": {"value": ""}}],
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


def test_what_the_preview_page_posts_passes():
    assert ajax_request_problem(MultiDict(GOOD_AJAX)) is None
    form = MultiDict({"params": json.dumps(GOOD_PARAMS), "format": "csv"})
    assert download_request_problem(form) is None


def test_each_missing_or_wrong_field_is_named():
    for key in ("draw", "start", "length", "search[value]", "order[0][dir]"):
        form = {k: v for k, v in GOOD_AJAX.items() if k != key}
        assert ajax_request_problem(MultiDict(form)), key
    assert ajax_request_problem(MultiDict({**GOOD_AJAX, "start": "ten"}))
    for key in GOOD_PARAMS:
        params = {k: v for k, v in GOOD_PARAMS.items() if k != key}
        form = MultiDict({"params": json.dumps(params), "format": "csv"})
        assert download_request_problem(form), key
    beyond = {**GOOD_PARAMS, "order": [{"column": 5, "dir": "asc"}]}
    form = MultiDict({"params": json.dumps(beyond), "format": "csv"})
    assert download_request_problem(form)
    assert download_request_problem(MultiDict({"params": "{", "format": "csv"}))
    assert download_request_problem(MultiDict({"format": "csv"}))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=20), st.text(max_size=8), max_size=8))
def test_any_form_gets_an_answer(form):
    ajax_request_problem(MultiDict(form))
    download_request_problem(MultiDict(form))


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from(["csv", None]))
def test_any_params_get_an_answer(params, fmt):
    form = {"params": json.dumps(params)}
    if fmt:
        form["format"] = fmt
    download_request_problem(MultiDict(form))
