"""Nobody finds, counts or autocompletes a dataset they may not see."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest


@pytest.fixture
def world(clean_db, clean_index):
    owner = factories.User(name="owner-user")
    outsider = factories.User(name="outsider-user")
    member = factories.User(name="member-user")
    org = factories.Organization(
        name="owning-org",
        users=[
            {"name": owner["name"], "capacity": "admin"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    other_org = factories.Organization(
        name="other-org", users=[{"name": outsider["name"], "capacity": "admin"}]
    )
    factories.Dataset(
        name="open-dataset",
        title="Open landmine survey",
        owner_org=org["id"],
        tags=[{"name": "open-tag"}],
    )
    factories.Dataset(
        name="secret-dataset",
        title="Secret landmine casualties",
        owner_org=org["id"],
        private=True,
        tags=[{"name": "secret-tag"}],
    )
    factories.Dataset(
        name="outsider-open", title="Other open data", owner_org=other_org["id"]
    )
    return {"owner": owner, "outsider": outsider, "member": member, "org": org}


def as_user(user):
    # call_action ignores authorisation unless told otherwise.
    return {"user": user["name"] if user else "", "ignore_auth": False}


def search_as(user, **params):
    context = as_user(user)
    params.setdefault("include_private", True)
    return helpers.call_action("package_search", context=context, **params)


def facet_names(result, field):
    return {item["name"] for item in result["search_facets"][field]["items"]}


@pytest.mark.parametrize("who", [None, "outsider"])
def test_private_datasets_are_invisible_to_people_outside_the_organisation(world, who):
    user = world[who] if who else None
    result = search_as(user, q="landmine", **{"facet.field": '["tags", "name"]'})
    assert [d["name"] for d in result["results"]] == ["open-dataset"]
    assert result["count"] == 1
    assert "secret-tag" not in facet_names(result, "tags")
    assert "secret-dataset" not in facet_names(result, "name")


@pytest.mark.parametrize("who", [None, "outsider"])
def test_no_query_or_filter_reveals_a_private_dataset(world, who):
    user = world[who] if who else None
    probes = [
        {"q": "name:secret-dataset"},
        {"q": "tags:secret-tag"},
        {"fq": "capacity:private"},
        {"fq": "+state:active +capacity:private"},
        {"q": "*:*", "fq": "permission_labels:*"},
        {"q": "secret OR casualties OR landmine"},
        {"q": "-name:open-dataset"},
    ]
    for params in probes:
        result = search_as(user, **params)
        found = {d["name"] for d in result["results"]}
        assert "secret-dataset" not in found, params


@pytest.mark.parametrize("who", ["owner", "member"])
def test_members_of_the_organisation_find_its_private_datasets(world, who):
    result = search_as(world[who], q="landmine", **{"facet.field": '["tags"]'})
    assert {d["name"] for d in result["results"]} == {"open-dataset", "secret-dataset"}
    assert "secret-tag" in facet_names(result, "tags")


def test_sysadmins_find_everything(world):
    admin = factories.Sysadmin()
    assert search_as(admin, q="landmine")["count"] == 2


@pytest.mark.parametrize("who", [None, "outsider"])
def test_autocomplete_does_not_suggest_private_datasets(world, who):
    context = as_user(world[who] if who else None)
    found = helpers.call_action("package_autocomplete", context=context, q="landm")
    assert [d["name"] for d in found] == ["open-dataset"]


def test_autocomplete_suggests_private_datasets_to_members(world):
    context = as_user(world["member"])
    found = helpers.call_action("package_autocomplete", context=context, q="landm")
    assert {d["name"] for d in found} == {"open-dataset", "secret-dataset"}


def test_organisation_page_counts_only_what_the_visitor_may_see(world, app):
    anonymous = app.get("/organization/owning-org")
    page = anonymous.get_data(as_text=True)
    assert "Open landmine survey" in page
    assert "Secret landmine casualties" not in page
    assert "1 dataset found" in page


def test_dataset_search_page_hides_private_datasets_from_anonymous(world, app):
    page = app.get("/dataset/", query_string={"q": "landmine"}).get_data(as_text=True)
    assert "Open landmine survey" in page
    assert "Secret landmine casualties" not in page
    assert "secret-tag" not in page
