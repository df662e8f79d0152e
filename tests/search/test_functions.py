"""Solr function queries in sorts and boosts: ``termfreq`` and function sorts."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.lib.search import SearchError, SearchQueryError


def names(**params):
    return [
        d["name"] for d in helpers.call_action("package_search", **params)["results"]
    ]


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization()
    for name, tags in {
        "alpha": ["census"],
        "bravo": ["health"],
        "charlie": ["census", "health"],
        "delta": [],
    }.items():
        factories.Dataset(
            name=name,
            owner_org=org["id"],
            tags=[{"name": t} for t in tags],
            version="1,2" if name == "delta" else "1",
        )


@pytest.mark.usefixtures("catalogue")
def test_a_function_sorts_datasets_holding_a_term_first():
    assert names(sort="termfreq(tags,'health') desc, name asc") == [
        "bravo",
        "charlie",
        "alpha",
        "delta",
    ]


@pytest.mark.usefixtures("catalogue")
def test_function_sorts_add_up_terms_and_keep_later_keys():
    weighted = "add(mul(2,termfreq(tags,'census')),termfreq(tags,\"health\")) desc"
    expected = ["charlie", "alpha", "bravo", "delta"]
    assert names(sort=f"{weighted}, name desc") == expected


@pytest.mark.usefixtures("catalogue")
def test_a_comma_inside_a_quoted_term_is_part_of_the_term():
    assert names(sort="termfreq(version,'1,2') desc, name asc")[0] == "delta"


@pytest.mark.usefixtures("catalogue")
def test_termfreq_boosts_the_score():
    boosted = names(q="*:*", defType="edismax", bf="mul(5,termfreq(tags,'health'))")
    assert set(boosted[:2]) == {"bravo", "charlie"}


@pytest.mark.usefixtures("catalogue")
def test_termfreq_on_a_text_field_is_refused_cleanly():
    with pytest.raises(SearchError) as raised:
        names(sort="termfreq(notes,'x') desc")
    assert "termfreq needs a string field" in str(raised.value)


@pytest.mark.usefixtures("catalogue")
def test_a_sort_without_order_is_refused_as_on_solr():
    with pytest.raises(SearchQueryError, match='Invalid "sort" parameter'):
        names(sort="termfreq(tags,'census')")
