"""Who learns that a link is broken: those who may get the data, nobody else."""

from __future__ import annotations

import json

import ckan.tests.helpers as helpers
import pytest
from ckan.plugins import toolkit as tk

from tests.access.conftest import REQUEST, headers_for
from tests.curation.conftest import act, dataset_of
from tests.curation.link_server import LinkServer
from tests.mail import run_jobs

pytestmark = [
    pytest.mark.ckan_config("ckanext.imnet.links.allow_private", "true"),
    pytest.mark.ckan_config("ckanext.imnet.links.host_delay", "0"),
]

# Who may get the restricted dataset's data (the policy): its organisation
# (members included), MIMU admins and a holder of an approved grant.
SEE = ("owner", "editor", "member", "mimu", "grantee")
NOT_SEE = ("outsider", "loner", "requester")


@pytest.fixture
def world(people, smtp):
    with LinkServer() as server:
        restricted = dataset_of(people["org"], "idp-sites", sensitivity="restricted")
        public = dataset_of(people["org"], "school-census")
        for dataset, path in ((restricted, "/missing"), (public, "/error")):
            act(
                people["editor"],
                "resource_create",
                package_id=dataset["id"],
                url=server.url(path),
                name=f"{dataset['name']} file",
            )
        helpers.call_action(
            "user_create", name="grantee", email="g@example.org", password="Pass-1234-x"
        )
        helpers.call_action(
            "organization_member_create",
            id=people["other_org"]["id"],
            username="grantee",
            role="member",
        )
        helpers.call_action(
            "user_create",
            name="requester",
            email="r@example.org",
            password="Pass-1234-x",
        )
        grantee = helpers.call_action("user_show", id="grantee")
        requester = helpers.call_action("user_show", id="requester")
        granted = act(
            grantee, "imnet_access_request_create", id=restricted["id"], **REQUEST
        )
        act(people["owner"], "imnet_access_request_approve", id=granted["id"])
        act(requester, "imnet_access_request_create", id=restricted["id"], **REQUEST)
        run_jobs()  # the link checks (and the mail)
        yield {
            "people": {**people, "grantee": grantee, "requester": requester},
            "restricted": helpers.call_action("package_show", id=restricted["id"]),
            "public": helpers.call_action("package_show", id=public["id"]),
        }


def _report(user):
    return act(user, "imnet_link_report")


def _dataset_names(report):
    return {row["dataset"]["name"] for row in report["results"]}


@pytest.mark.parametrize("who", SEE)
def test_those_who_may_get_the_data_see_its_broken_link(world, who):
    report = _report(world["people"][who])
    assert _dataset_names(report) == {"idp-sites", "school-census"}
    row = next(r for r in report["results"] if r["dataset"]["name"] == "idp-sites")
    assert (row["status"], row["http_status"]) == ("broken", 404)
    assert row["resource"]["url"].endswith("/missing")
    assert row["first_failure"]


@pytest.mark.parametrize("who", NOT_SEE)
def test_others_see_only_the_broken_links_of_public_data(world, who):
    report = _report(world["people"][who])
    assert _dataset_names(report) == {"school-census"}
    assert report["count"] == 1
    assert "/missing" not in json.dumps(report)


def test_anonymous_visitors_get_no_report(world):
    with pytest.raises(tk.NotAuthorized):
        _report(None)


def test_the_report_filters_by_organisation(world):
    people = world["people"]
    mine = act(people["mimu"], "imnet_link_report", organization="owning-org")
    other = act(people["mimu"], "imnet_link_report", organization="other-org")
    assert mine["count"] == 2 and other["count"] == 0


@pytest.mark.parametrize("who", [*SEE, *NOT_SEE, "anonymous"])
def test_the_resource_page_names_a_broken_link_only_to_those_who_may_get_the_data(
    app, world, who
):
    user = None if who == "anonymous" else world["people"][who]
    dataset = world["restricted"]
    resource = dataset["resources"][0]
    page = app.get(
        f"/dataset/{dataset['name']}/resource/{resource['id']}",
        headers=headers_for(user),
    )
    listing = app.get(f"/dataset/{dataset['name']}", headers=headers_for(user))
    shown = who in SEE
    assert ("Broken link" in page.body) is shown
    assert ("HTTP status 404" in page.body) is shown
    assert ("imnet-link-broken" in listing.body) is shown


@pytest.mark.parametrize("who", ["mimu", "owner", "outsider", "anonymous"])
def test_the_broken_links_facet_counts_public_data_only_for_everyone(world, who):
    user = None if who == "anonymous" else world["people"][who]
    found = act(
        user,
        "package_search",
        fq="broken_links:yes",
        include_private=True,
        **{"facet.field": json.dumps(["broken_links"])},
    )
    assert [d["name"] for d in found["results"]] == ["school-census"]
    items = found["search_facets"]["broken_links"]["items"]
    assert [(i["name"], i["count"]) for i in items] == [("yes", 1)]


def test_a_dataset_made_public_shows_in_the_facet_and_one_made_restricted_leaves_it(
    world,
):
    people = world["people"]
    act(people["owner"], "package_patch", id="idp-sites", sensitivity="public")
    act(
        people["owner"],
        "package_patch",
        id="school-census",
        sensitivity="restricted",
        sensitivity_rationale="Locations of people at risk",
    )
    found = act(None, "package_search", fq="broken_links:yes")
    assert [d["name"] for d in found["results"]] == ["idp-sites"]


def test_the_data_owner_reads_the_broken_link_in_myanmar(app, world):
    dataset = world["restricted"]
    resource = dataset["resources"][0]
    page = app.get(
        f"/my_MM/dataset/{dataset['name']}/resource/{resource['id']}",
        headers=headers_for(world["people"]["owner"]),
    )
    assert "ပျက်နေသော လင့်ခ်" in page.body
    assert "HTTP အခြေအနေ 404" in page.body
