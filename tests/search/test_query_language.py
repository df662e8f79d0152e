"""package_search on the embedded backend: the query language CKAN clients send."""

from __future__ import annotations

import datetime

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan import model


def search(**params):
    return helpers.call_action("package_search", **params)


def names(**params):
    return [d["name"] for d in search(**params)["results"]]


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization(name="mimu", title="MIMU")
    other = factories.Organization(name="unicef", title="UNICEF")
    data = {
        "census-2014": dict(
            title="Population and Housing Census 2014",
            notes="Union-level results of the 2014 census, township tables.",
            tags=[{"name": "population"}, {"name": "census"}],
            owner_org=org["id"],
        ),
        "mlcs-2017": dict(
            title="Myanmar Living Conditions Survey 2017",
            notes="Household survey on poverty and living conditions.",
            tags=[{"name": "poverty"}, {"name": "household survey"}],
            owner_org=org["id"],
        ),
        "school-locations": dict(
            title="School locations",
            notes="Basic education schools with their coordinates. Census of schools.",
            tags=[{"name": "education"}],
            owner_org=other["id"],
        ),
        "wash-4w": dict(
            title="WASH 4W",
            notes="Who does what where in water, sanitation and hygiene.",
            tags=[{"name": "wash"}, {"name": "4w"}],
            owner_org=other["id"],
        ),
        "yangon-markets": dict(
            title="ရန်ကုန်တိုင်းဒေသကြီး ဈေးများ",
            notes="Markets of Yangon Region. ဈေးကွက် စာရင်း",
            tags=[{"name": "markets"}],
            owner_org=org["id"],
        ),
    }
    datasets = {
        name: factories.Dataset(name=name, **fields) for name, fields in data.items()
    }
    return {**datasets, "org": org["id"]}


def as_admin(action, **params):
    admin = factories.Sysadmin()
    return helpers.call_action(action, context={"user": admin["name"]}, **params)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_phrase_never_spans_two_fields_or_two_values():
    # As Solr's position increment gap: the end of one value and the start of
    # the next are not a phrase.
    factories.Dataset(
        owner_org=factories.Organization()["id"],
        name="budget",
        title="Government Expenditure",
        notes="Government spending by ministry.",
        tags=[{"name": "expenditure"}, {"name": "government"}],
    )
    assert names(q='"government expenditure"') == ["budget"]
    assert names(q='"expenditure government"') == []
    assert names(q='"ministry government"') == []


@pytest.mark.usefixtures("catalogue")
class TestFreeText:
    def test_a_word_finds_the_datasets_that_contain_it(self):
        assert set(names(q="census")) == {"census-2014", "school-locations"}

    def test_a_title_match_ranks_above_a_description_match(self):
        assert names(q="census") == ["census-2014", "school-locations"]

    def test_english_stemming_matches_other_word_forms(self):
        assert names(q="surveys") == ["mlcs-2017"]

    def test_stop_words_are_searchable_like_in_solr(self):
        assert names(q="what where") == ["wash-4w"]

    def test_all_words_must_match_by_default(self):
        assert names(q="household poverty") == ["mlcs-2017"]
        assert names(q="household education") == []

    def test_a_quoted_phrase_matches_only_in_that_order(self):
        assert names(q='"living conditions"') == ["mlcs-2017"]
        assert names(q='"conditions living"') == []

    def test_minus_excludes_and_plus_requires(self):
        assert names(q="census -schools") == ["census-2014"]
        assert names(q="+census +schools") == ["school-locations"]

    def test_tags_and_dataset_names_are_searched(self):
        assert names(q="4w") == ["wash-4w"]
        assert names(q="mlcs") == ["mlcs-2017"]

    def test_myanmar_script_matches_the_start_of_a_word(self):
        # Myanmar writes words without spaces: "Yangon" is the start of "Yangon Region".
        assert names(q="ရန်ကုန်") == ["yangon-markets"]
        assert names(q="ဈေးကွက်") == ["yangon-markets"]

    def test_an_empty_query_returns_everything(self):
        assert search(q="")["count"] == 5
        assert search(q="*:*")["count"] == 5


@pytest.mark.usefixtures("catalogue")
class TestFieldedQueries:
    def test_field_value(self):
        assert names(q="tags:education") == ["school-locations"]
        assert names(q="organization:unicef", sort="name asc") == [
            "school-locations",
            "wash-4w",
        ]

    def test_quoted_value_of_a_multi_word_tag(self):
        assert names(q='tags:"household survey"') == ["mlcs-2017"]

    def test_string_fields_match_exactly(self):
        assert names(q="tags:house") == []
        assert names(q="name:mlcs") == []

    def test_wildcards_on_string_fields(self):
        assert names(q="name:mlcs*") == ["mlcs-2017"]
        assert names(q="name:?ash-4w") == ["wash-4w"]

    def test_text_fields_match_words(self):
        assert names(q="title:survey") == ["mlcs-2017"]
        assert names(q="notes:coordinates") == ["school-locations"]

    def test_a_trailing_wildcard_on_a_text_field(self):
        # Stems that begin with the prefix as typed, or the prefix's own stem.
        assert names(q="title:cens*") == ["census-2014"]
        assert names(q="title:CENS*") == ["census-2014"]
        assert names(q="title:population*") == ["census-2014"]  # stem "popul"
        assert names(q="title:censuses*") == ["census-2014"]  # stem "census"
        assert set(names(q="title:s*")) == {"school-locations", "mlcs-2017"}
        assert names(q="text:hygien*") == ["wash-4w"]

    def test_wildcards_inside_or_before_a_word_of_a_text_field(self):
        # As Solr: the pattern matches a stem ("locations" is "locat").
        assert names(q="title:*ocat*") == ["school-locations"]
        assert names(q="title:*CENSUS") == ["census-2014"]
        assert names(q="title:sur?ey") == ["mlcs-2017"]
        assert names(q="title:h*s") == ["census-2014"]  # "Housing" is "hous"
        # Words as written match too, not only their stems ("survey" is
        # "survey", "locations" is "locat", "hygiene" is "hygien").
        assert names(q="title:*locations") == ["school-locations"]
        assert names(q="notes:*hygiene*") == ["wash-4w"]
        assert set(names(q="title:*ation*")) == {"school-locations", "census-2014"}
        assert set(names(q="title:*ing*")) == {"census-2014", "mlcs-2017"}
        assert names(q="title:*nowhere*") == []
        assert set(names(q="-title:*ocat*")) == {
            "census-2014",
            "mlcs-2017",
            "wash-4w",
            "yangon-markets",
        }

    def test_wildcards_inside_or_before_a_word_of_the_default_field(self):
        assert names(q="text:*ygien*") == ["wash-4w"]
        assert names(q="text:*hygiene") == ["wash-4w"]
        assert names(q="*ygien* AND tags:4w") == ["wash-4w"]
        assert set(names(q="text:*ensus")) == {"census-2014", "school-locations"}
        assert names(q="text:*nowhere*") == []
        assert search(q="text:*")["count"] == 5
        # Without a field the query is DisMax, as CKAN sends it to Solr:
        # its wildcards are plain characters.
        assert names(q="*ygien*") == []

    def test_a_group_of_values_for_one_field(self):
        assert set(names(q="tags:(wash OR education)")) == {
            "wash-4w",
            "school-locations",
        }

    def test_boolean_operators_and_parentheses(self):
        result = names(q="(tags:wash OR tags:poverty) AND NOT organization:unicef")
        assert result == ["mlcs-2017"]

    def test_field_exists(self):
        assert search(q="tags:*")["count"] == 5
        assert search(q="url:*")["count"] == 0

    def test_fielded_and_free_text_together(self):
        assert names(q="organization:mimu census") == ["census-2014"]


@pytest.mark.usefixtures("catalogue")
class TestRanges:
    def test_date_ranges_with_now(self):
        assert search(q="metadata_created:[NOW-1DAY TO NOW]")["count"] == 5
        assert search(q="metadata_created:[* TO NOW-1DAY]")["count"] == 0
        assert search(fq="metadata_modified:[NOW/DAY TO *]")["count"] == 5

    def test_explicit_date_ranges(self):
        today = datetime.date.today()
        tomorrow = today + datetime.timedelta(days=1)
        start = f"{today.isoformat()}T00:00:00Z"
        end = f"{tomorrow.isoformat()}T00:00:00Z"
        assert search(q=f"metadata_created:[{start} TO {end}]")["count"] == 5
        assert search(q=f"metadata_created:{{{end} TO *]")["count"] == 0

    def test_numeric_ranges(self):
        assert search(q="num_tags:[2 TO *]")["count"] == 3
        assert search(q="num_tags:{1 TO 2}")["count"] == 0

    def test_string_ranges(self):
        assert names(q="name:[a TO d]", sort="name asc") == ["census-2014"]


@pytest.mark.usefixtures("catalogue")
class TestFilters:
    def test_fq_and_fq_list_are_all_applied(self):
        result = search(q="census", fq="organization:mimu", fq_list=["tags:population"])
        assert [d["name"] for d in result["results"]] == ["census-2014"]
        none = search(fq="organization:mimu", fq_list=["tags:education"])
        assert none["count"] == 0

    def test_filters_do_not_change_the_ranking_terms(self):
        assert names(q="census", fq="+tags:*") == ["census-2014", "school-locations"]


@pytest.mark.usefixtures("catalogue")
class TestFacets:
    def test_counts_over_the_filtered_results(self):
        result = search(q="census", **{"facet.field": '["organization", "tags"]'})
        facets = result["search_facets"]
        orgs = {i["name"]: i["count"] for i in facets["organization"]["items"]}
        assert orgs == {"mimu": 1, "unicef": 1}
        tags = {i["name"]: i["count"] for i in facets["tags"]["items"]}
        assert tags == {"population": 1, "census": 1, "education": 1}

    def test_multi_valued_fields_count_each_value(self):
        result = search(**{"facet.field": '["tags"]', "facet.limit": -1})
        tags = {i["name"]: i["count"] for i in result["search_facets"]["tags"]["items"]}
        assert len(tags) == 8
        assert tags["wash"] == 1

    def test_facet_limit_keeps_the_most_frequent_values(self, catalogue):
        for _ in range(2):
            factories.Dataset(tags=[{"name": "popular"}], owner_org=catalogue["org"])
        result = search(**{"facet.field": '["tags"]', "facet.limit": 1})
        items = result["search_facets"]["tags"]["items"]
        assert [(i["name"], i["count"]) for i in items] == [("popular", 2)]

    def test_facet_mincount(self, catalogue):
        factories.Dataset(tags=[{"name": "census"}], owner_org=catalogue["org"])
        result = search(**{"facet.field": '["tags"]', "facet.mincount": 2})
        items = result["search_facets"]["tags"]["items"]
        assert [(i["name"], i["count"]) for i in items] == [("census", 2)]

    def test_organisation_facet_has_display_names(self):
        result = search(**{"facet.field": '["organization"]'})
        items = result["search_facets"]["organization"]["items"]
        assert {i["display_name"] for i in items} == {"MIMU", "UNICEF"}


@pytest.mark.usefixtures("catalogue")
class TestSortingAndPaging:
    def test_sort_by_name_both_ways(self):
        ascending = names(sort="name asc")
        assert ascending == sorted(ascending)
        assert names(sort="name desc") == list(reversed(ascending))

    def test_sort_by_title_string(self):
        result = names(sort="title_string asc")
        assert result[:2] == ["mlcs-2017", "census-2014"]

    def test_sort_by_several_keys(self):
        result = names(sort="organization asc, name desc")
        assert result == [
            "yangon-markets",
            "mlcs-2017",
            "census-2014",
            "wash-4w",
            "school-locations",
        ]

    def test_sort_by_modification_date_follows_updates(self, catalogue):
        as_admin("package_patch", id=catalogue["wash-4w"]["id"], notes="Updated")
        assert names(sort="metadata_modified desc")[0] == "wash-4w"
        assert names(sort="metadata_modified asc")[-1] == "wash-4w"

    def test_unknown_sort_fields_are_tolerated(self):
        assert search(sort="no_such_field asc")["count"] == 5

    def test_rows_and_start_page_through_results(self):
        everything = names(sort="name asc", rows=5)
        pages = [names(sort="name asc", rows=2, start=s) for s in (0, 2, 4)]
        assert sum(pages, []) == everything
        assert search(rows=0)["results"] == []
        assert search(rows=0)["count"] == 5


@pytest.mark.usefixtures("catalogue")
class TestFieldLists:
    def test_fl_returns_the_requested_fields(self):
        result = search(q="name:mlcs-2017", fl=["name", "title"])["results"]
        assert result == [
            {"name": "mlcs-2017", "title": "Myanmar Living Conditions Survey 2017"}
        ]

    def test_fl_id_returns_ids(self, catalogue):
        result = search(q="name:wash-4w", fl=["id"])["results"]
        assert result == [{"id": catalogue["wash-4w"]["id"]}]

    def test_without_fl_results_are_full_dataset_dicts(self, catalogue):
        [result] = search(q="name:wash-4w")["results"]
        assert result["organization"]["name"] == "unicef"
        assert [t["name"] for t in result["tags"]] == ["4w", "wash"]

    def test_non_stored_fields_are_never_returned(self):
        [result] = search(q="name:wash-4w", fl=["name", "text", "permission_labels"])[
            "results"
        ]
        assert result == {"name": "wash-4w"}


@pytest.mark.usefixtures("catalogue")
class TestIndexLifecycle:
    def test_updates_are_searchable_at_once(self, catalogue):
        as_admin("package_patch", id=catalogue["wash-4w"]["id"], title="Water points")
        assert names(q="water points") == ["wash-4w"]

    def test_deleted_datasets_leave_the_results(self, catalogue):
        as_admin("package_delete", id="wash-4w")
        assert "wash-4w" not in names(q="*:*")

    def test_purged_datasets_leave_the_index(self, catalogue):
        as_admin("dataset_purge", id="wash-4w")
        assert search(q="name:wash-4w", include_deleted=True)["count"] == 0

    def test_a_rolled_back_dataset_is_not_indexed(self):
        pkg = model.Package(name="never-committed", title="Never committed")
        model.Session.add(pkg)
        model.Session.flush()
        model.Session.rollback()
        assert search(q="name:never-committed")["count"] == 0


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_trailing_wildcard_is_not_the_stem_of_the_prefix():
    # "cens" is stemmed "cen": a stemmed prefix found "central" for cens*.
    org = factories.Organization()["id"]
    factories.Dataset(name="census", title="Census of camps", owner_org=org)
    factories.Dataset(name="dry-zone", title="Central Dry Zone rainfall", owner_org=org)
    assert names(q="title:cens*") == ["census"]
    assert names(q="cens*", defType="edismax") == ["census"]
    assert set(names(q="title:cen*")) == {"census", "dry-zone"}
