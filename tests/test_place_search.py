"""Visitors find datasets by the places they cover: names, Myanmar script, Pcodes.

Why these searches found nothing before (issue 9, item 3): the datasets that
cover Sittwe at township level mostly cover all of Rakhine (or the country)
and never name Sittwe, so no text matched; Pcodes were in no searchable
text; and the demo catalogue coded Sittwe as MMR012005 (Minbya).
"""

from __future__ import annotations

import os

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan
from ckan.lib.search import SearchError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import im_dataset


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization()

    def dataset(name, title, states=(), townships=(), **fields):
        # Descriptions of their own: the factory's random English words
        # ("table", "campaign") would match this file's queries now and then.
        fields.setdefault("notes", "Held by a member of the Network.")
        im_dataset(
            name=name,
            title=title,
            owner_org=org["id"],
            geographic_coverage=list(states),
            township_coverage=list(townships),
            **fields,
        )

    dataset("sittwe-camps", "Camp profiles", townships=["MMR012001"])
    dataset("pauktaw-survey", "Pauktaw survey", townships=["MMR012007"])
    dataset(
        "rakhine-tables",
        "Population tables",
        states=["MMR012"],
        notes="Township tables, also as an atlas.",
    )
    dataset("kachin-tables", "Kachin tables", states=["MMR001"])
    dataset("myitkyina-markets", "Market prices", townships=["MMR001001"])
    dataset("hpa-an-schools", "Schools", townships=["MMR003001"])
    dataset("lashio-clinics", "Clinics", townships=["MMR015001"])
    dataset("union-census", "Union atlas", states=["MMR"])
    dataset(
        "port-report",
        "Port of Sittwe",
        admin_level="not_geographic",
        notes="A report that only mentions the town.",
    )


def names(**params):
    result = helpers.call_action("package_search", rows=50, **params)
    return [d["name"] for d in result["results"]]


# -- what a place query finds -----------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_a_township_finds_what_covers_it_named_first_then_region_then_country():
    assert names(q="Sittwe") == [
        "sittwe-camps",  # names Sittwe
        "rakhine-tables",  # covers all of Rakhine
        "port-report",  # only mentions it: ranked by relevance among the rest
        "union-census",  # countrywide
    ]


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    "query, township_dataset, region_dataset",
    [
        ("Sittwe", "sittwe-camps", "rakhine-tables"),
        ("Hpa-An", "hpa-an-schools", None),
        ("Lashio", "lashio-clinics", None),
        ("Myitkyina", "myitkyina-markets", "kachin-tables"),
        ("MMR001001", "myitkyina-markets", "kachin-tables"),
        ("mmr012001", "sittwe-camps", "rakhine-tables"),
        ("hpa an", "hpa-an-schools", None),
        ("HPAAN", "hpa-an-schools", None),
        ("စစ်တွေ", "sittwe-camps", "rakhine-tables"),
        ("စစ်တွေမြို့နယ်", "sittwe-camps", "rakhine-tables"),
        ("ဘားအံ", "hpa-an-schools", None),
        ("လားရှိုး", "lashio-clinics", None),
        ("မြစ်ကြီးနား", "myitkyina-markets", "kachin-tables"),
    ],
)
def test_the_places_of_the_issue_are_found_by_name_spelling_script_and_pcode(
    query, township_dataset, region_dataset
):
    found = names(q=query)
    assert found[0] == township_dataset
    if region_dataset:
        assert found[1] == region_dataset
    assert found[-1] == "union-census"
    assert "pauktaw-survey" not in found  # same district, another township


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("query", ["Rakhine", "ရခိုင်", "ရခိုင်ပြည်နယ်", "MMR012"])
def test_a_state_region_finds_its_townships_datasets_and_its_own(query):
    found = names(q=query)
    assert set(found[:3]) == {"sittwe-camps", "pauktaw-survey", "rakhine-tables"}
    assert found[3:] == ["union-census"]


@pytest.mark.usefixtures("catalogue")
def test_shan_finds_the_datasets_of_its_three_parts():
    assert names(q="Shan") == ["lashio-clinics", "union-census"]


@pytest.mark.usefixtures("catalogue")
def test_a_level_word_chooses_between_a_township_and_its_district():
    assert "pauktaw-survey" not in names(q="Sittwe township")
    district = names(q="Sittwe district")
    assert set(district[:2]) == {"pauktaw-survey", "sittwe-camps"}
    assert district[2] == "rakhine-tables"


@pytest.mark.usefixtures("catalogue")
def test_a_place_combines_with_other_words():
    assert names(q="camp Sittwe") == ["sittwe-camps"]
    assert names(q="tables Myitkyina") == ["kachin-tables"]
    assert names(q="atlas Sittwe") == ["rakhine-tables", "union-census"]


@pytest.mark.usefixtures("catalogue")
def test_a_place_query_with_a_chosen_order_keeps_that_order():
    result = helpers.call_action("package_search", q="Sittwe", sort="name asc")
    found = [d["name"] for d in result["results"]]
    assert found == sorted(found)
    assert result["sort"] == "name asc"


@pytest.mark.usefixtures("catalogue")
def test_the_api_reports_the_relevance_order_it_was_asked_for():
    result = helpers.call_action("package_search", q="Sittwe")
    assert result["sort"] == "score desc, metadata_modified desc"


@pytest.mark.usefixtures("catalogue")
def test_words_that_are_not_places_search_as_before():
    assert names(q="Pauktaw survey") == ["pauktaw-survey"]
    assert names(q="-Sittwe camp") == []
    # A quoted name is a phrase of the text, as before.
    assert sorted(names(q='"Sittwe"')) == ["port-report", "sittwe-camps"]
    assert names(q="tables") == ["rakhine-tables", "kachin-tables"]


@pytest.mark.usefixtures("catalogue")
def test_the_index_fields_filter_by_coverage_in_the_api():
    def filtered(fq):
        return sorted(names(fq=fq))

    assert filtered("imnet_places:MMR012D001") == ["pauktaw-survey", "sittwe-camps"]
    assert filtered("imnet_whole_places:MMR012") == ["rakhine-tables"]
    assert filtered("imnet_whole_places:MMR") == ["union-census"]
    # A Pcode in a field query's free text finds the datasets naming it.
    assert names(q="title:camp AND MMR012001") == ["sittwe-camps"]


# -- the map box ------------------------------------------------------------------

SITTWE_BOX = "92.8,20.0,93.0,20.2"


@pytest.mark.usefixtures("catalogue")
def test_a_small_box_puts_datasets_of_its_places_above_countrywide_ones():
    # Text alone ranks the countrywide "Union atlas" first ...
    assert names(q="atlas") == ["union-census", "rakhine-tables"]
    # ... within a small box around Sittwe, what covers Sittwe's district comes
    # first: Rakhine's tables, whatever the text relevance.
    assert names(q="atlas", ext_bbox=SITTWE_BOX) == ["rakhine-tables", "union-census"]
    # Without words: the townships of the district, Rakhine, then the country.
    boxed = names(ext_bbox=SITTWE_BOX)
    assert set(boxed[:2]) == {"sittwe-camps", "pauktaw-survey"}
    assert boxed[2:] == ["rakhine-tables", "union-census"]


@pytest.mark.usefixtures("catalogue")
def test_a_box_over_the_whole_country_ranks_by_overlap_alone():
    assert names(ext_bbox="92,9,102,29")[0] == "union-census"


# -- pages ------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
def test_the_search_page_finds_a_township_in_both_languages(app):
    for path, query in (("/dataset/", "Sittwe"), ("/my_MM/dataset/", "စစ်တွေ")):
        page = app.get(path, query_string={"q": query}).get_data(as_text=True)
        assert page.index("Camp profiles") < page.index("Population tables")
        assert page.index("Population tables") < page.index("Union atlas")
        assert "Pauktaw survey" not in page


# -- the demo catalogue, as the issue tried it -----------------------------------


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_places_of_the_issue_find_datasets_of_the_demo_as_a_visitor(cli, app):
    assert cli.invoke(ckan, ["imnet", "demo", "load"]).exit_code == 0

    def visitor_search(**params):
        params = {"fq": "+dataset_type:dataset", **params}  # datasets, not the registry
        response = app.get("/api/3/action/package_search", query_string=params)
        return response.json["result"]["results"]

    def countrywide(dataset):
        return dataset.get("geographic_coverage") == ["MMR"]

    for query in ("Sittwe", "Hpa-An", "Lashio", "Myitkyina", "MMR001001", "စစ်တွေ"):
        found = visitor_search(q=query, rows=100)
        assert found, query
        assert not countrywide(found[0]), query
        # Every dataset specific to the place comes before every countrywide one.
        flags = [countrywide(d) for d in found if d["admin_level"] != "not_geographic"]
        assert flags == sorted(flags), query
    boxed = visitor_search(ext_bbox=SITTWE_BOX, q="township", rows=100)
    flags = [countrywide(d) for d in boxed]
    assert flags == sorted(flags) and not flags[0]


# -- any input --------------------------------------------------------------------

WORDS = ["Sittwe", "စစ်တွေ", "MMR012", "Hpa-An", "district", "camp", "AND", "OR", "-"]
PIECES = [*WORDS, *list(" \"'()[]{}*?~^+!&|\\/:,.")]


@pytest.mark.usefixtures("catalogue")
@settings(
    max_examples=int(os.environ.get("IMNET_HYPOTHESIS_EXAMPLES", "300")) // 3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    syntax=st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
)
def test_queries_with_places_are_answered_or_rejected_cleanly(words, syntax):
    # Words alone are never a syntax error, with or without places ...
    assert isinstance(names(q=words), list)
    # ... and anything else is answered or refused with a search error.
    try:
        names(q=syntax)
    except SearchError as error:
        assert "imnet_places" not in str(error)
    assert names(q="Sittwe")[0] == "sittwe-camps"
