"""Freshness in search: facet, filter, sort, and an index that stays true."""

from __future__ import annotations

import datetime

import ckan.tests.helpers as helpers
import pytest
from freezegun import freeze_time

from ckanext.imnet import model as imnet_model
from ckanext.imnet.curation import freshness, reminders
from tests.curation.conftest import act, aged, dataset_of


@pytest.fixture
def catalogue(people):
    """Monthly datasets in every state, a one-off census and a hidden one."""
    org = people["org"]
    made = {
        "fresh": aged(dataset_of(org, "fresh-3w"), 5),
        "due": aged(dataset_of(org, "due-4w"), 35),
        "overdue": aged(dataset_of(org, "overdue-sites"), 50),
        "delinquent": aged(dataset_of(org, "delinquent-prices"), 90),
        "census": aged(dataset_of(org, "census-2014", update_frequency="never"), 900),
    }
    made["hidden"] = aged(
        dataset_of(org, "hidden-delinquent", sensitivity="strictly_confidential"),
        90,
    )
    return made


def _search(user, **params):
    return act(user, "package_search", **params)


def test_the_freshness_facet_counts_what_the_visitor_may_see(people, catalogue):
    facets = _search(None, **{"facet.field": '["freshness"]'})["search_facets"]
    counts = {i["name"]: i["count"] for i in facets["freshness"]["items"]}
    # The one-off census is fresh; the strictly confidential one is not counted.
    assert counts == {"fresh": 2, "due": 1, "overdue": 1, "delinquent": 1}
    labels = {i["name"]: i["display_name"] for i in facets["freshness"]["items"]}
    assert labels["due"] == "Update due"
    owner_facets = _search(people["owner"], **{"facet.field": '["freshness"]'})
    owner_counts = {
        i["name"]: i["count"]
        for i in owner_facets["search_facets"]["freshness"]["items"]
    }
    assert owner_counts["delinquent"] == 2


def test_filtering_by_freshness_lists_the_datasets_in_that_state(people, catalogue):
    found = _search(None, fq="freshness:overdue")
    assert [d["name"] for d in found["results"]] == ["overdue-sites"]
    late = _search(None, fq="freshness:(overdue OR delinquent)")
    assert {d["name"] for d in late["results"]} == {
        "overdue-sites",
        "delinquent-prices",
    }


def test_the_most_out_of_date_come_first(people, catalogue):
    found = _search(None, sort="freshness_rank desc, freshness_since asc", rows=10)
    assert [d["name"] for d in found["results"]] == [
        "delinquent-prices",
        "overdue-sites",
        "due-4w",
        "census-2014",
        "fresh-3w",
    ]


def test_the_freshness_facet_is_offered_on_the_search_page(app, people, catalogue):
    page = app.get("/dataset/", query_string={"freshness": "due"})
    assert "Freshness" in page.body
    assert "Most out of date first" in page.body
    assert "due-4w" in page.body and "overdue-sites" not in page.body


def test_a_dataset_that_ages_without_an_edit_is_reindexed_by_the_daily_run(people):
    dataset = aged(dataset_of(people["org"], "ageing-list"), 29)
    assert _search(None, fq="freshness:fresh")["count"] == 1
    # Two days later, with no edit, the dataset is due but indexed as fresh ...
    later = imnet_model.now() + datetime.timedelta(days=2)
    assert freshness.of_dataset(dataset, later).state == "due"
    with freeze_time(later):
        # ... until the daily run reindexes what crossed a boundary, only that.
        assert reminders.refresh_index(later) == 1
        assert _search(None, fq="freshness:due")["count"] == 1
        assert reminders.refresh_index(later) == 0


def test_an_edit_makes_a_dataset_fresh_again(people):
    dataset = aged(dataset_of(people["org"], "edited-list"), 50)
    assert _search(None, fq="freshness:overdue")["count"] == 1
    helpers.call_action(
        "package_patch",
        context={"user": people["editor"]["name"]},
        id=dataset["id"],
        notes="Updated with the new round",
    )
    assert _search(None, fq="freshness:fresh")["count"] == 1
