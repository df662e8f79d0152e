"""Visitors find datasets by every IM field, with labels in their language."""

from __future__ import annotations

import json

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.factories import im_dataset

IM_FACETS = [
    "sensitivity",
    "sector",
    "geographic_coverage",
    "township_coverage",
    "admin_level",
    "sadd",
    "collection_method",
    "data_owner",
    "data_category",
]


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization(name="wash-cluster", title="WASH Cluster")
    im_dataset(
        name="wash-4w",
        title="WASH 4W",
        owner_org=org["id"],
        sector=["wash", "health"],
        geographic_coverage=["MMR012", "MMR001"],
        data_owner="WASH Cluster",
        sadd="sex_only",
        collection_method=["compilation_of_partner_reports"],
    )
    im_dataset(
        name="camp-water-points",
        title="Camp water points",
        owner_org=org["id"],
        sector=["wash"],
        geographic_coverage=["MMR012"],
        admin_level="point",
        sensitivity="restricted",
        sensitivity_rationale="Facility locations",
        data_owner="WASH Cluster",
    )
    im_dataset(
        name="yangon-census",
        title="Yangon census tables",
        owner_org=org["id"],
        geographic_coverage=[],
        township_coverage=["MMR013001"],
    )


def facets(**params):
    result = helpers.call_action(
        "package_search", **{"facet.field": json.dumps(IM_FACETS), **params}
    )
    return {
        field: {i["name"]: (i["display_name"], i["count"]) for i in f["items"]}
        for field, f in result["search_facets"].items()
    }


@pytest.mark.usefixtures("catalogue")
def test_api_facets_count_each_value_of_multi_valued_fields():
    found = facets()
    assert found["sector"]["wash"] == ("Water, Sanitation and Hygiene (WASH)", 2)
    assert found["sector"]["health"] == ("Health", 1)
    assert found["geographic_coverage"]["MMR012"] == ("Rakhine", 2)
    assert found["geographic_coverage"]["MMR001"] == ("Kachin", 1)
    # A township's State/Region is counted too.
    assert found["geographic_coverage"]["MMR013"] == ("Yangon", 1)
    assert found["township_coverage"] == {"MMR013001": ("Insein", 1)}
    assert found["sadd"]["sex_only"] == ("Sex only", 1)
    assert found["sensitivity"]["restricted"] == ("Restricted", 1)
    # "WASH Cluster" names the organisation of that title.
    assert found["data_owner"]["wash-cluster"] == ("WASH Cluster", 2)
    assert found["collection_method"]["compilation_of_partner_reports"] == (
        "Compilation of partner reports (3W/4W)",
        1,
    )


@pytest.mark.usefixtures("catalogue")
def test_filtering_by_im_fields():
    def names(fq):
        result = helpers.call_action("package_search", fq=fq, sort="name asc")
        return [d["name"] for d in result["results"]]

    assert names("geographic_coverage:MMR012 AND sector:health") == ["wash-4w"]
    assert names("admin_level:point") == ["camp-water-points"]
    assert names("township_coverage:MMR013001") == ["yangon-census"]
    assert names("sadd:sex_and_age") == ["camp-water-points", "yangon-census"]


@pytest.mark.usefixtures("catalogue")
def test_facet_counts_follow_the_filters():
    found = facets(fq="geographic_coverage:MMR012")
    assert found["sector"]["wash"][1] == 2
    assert "MMR013" not in found["geographic_coverage"]


@pytest.mark.usefixtures("catalogue")
def test_labels_of_places_and_sectors_are_searchable_in_both_languages():
    def names(q):
        result = helpers.call_action("package_search", q=q, sort="name asc")
        return [d["name"] for d in result["results"]]

    assert names("Rakhine") == ["camp-water-points", "wash-4w"]
    assert names("ရခိုင်ပြည်နယ်") == ["camp-water-points", "wash-4w"]
    assert names("ကျန်းမာရေး") == ["wash-4w"]  # "Health" in Myanmar


@pytest.mark.usefixtures("catalogue")
def test_search_page_shows_the_im_facets_with_labels(app):
    page = app.get("/dataset/").get_data(as_text=True)
    for title in (
        "Sensitivity",
        "Sectors",
        "States/Regions",
        "Townships",
        "Administrative level",
        "Sex and age disaggregation",
        "Collection methods",
        "Data owners",
        "Data categories",
    ):
        assert title in page
    assert "Rakhine" in page
    assert "Insein" in page
    assert "Water, Sanitation and Hygiene (WASH)" in page
    assert "Restricted" in page


@pytest.mark.usefixtures("catalogue")
def test_search_page_filters_by_state_region_and_sector(app):
    page = app.get(
        "/dataset/", query_string={"geographic_coverage": "MMR012", "sector": "health"}
    ).get_data(as_text=True)
    assert "1 dataset found" in page
    assert "WASH 4W" in page
    assert "Camp water points" not in page


@pytest.mark.usefixtures("catalogue")
def test_search_page_filters_by_township(app):
    page = app.get(
        "/dataset/", query_string={"township_coverage": "MMR013001"}
    ).get_data(as_text=True)
    assert "1 dataset found" in page
    assert "Yangon census tables" in page
    assert "WASH 4W" not in page


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_townships_of_the_same_name_are_told_apart_by_their_state_region():
    org = factories.Organization()
    im_dataset(
        owner_org=org["id"],
        geographic_coverage=[],
        township_coverage=["MMR007014", "MMR013006"],
    )
    labels = {label for label, _count in facets()["township_coverage"].values()}
    assert labels == {"Htantabin (Bago (East))", "Htantabin (Yangon)"}


@pytest.mark.usefixtures("catalogue")
def test_search_page_in_myanmar_labels_facets_in_myanmar(app):
    page = app.get("/my_MM/dataset/").get_data(as_text=True)
    assert "ပြည်နယ်/တိုင်းဒေသကြီးများ" in page  # "States/Regions"
    assert "ရခိုင်ပြည်နယ်" in page  # Rakhine State
    assert "မြို့နယ်များ" in page  # "Townships"
    assert "အင်းစိန်" in page  # Insein
    assert "ကန့်သတ်ထားသည်" in page  # "Restricted"


@pytest.mark.usefixtures("catalogue")
def test_organisation_page_has_the_im_facets(app):
    page = app.get("/organization/wash-cluster").get_data(as_text=True)
    assert "States/Regions" in page
    assert "Sectors" in page


@pytest.mark.usefixtures("catalogue")
def test_search_results_show_sensitivity_and_coverage(app):
    page = app.get("/dataset/", query_string={"q": "camp"}).get_data(as_text=True)
    assert "imnet-sensitivity-restricted" in page
    assert "Rakhine" in page
    assert "Site or facility (coordinates)" in page


@pytest.fixture
def statistics(clean_db, clean_index):
    """Datasets naming the Central Statistical Organization three ways, and
    one owner that is not on the list."""
    org = factories.Organization()
    for name, owner in (
        ("mlcs", "Central Statistical Organization"),
        ("gdp", "Central Statistical Organization (CSO)"),
        ("lfs", "CSO"),
        ("mdhs", "Ministry of Health and Sports"),
    ):
        im_dataset(name=name, title=name.upper(), owner_org=org["id"], data_owner=owner)
    im_dataset(
        name="dialogues",
        title="Dialogue events",
        owner_org=org["id"],
        data_owner="other",
        data_owner_other="Peace Support Fund partners",
    )


@pytest.mark.usefixtures("statistics")
def test_one_owner_written_three_ways_is_one_facet_value():
    found = facets()["data_owner"]
    assert found == {
        "central_statistical_organization": ("Central Statistical Organization", 3),
        "ministry_of_health": ("Ministry of Health", 1),
        "other": ("Other (not on the list)", 1),
    }


@pytest.mark.usefixtures("statistics")
def test_the_data_owner_facet_filters_and_is_labelled_in_the_visitor_s_language(
    app,
):
    page = app.get(
        "/my_MM/dataset/",
        query_string={"data_owner": "central_statistical_organization"},
    ).get_data(as_text=True)
    assert "ဗဟိုစာရင်းအင်းအဖွဲ့" in page  # the facet item, in Myanmar
    for title in ("MLCS", "GDP", "LFS"):
        assert title in page
    assert "MDHS" not in page


@pytest.mark.usefixtures("statistics")
def test_any_name_of_an_owner_finds_its_datasets():
    def names(q):
        result = helpers.call_action("package_search", q=q, sort="name asc")
        return [d["name"] for d in result["results"]]

    assert names("MoHS") == ["mdhs"]
    assert names("ကျန်းမာရေးဝန်ကြီးဌာန") == ["mdhs"]  # Ministry of Health
    assert names("CSO") == ["gdp", "lfs", "mlcs"]
    assert names("Peace Support Fund") == ["dialogues"]
