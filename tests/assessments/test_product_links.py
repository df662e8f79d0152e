"""A product's catalogue dataset is told only to those who may see the dataset.

A public assessment may name a strictly confidential dataset as its report:
everyone sees the assessment, only the dataset's organisation and MIMU learn
which dataset it is -- not from ``package_show``, search results, facets, a
query on the backlink field, nor the activity stream.
"""

from __future__ import annotations

import json

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.access.conftest import headers_for
from tests.factories import assessment, im_dataset


@pytest.fixture
def linked(clean_db, clean_index):
    member = factories.User(name="lead-member")
    editor = factories.User(name="lead-editor")
    org = factories.Organization(
        name="lead-agency",
        users=[
            {"name": member["name"], "capacity": "member"},
            {"name": editor["name"], "capacity": "editor"},
        ],
    )
    secret = im_dataset(
        owner_org=org["id"],
        name="case-records",
        title="Case records",
        sensitivity="strictly_confidential",
        sensitivity_rationale="Protection cases",
    )
    open_data = im_dataset(owner_org=org["id"], name="survey-tables", title="Tables")
    made = assessment(
        user=editor,
        owner_org=org["id"],
        name="protection-assessment",
        title="Protection assessment",
        report_availability="restricted",
        report_dataset=secret["id"],
        data_availability="public",
        data_dataset=open_data["id"],
    )
    # A second version, so that the activity stream holds a snapshot to read
    # (made by a person: the site user's activity is not listed).
    helpers.call_action(
        "package_patch",
        context={"user": editor["name"]},
        id=made["id"],
        notes="Objectives revised",
    )
    return {
        "member": member,
        "loner": factories.User(name="no-org"),
        "secret": secret,
        "open": open_data,
    }


def _api(app, user, action, **params):
    response = app.get(
        f"/api/3/action/{action}", query_string=params, headers=headers_for(user)
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_package_show_names_the_hidden_dataset_only_to_who_may_see_it(app, linked):
    for reader in (None, linked["loner"]):
        shown = _api(app, reader, "package_show", id="protection-assessment").json
        assert "report_dataset" not in shown["result"]
        assert shown["result"]["data_dataset"] == linked["open"]["id"]
        assert shown["result"]["report_availability"] == "restricted"
        assert linked["secret"]["id"] not in json.dumps(shown)
    shown = _api(app, linked["member"], "package_show", id="protection-assessment")
    assert shown.json["result"]["report_dataset"] == linked["secret"]["id"]


def test_search_results_facets_and_queries_never_carry_the_id(app, linked):
    secret_id = linked["secret"]["id"]
    for reader in (None, linked["member"]):
        found = _api(
            app,
            reader,
            "package_search",
            fq="dataset_type:assessment",
            **{"facet.field": '["assessment_datasets", "extras_report_dataset"]'},
        )
        assert found.json["result"]["count"] == 1
        assert secret_id not in found.get_data(as_text=True)
        for field in ("assessment_datasets", "extras_report_dataset", "report_dataset"):
            probe = _api(
                app, reader, "package_search", q=f'{field}:"{secret_id}"'
            ).json["result"]
            assert probe["count"] == 0, field


def test_the_activity_stream_keeps_the_hidden_dataset_to_itself(app, linked):
    stream = _api(
        app,
        linked["loner"],
        "package_activity_list",
        id="protection-assessment",
        include_data="true",
    )
    assert len(stream.json["result"]) >= 2
    assert linked["secret"]["id"] not in stream.get_data(as_text=True)
    assert linked["open"]["id"] in stream.get_data(as_text=True)


def test_each_dataset_page_still_lists_the_assessment_it_came_from(app, linked):
    page = app.get("/dataset/survey-tables").get_data(as_text=True)
    assert "Protection assessment" in page
    page = app.get(
        "/dataset/case-records", headers=headers_for(linked["member"])
    ).get_data(as_text=True)
    assert "Protection assessment" in page
