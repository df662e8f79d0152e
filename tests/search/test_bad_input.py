"""Bad search input gets CKAN's clean search errors, never a 500 or SQL text."""

from __future__ import annotations

import os

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.lib.search import SearchError
from ckan.logic import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LEAKS = ("SELECT", "psycopg2", "sqlalchemy", "imnet_search_index", "tsquery")


@pytest.fixture
def datasets(clean_db, clean_index):
    org = factories.Organization()
    factories.Dataset(title="Flood extent 2023", owner_org=org["id"])
    factories.Dataset(title="ရန်ကုန် flood", owner_org=org["id"], tags=[{"name": "flood"}])


def api_search(app, **params):
    return app.get("/api/3/action/package_search", query_string=params)


@pytest.mark.usefixtures("datasets")
@pytest.mark.parametrize(
    "params, status, message",
    [
        ({"q": 'title:"flood'}, 409, "Cannot parse"),
        ({"q": "title:(flood"}, 409, "Cannot parse"),
        ({"q": "flood AND"}, 200, None),
        ({"q": "--flood"}, 409, "Cannot parse"),
        ({"fq": "tags:(flood"}, 409, "Cannot parse"),
        ({"fq": "metadata_modified:[NOW-1BANANA TO NOW]"}, 409, "Invalid Date"),
        ({"fq": "views_total:[one TO 5]"}, 409, "Invalid Number"),
        ({"q": "title:/flo+d/"}, 409, "not supported"),
        ({"sort": "title_string"}, 400, 'Invalid \\"sort\\" parameter'),
        ({"sort": "title_string sideways"}, 400, 'Invalid \\"sort\\" parameter'),
        ({"rows": "-1"}, 409, "rows"),
        ({"start": "-5"}, 409, "start"),
        ({"rows": "many"}, 409, "rows"),
        ({"no_such_parameter": "1"}, 400, "Invalid search parameters"),
        ({"q": "{!child of=x}flood"}, 409, "Local parameters are not supported"),
    ],
)
def test_bad_search_input_gets_a_clear_error(app, params, status, message):
    response = api_search(app, **params)
    body = response.get_data(as_text=True)
    assert response.status_code == status, body
    if message:
        assert message in body
    for leak in LEAKS:
        assert leak not in body


@pytest.mark.usefixtures("datasets")
@pytest.mark.ckan_config("ckan.search.rows_max", 1)
def test_absurd_rows_are_capped_to_the_configured_maximum(app):
    response = api_search(app, rows="100000")
    assert response.status_code == 200
    assert len(response.json["result"]["results"]) == 1
    assert response.json["result"]["count"] == 2


@pytest.mark.usefixtures("datasets")
def test_the_search_page_shows_an_error_for_a_bad_query(app):
    response = app.get("/dataset/", query_string={"q": "title:(flood"})
    assert response.status_code == 200
    assert "error while searching" in response.get_data(as_text=True)


@pytest.mark.usefixtures("datasets")
def test_a_null_character_is_ignored(app):
    response = api_search(app, q="flo\x00od")
    assert response.status_code == 200


LUCENE_PIECES = (
    list("abcxyz019 :\"'()[]{}*?~^+-!&|\\/,.@#%=<>")
    + ["AND", "OR", "NOT", "TO", "NOW", "NOW/DAY", "-1DAY", "*:*", "title:", "tags:"]
    + ["name:", "metadata_modified:", "num_tags:", "ရန်ကုန်", "é", "\x00", "\n"]
)
lucene_like = st.lists(st.sampled_from(LUCENE_PIECES), max_size=25).map("".join)
any_text = st.text(max_size=60)


@pytest.mark.usefixtures("datasets")
@settings(
    max_examples=int(os.environ.get("IMNET_HYPOTHESIS_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(q=st.one_of(lucene_like, any_text), fq=st.one_of(lucene_like, any_text))
def test_any_query_string_is_answered_or_rejected_cleanly(q, fq):
    try:
        result = helpers.call_action("package_search", q=q, fq=fq)
    except (SearchError, ValidationError) as error:
        for leak in LEAKS:
            assert leak not in str(error)
    else:
        assert isinstance(result["count"], int)
    # Whatever happened, the session is still usable.
    assert helpers.call_action("package_search", q="flood")["count"] == 2


@pytest.mark.usefixtures("datasets")
@pytest.mark.parametrize("words", [85, 500, 3000])
def test_a_very_long_query_is_answered(app, words):
    """Long queries nest their SQL as balanced trees: no stack overflow."""
    q = " ".join(["flood"] * words)
    response = api_search(app, q=q, fq=" OR ".join(["tags:flood"] * words))
    assert response.status_code == 200
    assert response.json["result"]["count"] == 1  # the one tagged "flood"
