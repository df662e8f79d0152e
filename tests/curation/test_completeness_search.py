"""Curators find datasets by completeness: filter by band, sort by score."""

from __future__ import annotations

import json

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan

from ckanext.imnet.curation import completeness
from tests.factories import FULLY_FILLED, im_dataset, required_only_dataset

WELL_DOCUMENTED = {
    **FULLY_FILLED,
    "notes": "Camps and camp-like sites.",
    "license_id": "cc-by",
    "maintainer": "CCCM Cluster",
}


@pytest.fixture
def three(clean_db, clean_index):
    """Datasets of each band: 92 (high), 76 (medium) and 36 (low)."""
    org = factories.Organization()
    # Everything but a resource with a format: 92.
    high = im_dataset(name="well-documented", owner_org=org["id"], **WELL_DOCUMENTED)
    # Nor a methodology or caveats: 76.
    medium = im_dataset(
        name="half-documented",
        owner_org=org["id"],
        **{**WELL_DOCUMENTED, "methodology": "", "caveats": ""},
    )
    # Only what the schema requires: 36.
    low = required_only_dataset(org["id"], name="barely-documented")
    return {"high": high, "medium": medium, "low": low}


def search(**params):
    return helpers.call_action("package_search", include_private=True, **params)


def names(result):
    return [d["name"] for d in result["results"]]


def test_the_three_datasets_have_the_scores_of_their_bands(three):
    found = {
        d["name"]: (d["completeness"], d["completeness_band"])
        for d in search(fl="name,completeness,completeness_band")["results"]
    }
    assert found == {
        "well-documented": (92, "high"),
        "half-documented": (76, "medium"),
        "barely-documented": (36, "low"),
    }


def test_search_filters_by_band_and_by_range_of_scores(three):
    assert names(search(fq="completeness_band:low")) == ["barely-documented"]
    assert names(search(fq="completeness_band:medium")) == ["half-documented"]
    assert names(search(fq="completeness:[80 TO 100]")) == ["well-documented"]
    assert names(search(fq="completeness:[* TO 79]", sort="name asc")) == [
        "barely-documented",
        "half-documented",
    ]


def test_search_sorts_by_score_both_ways(three):
    assert names(search(sort="completeness asc")) == [
        "barely-documented",
        "half-documented",
        "well-documented",
    ]
    assert names(search(sort="completeness desc"))[0] == "well-documented"


def test_the_band_facet_counts_and_labels_each_band(app, three):
    with app.flask_app.test_request_context():
        facet = search(**{"facet.field": json.dumps(["completeness_band"])})[
            "search_facets"
        ]["completeness_band"]
    assert {i["name"]: (i["display_name"], i["count"]) for i in facet["items"]} == {
        "high": ("High (80-100)", 1),
        "medium": ("Medium (50-79)", 1),
        "low": ("Low (0-49)", 1),
    }


def test_the_search_page_offers_the_band_facet_and_filters_by_it(app, three):
    page = app.get("/dataset/", query_string={"completeness_band": "low"})
    html = page.get_data(as_text=True)
    assert "Metadata completeness" in html
    assert "Low (0-49)" in html
    assert "barely-documented" in html
    assert "well-documented" not in html


# -- the demo catalogue ---------------------------------------------------------


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_demo_catalogue_is_scored_as_its_metadata_says(cli):
    assert cli.invoke(ckan, ["imnet", "demo", "load"]).exit_code == 0
    indexed = {
        d["name"]: d
        for d in search(
            rows=1000,
            fl="name,completeness,completeness_band",
            fq="+dataset_type:dataset",  # the registry's assessments are unscored
        )["results"]
    }
    # The index holds the score of every dataset as it is shown.
    for name, found in indexed.items():
        assessment = completeness.assess(helpers.call_action("package_show", id=name))
        assert found["completeness"] == assessment.score, name
        assert found["completeness_band"] == assessment.band, name

    def missing(name):
        dataset = helpers.call_action("package_show", id=name)
        return [rule.name for rule in completeness.assess(dataset).missing]

    # The 2017 Living Conditions Survey is documented but for a contact.
    assert indexed["mlcs-2017"]["completeness"] == 96
    assert missing("mlcs-2017") == ["contact"]
    # The SMART survey is restricted: it also lacks caveats for requesters.
    assert missing("smart-nutrition-survey-rakhine") == ["caveats", "contact"]
    # IDP sites in Rakhine: sites without townships, no method, no period.
    assert missing("idp-sites-rakhine") == [
        "methodology",
        "township_coverage",
        "temporal_coverage",
        "caveats",
        "contact",
    ]
    assert indexed["idp-sites-rakhine"]["completeness"] == 62
    summary = helpers.call_action("imnet_completeness_summary")
    assert summary["count"] == len(indexed)
    assert summary["average"] == round(
        sum(d["completeness"] for d in indexed.values()) / len(indexed), 1
    )
    assert sum(summary["bands"].values()) == len(indexed)
