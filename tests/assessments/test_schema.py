"""The ``assessment`` dataset type: what it stores and who may see it."""

from __future__ import annotations

import json

import ckan.lib.search as search
import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.factories import assessment, im_dataset

pytestmark = pytest.mark.usefixtures("with_plugins", "with_request_context")

# A box around Yangon (the factory's township MMR013001): not the Gulf of Guinea.
YANGON_BOX = "95.9,16.6,96.4,17.1"


def _show(user, id_):
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action("package_show", context=context, id=id_)


@pytest.fixture
def org(clean_db, clean_index):
    editor = factories.User(name="lead-editor")
    organisation = factories.Organization(
        name="lead-agency", users=[{"name": editor["name"], "capacity": "editor"}]
    )
    return organisation, editor


def test_an_assessment_keeps_its_fields_and_links_a_dataset(org):
    organisation, editor = org
    report = im_dataset(owner_org=organisation["id"], name="wash-report-2026")
    made = assessment(
        user=editor,
        owner_org=organisation["id"],
        partners=["Partner NGO", "Township WASH committee"],
        population_group=["idps", "host_communities"],
        status="ongoing",
        actual_start="2026-12-03",
        report_availability="public",
        report_dataset="wash-report-2026",
        data_availability="on_request",
    )
    shown = _show(editor, made["name"])
    assert shown["type"] == "assessment"
    assert shown["status"] == "ongoing"
    assert shown["geographic_coverage"] == ["MMR013"]
    assert shown["township_coverage"] == ["MMR013001"]
    assert shown["partners"] == ["Partner NGO", "Township WASH committee"]
    assert shown["population_group"] == ["idps", "host_communities"]
    assert shown["report_dataset"] == report["id"]
    assert shown["data_availability"] == "on_request"
    assert shown["spatial"]  # drawn from the township: on the map


def test_fields_are_checked_as_for_datasets(org):
    organisation, editor = org
    with pytest.raises(tk.ValidationError) as error:
        assessment(
            user=editor,
            owner_org=organisation["id"],
            status="finished",
            township_coverage=["MMR999999"],
            planned_end="2026-11-01",
            report_dataset="no-such-dataset",
            sensitivity="confidential",
        )
    fields = error.value.error_dict
    assert {
        "status",
        "township_coverage",
        "planned_end",
        "report_dataset",
        "sensitivity_rationale",
    } <= set(fields)
    assert fields["planned_end"] == [
        "The end of data collection cannot be before its start"
    ]


def test_a_confidential_assessment_is_not_there_for_the_public(org):
    organisation, editor = org
    made = assessment(
        user=editor,
        owner_org=organisation["id"],
        sensitivity="confidential",
        sensitivity_rationale="Conflict-affected townships",
    )
    loner = factories.User()
    with pytest.raises(tk.ObjectNotFound):
        _show(None, made["id"])
    with pytest.raises(tk.ObjectNotFound):
        _show(loner, made["id"])
    assert _show(editor, made["id"])["sensitivity"] == "confidential"


def test_an_assessment_without_a_title_is_refused(org):
    organisation, editor = org
    for title in ("", "   ", None):
        with pytest.raises(tk.ValidationError) as error:
            assessment(user=editor, owner_org=organisation["id"], title=title)
        assert error.value.error_dict["title"] == ["Missing value"]


def test_a_product_is_a_dataset_of_this_catalogue_named_or_linked_from_this_site(
    org,
):
    """Its name, or the address of its page on this site (``ckan.site_url``,
    with or without a language) -- never a page of another site."""
    organisation, editor = org
    report = im_dataset(owner_org=organisation["id"], name="health-facilities")
    for given in (
        "health-facilities",
        "http://test.imnet.local/dataset/health-facilities",
        "https://TEST.imnet.local/my_MM/dataset/health-facilities/?tab=1",
        "/dataset/health-facilities",
        "/my_MM/dataset/health-facilities",
    ):
        made = assessment(
            user=editor, owner_org=organisation["id"], report_dataset=given
        )
        assert made["report_dataset"] == report["id"], given
    for given in (
        "http://evil.example/dataset/health-facilities",
        "https://evil.example/my_MM/dataset/health-facilities",
        "//evil.example/dataset/health-facilities",
        "http://test.imnet.local.evil.example/dataset/health-facilities",
        "ftp://test.imnet.local/dataset/health-facilities",
        "/elsewhere/dataset/health-facilities",
    ):
        with pytest.raises(tk.ValidationError) as error:
            assessment(user=editor, owner_org=organisation["id"], report_dataset=given)
        assert error.value.error_dict["report_dataset"] == [
            f'No dataset of this catalogue is called "{given}"'
        ], given


def test_an_assessment_is_on_the_map_where_its_places_are_whatever_extent_is_given(
    org,
):
    """A geometry given through the API is not stored: the map and its box
    search show an assessment where its township is (Yangon), not at 0,0."""
    organisation, editor = org
    made = assessment(
        user=editor,
        owner_org=organisation["id"],
        name="yangon-wash",
        spatial='{"type": "Point", "coordinates": [0, 0]}',
    )
    assert json.loads(made["spatial"])["type"] == "Polygon"
    updated = helpers.call_action(
        "package_patch",
        context={"user": editor["name"]},
        id=made["id"],
        spatial='{"type": "Point", "coordinates": [0, 0]}',
    )
    assert updated["spatial"] == made["spatial"]

    def boxed(bbox: str) -> list[str]:
        found = helpers.call_action(
            "package_search",
            fq="+dataset_type:assessment",
            extras={"ext_bbox": bbox},
        )
        return [result["name"] for result in found["results"]]

    assert boxed(YANGON_BOX) == ["yangon-wash"]
    assert boxed("-1,-1,1,1") == []


def test_a_date_of_data_collection_must_be_plausible(org):
    """Year 1 or 2101 is a typing slip: each of the four dates says so."""
    organisation, editor = org
    with pytest.raises(tk.ValidationError) as error:
        assessment(
            user=editor,
            owner_org=organisation["id"],
            planned_start="0001-01-01",
            planned_end="2101-01-01",
            actual_start="1899-12-31",
            actual_end="9999-12-31",
        )
    message = "Enter a date of data collection from 1900-01-01 to 2100-12-31"
    for field in ("planned_start", "planned_end", "actual_start", "actual_end"):
        assert error.value.error_dict[field] == [message], field
    made = assessment(
        user=editor,
        owner_org=organisation["id"],
        planned_start="1900-01-01",
        planned_end="2100-12-31",
    )
    assert (made["planned_start"], made["planned_end"]) == ("1900-01-01", "2100-12-31")


def test_a_date_stored_before_the_check_is_not_indexed_as_a_year_of_collection(org):
    """An assessment saved with year 1 (before dates were checked) is still
    found, with no year "1" -- nor two thousand years -- in the year facet."""
    organisation, editor = org
    made = assessment(user=editor, owner_org=organisation["id"], name="old-slip")
    package = model.Package.get(made["id"])
    package.extras = {**package.extras, "planned_start": "0001-01-01"}
    model.Session.commit()
    search.rebuild(made["id"])
    found = helpers.call_action(
        "package_search",
        fq="+dataset_type:assessment",
        **{"facet.field": '["assessment_year"]'},
    )
    assert [result["name"] for result in found["results"]] == ["old-slip"]
    assert found["results"][0]["planned_start"] == "0001-01-01"
    assert found["facets"]["assessment_year"] == {}
