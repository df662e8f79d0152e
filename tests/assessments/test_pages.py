"""The registry's pages: search with facets and a map, the assessment page,
the form, and the backlink from a dataset to the assessments it came from."""

from __future__ import annotations

import re
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from werkzeug.datastructures import MultiDict

from tests.access.conftest import headers_for
from tests.factories import assessment, im_dataset

# A box around northern Shan (Lashio, Hsipaw): not the Ayeyarwady delta.
NORTHERN_SHAN_BOX = "96.5,21.5,98.5,23.5"


@pytest.fixture
def registry(clean_db, clean_index) -> dict[str, Any]:
    editor = factories.User(name="lead-editor")
    lead = factories.Organization(
        name="lead-agency",
        title="Lead Agency",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    other = factories.Organization(name="other-agency", title="Other Agency")
    report = im_dataset(
        name="wash-report-2026", title="WASH report 2026", owner_org=lead["id"]
    )
    hidden = im_dataset(
        name="hidden-data",
        title="Hidden survey data",
        owner_org=other["id"],
        sensitivity="strictly_confidential",
        sensitivity_rationale="Conflict area",
    )
    shan = assessment(
        user=editor,
        owner_org=lead["id"],
        name="shan-wash",
        title="Northern Shan WASH assessment",
        status="ongoing",
        partners=["Township WASH committee"],
        geographic_coverage=["MMR015"],
        township_coverage=["MMR015001", "MMR015014"],
        planned_start="2025-11-01",
        planned_end="2026-02-28",
        actual_start="2025-12-15",
        population_group=["idps", "host_communities"],
        sample_size="1200",
        methodology="Two-stage **cluster** sample.",
        report_availability="public",
        report_dataset="wash-report-2026",
        data_availability="on_request",
        data_dataset=hidden["id"],
    )
    delta = assessment(
        owner_org=other["id"],
        name="delta-food",
        title="Delta food security assessment",
        status="report_completed",
        sector=["food_security"],
        geographic_coverage=["MMR017"],
        township_coverage=["MMR017001"],
        planned_start="2023-03-01",
        planned_end="2023-04-30",
        actual_start="2023-03-05",
        actual_end="2023-04-20",
        collection_method=["key_informant_interviews"],
    )
    return {
        "editor": editor,
        "lead": lead,
        "report": report,
        "hidden": hidden,
        "shan": shan,
        "delta": delta,
    }


def _titles(page: str) -> list[str]:
    """The titles of the search results on a page, in order."""
    return re.findall(r'class="dataset-heading">.*?<a [^>]*>([^<]+)</a>', page, re.S)


def test_the_registry_lists_assessments_with_its_facets_orders_and_map(app, registry):
    """/assessment lists assessments, /dataset datasets; the registry's facets
    are labelled and filter, it orders by collection and has a map."""
    registry_page = app.get("/assessment").get_data(as_text=True)
    assert "Northern Shan WASH assessment" in registry_page
    assert "Delta food security assessment" in registry_page
    assert "WASH report 2026" not in registry_page
    dataset_page = app.get("/dataset").get_data(as_text=True)
    assert "WASH report 2026" in dataset_page
    assert "Northern Shan WASH assessment" not in dataset_page
    # The registry is in the main navigation.
    assert re.search(r'<a href="/assessment/?"[^>]*>Assessments</a>', dataset_page)
    # The home page counts and lists datasets (one public), not assessments.
    home = app.get("/").get_data(as_text=True)
    assert 'data-count="1"' in home
    assert "Northern Shan WASH assessment" not in home
    # The lead agency's page lists its datasets and links to its assessments.
    org_page = app.get("/organization/lead-agency").get_data(as_text=True)
    assert _titles(org_page) == ["WASH report 2026"]
    assert 'href="/assessment/?organization=lead-agency"' in org_page
    _facets_are_labelled_and_filter(app, registry_page)
    _newest_collection_first_orders_by_the_start_of_data_collection(app)
    _a_box_on_the_map_keeps_the_assessments_inside_it(app, registry_page)


def _facets_are_labelled_and_filter(app, page: str) -> None:
    for text in (
        "Status",
        "Ongoing",
        "Report completed",
        "Lead agencies",
        "Year of data collection",
        "Population groups",
        "Internally displaced people",
        "Shan (North)",
        "Collection methods",
    ):
        assert text in page, text
    # Data collected over the turn of the year counts in both years.
    found = helpers.call_action(
        "package_search",
        fq="+dataset_type:assessment",
        **{"facet.field": '["assessment_year", "status"]'},
    )
    years = {
        i["name"]: i["count"]
        for i in found["search_facets"]["assessment_year"]["items"]
    }
    assert years == {"2025": 1, "2026": 1, "2023": 1}
    filtered = app.get("/assessment?assessment_year=2026").get_data(as_text=True)
    assert _titles(filtered) == ["Northern Shan WASH assessment"]
    myanmar = app.get("/my_MM/assessment").get_data(as_text=True)
    assert "ဆောင်ရွက်ဆဲ" in myanmar  # "Ongoing"
    # Core's words for the type are whole Myanmar phrases, not "Assessments".
    assert "လေ့လာဆန်းစစ်မှုများ ရှာရန်..." in myanmar  # "Search assessments..."
    assert "ခု တွေ့ရှိခဲ့ပါသည်" in myanmar  # "... found"
    assert "assessments found" not in myanmar
    assert "Assessments" not in myanmar.split("<footer")[0]


def _newest_collection_first_orders_by_the_start_of_data_collection(app) -> None:
    page = app.get(
        "/assessment?sort=collection_start+desc,+metadata_modified+desc"
    ).get_data(as_text=True)
    assert _titles(page) == [
        "Northern Shan WASH assessment",
        "Delta food security assessment",
    ]
    assert "Newest data collection first" in page


def _a_box_on_the_map_keeps_the_assessments_inside_it(app, page: str) -> None:
    assert 'data-module="spatial-query"' in page
    boxed = app.get(f"/assessment?ext_bbox={NORTHERN_SHAN_BOX}").get_data(as_text=True)
    assert _titles(boxed) == ["Northern Shan WASH assessment"]


def test_an_assessment_shows_its_record_and_links_the_products_one_may_see(
    app, registry
):
    page = app.get("/assessment/shan-wash").get_data(as_text=True)
    for text in (
        "imnet-assessment-status-ongoing",
        "Lead Agency",
        "Township WASH committee",
        "Lashio",
        "Hsipaw",
        "2025-12-15",
        "Internally displaced people",
        "1200",
        "<strong>cluster</strong>",
        "Assessment focal point",
        "What is assessed",
        "When: data collection",
        "Places assessed",
    ):
        assert text in page, text
    # The report is a dataset anyone may see: linked by its title.
    assert 'href="/dataset/wash-report-2026"' in page
    assert "WASH report 2026" in page
    # The data is a strictly confidential dataset of another agency: its
    # availability only, as if it were not linked.
    assert "On request" in page
    assert "Hidden survey data" not in page
    assert "hidden-data" not in page
    assert registry["hidden"]["id"] not in page
    # No resources, no "Add data"; no empty section (nothing under Access).
    assert "Data and Resources" not in page
    assert ">Access</h3>" not in page
    # The report's page lists the assessment it came from, with its status.
    page = app.get("/dataset/wash-report-2026").get_data(as_text=True)
    assert "From the assessment registry" in page
    assert 'href="/assessment/shan-wash"' in page
    assert "imnet-assessment-status-ongoing" in page


def test_the_form_is_in_the_registrys_sections_with_one_save(app, registry):
    headers = headers_for(registry["editor"])
    form = app.get("/assessment/new", headers=headers).get_data(as_text=True)
    for title in ("What is assessed", "Who leads it", "When: data collection"):
        assert title in form, title
    assert "Save assessment" in form
    assert "Add data" not in form
    assert "Next: Add Data" not in form
    assert "What is the assessment registry?" in form
    assert "What are datasets?" not in form
    _saving_creates_the_assessment_and_shows_its_page(app, registry, headers)


def _form(lead: dict[str, Any], **fields: Any) -> MultiDict:
    """The new-assessment form as the browser posts it: CKAN's stage field
    after the registry's empty one, then the required fields."""
    values = {
        "title": "Kachin protection monitoring",
        "name": "kachin-protection",
        "status": "planned",
        "sector": "protection",
        "owner_org": lead["id"],
        "maintainer": "Protection focal point",
        "geographic_coverage": "MMR001",
        "planned_start": "2027-01-10",
        "planned_end": "2027-02-10",
        "collection_method": "key_informant_interviews",
        "sensitivity": "public",
        **fields,
    }
    return MultiDict(
        [("_ckan_phase", ""), ("_ckan_phase", "dataset_new_1"), ("pkg_name", "")]
        + list(values.items())
        + [("save", "")]
    )


def _saving_creates_the_assessment_and_shows_its_page(
    app, registry: dict[str, Any], headers: dict[str, str]
) -> None:
    """An error, then its correction: saved active, its page shown."""
    refused = app.post(
        "/assessment/new",
        headers=headers,
        data=_form(registry["lead"], planned_end="2026-12-01"),
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "cannot be before its start" in page
    assert "Kachin protection monitoring" in page  # nothing typed is lost
    saved = app.post(
        "/assessment/new",
        headers=headers,
        data=_form(registry["lead"]),
        follow_redirects=False,
    )
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/assessment/kachin-protection")
    created = helpers.call_action("package_show", id="kachin-protection")
    assert created["state"] == "active"
    assert created["type"] == "assessment"
    assert "_ckan_phase" not in created and "pkg_name" not in created
    # Edited the same way: one "Update assessment", back to its page.
    form = app.get("/assessment/edit/kachin-protection", headers=headers)
    edit_page = form.get_data(as_text=True)
    assert "Update assessment" in edit_page
    assert "Reorder resources" not in edit_page
    updated = app.post(
        "/assessment/edit/kachin-protection",
        headers=headers,
        data=_form(registry["lead"], status="ongoing", actual_start="2027-01-12"),
        follow_redirects=False,
    )
    assert updated.status_code == 302
    assert updated.headers["Location"].endswith("/assessment/kachin-protection")
    edited = helpers.call_action("package_show", id="kachin-protection")
    assert (edited["status"], edited["actual_start"]) == ("ongoing", "2027-01-12")


def _selected(form: str, select_id: str) -> list[str]:
    """The values chosen in a select of a form page."""
    select = re.search(rf'<select id="{select_id}".*?</select>', form, re.S)
    assert select is not None, select_id
    return re.findall(r'<option value="([^"]*)"\s*selected', select.group(0))


def test_a_new_assessment_is_public_and_led_by_the_users_only_organisation(
    app, registry
):
    """So the first save neither hides it from other agencies nor fails for
    want of a lead agency; a member of two organisations chooses."""
    headers = headers_for(registry["editor"])
    form = app.get("/assessment/new", headers=headers).get_data(as_text=True)
    assert _selected(form, "field-private") == ["False"]
    assert _selected(form, "field-organizations") == [registry["lead"]["id"]]
    both = factories.User()
    for name in ("lead-agency", "other-agency"):
        helpers.call_action(
            "organization_member_create",
            id=name,
            username=both["name"],
            role="editor",
        )
    form = app.get("/assessment/new", headers=headers_for(both)).get_data(as_text=True)
    assert _selected(form, "field-private") == ["False"]
    assert _selected(form, "field-organizations") == []
    # A choice already made (a refused save) is kept.
    refused = app.post(
        "/assessment/new",
        headers=headers,
        data=_form(registry["lead"], private="True", planned_end="2026-12-01"),
    ).get_data(as_text=True)
    assert _selected(refused, "field-private") == ["True"]
    # A dataset's form keeps core's default.
    form = app.get("/dataset/new", headers=headers).get_data(as_text=True)
    assert _selected(form, "field-private") != ["False"]
