"""Endorsed baseline datasets: badge, facet, first for the same query, home page."""

from __future__ import annotations

import pytest

from ckanext.imnet import model as imnet_model
from tests.access.conftest import headers_for
from tests.curation.conftest import act, dataset_of


@pytest.fixture
def boundaries(people):
    """Three datasets a search for "boundaries" finds; the one that names it
    only in its description (so ranks last by relevance) is endorsed."""
    org = people["org"]
    official = dataset_of(org, "village-tracts")
    dataset_of(org, "township-boundaries-draft", notes="Township boundaries draft")
    dataset_of(org, "district-boundaries", notes="District boundaries")
    act(
        people["mimu"],
        "package_patch",
        id=official["id"],
        notes="Official boundaries of the village tracts",
    )
    assert _names(act(None, "package_search", q="boundaries"))[-1] == official["name"]
    act(
        people["mimu"],
        "imnet_dataset_endorse",
        id=official["id"],
        note="The official MIMU boundaries",
    )
    return official


def _names(result):
    return [d["name"] for d in result["results"]]


def test_an_endorsed_dataset_ranks_first_for_the_same_query(people, boundaries):
    found = act(None, "package_search", q="boundaries")
    assert _names(found)[0] == "village-tracts"
    assert found["count"] == 3
    # The order the caller asked for is reported as asked.
    assert not found["sort"].startswith("endorsed")
    # Without a query, too; an explicit order is kept as asked.
    assert _names(act(None, "package_search"))[0] == "village-tracts"
    by_name = act(None, "package_search", q="boundaries", sort="name asc")
    assert _names(by_name) == sorted(_names(by_name))


def test_endorsed_datasets_are_a_facet_and_a_filter_for_everyone(people, boundaries):
    found = act(
        None, "package_search", fq="endorsed:true", **{"facet.field": '["endorsed"]'}
    )
    assert _names(found) == ["village-tracts"]
    [item] = found["search_facets"]["endorsed"]["items"]
    assert (item["name"], item["display_name"], item["count"]) == (
        "true",
        "Endorsed baseline",
        1,
    )


def test_withdrawing_an_endorsement_removes_badge_facet_and_rank(people, boundaries):
    act(
        people["mimu"],
        "imnet_dataset_endorse",
        id=boundaries["id"],
        endorsed=False,
        note="Superseded by the 2026 edition",
    )
    assert act(None, "package_search", fq="endorsed:true")["count"] == 0
    _total, events = imnet_model.find_events(package_ids=[boundaries["id"]])
    assert [(e.event, e.reason) for e in sorted(events, key=lambda e: e.id)] == [
        ("dataset_endorsed", "The official MIMU boundaries"),
        ("dataset_endorsement_withdrawn", "Superseded by the 2026 edition"),
    ]


def test_the_badge_shows_on_the_dataset_page_and_in_search_results(
    app, people, boundaries
):
    page = app.get(f"/dataset/{boundaries['name']}").body
    assert "Endorsed baseline" in page
    assert "The official MIMU boundaries" in page
    results = app.get("/dataset/?q=boundaries").body
    assert results.count('class="badge bg-primary imnet-endorsed"') == 1
    other = app.get("/dataset/district-boundaries").body
    assert "imnet-endorsed" not in other


def test_the_home_page_lists_the_endorsed_baselines_the_visitor_may_see(
    app, people, boundaries
):
    hidden = dataset_of(people["org"], "census-draft", private=True)
    act(people["mimu"], "imnet_dataset_endorse", id=hidden["id"])
    home = app.get("/").body
    assert "Endorsed baseline datasets" in home
    assert "/dataset/village-tracts" in home
    assert "census-draft" not in home
    owner_home = app.get("/", headers=headers_for({"name": "owner-admin"})).body
    assert "/dataset/census-draft" in owner_home
