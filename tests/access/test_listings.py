"""Every route that lists or shows datasets agrees with search (issue #8, item 3).

A catalogue with datasets at every level, a private one, a deleted one and
one demoted from public to restricted (old snapshots had its URL) is crawled
by every kind of user: anonymous, logged in without organisation, member of
another organisation, member, editor and admin of the owning organisation,
sysadmin, and a requester whose requests were approved. On every listing,
activity and feed route, a user finds the name or id of no dataset that
``package_search`` would not show them -- and does find those it would
(positive controls).
"""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from .conftest import act, headers_for, marker

# who -> the datasets they may see
EVERYONE = {"data-public", "data-restricted", "demoted"}
MEMBERS = EVERYONE | {"data-confidential"}
OWNERS = MEMBERS | {"data-strictly-confidential", "private-restricted"}
SEES = {
    "anonymous": EVERYONE,
    "loner": EVERYONE,
    "outsider": MEMBERS,
    "approved": MEMBERS,
    "member": OWNERS,
    "editor": OWNERS,
    "owner": OWNERS,
    "mimu": OWNERS | {"deleted-restricted"},
}
ALL = set().union(*SEES.values())


@pytest.fixture
def catalogue(people, datasets, world):
    mimu = {"user": people["mimu"]["name"]}
    base = {
        k: v
        for k, v in datasets["public"].items()
        if k in ("admin_level", "geographic_coverage", "sadd", "data_owner")
        or k in ("collection_method", "sector", "data_category", "uses_pcodes")
    }
    for name, fields in {
        "private-restricted": {"sensitivity": "restricted", "private": True},
        "deleted-restricted": {"sensitivity": "restricted"},
        "demoted": {"sensitivity": "public"},
    }.items():
        helpers.call_action(
            "package_create",
            context=dict(mimu),
            name=name,
            title=f"Title {name}",
            owner_org=people["org"]["id"],
            sensitivity_rationale="Sensitive",
            resources=[{"url": f"https://files.example.org/{marker(name, 'url')}"}],
            **{**base, **fields},
        )
    helpers.call_action("package_delete", context=dict(mimu), id="deleted-restricted")
    helpers.call_action(
        "package_patch",
        context=dict(mimu),
        id="demoted",
        sensitivity="restricted",
    )
    group = factories.Group(name="all-data", user=people["mimu"])
    for name in ALL - {"deleted-restricted"}:
        helpers.call_action(
            "member_create",
            context=dict(mimu),
            id=group["id"],
            object=name,
            object_type="package",
            capacity="public",
        )
    for other in (
        "data-strictly-confidential",
        "private-restricted",
        "data-confidential",
    ):
        helpers.call_action(
            "package_relationship_create",
            context=dict(mimu),
            subject="data-public",
            object=other,
            type="links_to",
        )
    ids = {
        name: helpers.call_action("package_show", context=dict(mimu), id=name)["id"]
        for name in ALL
    }
    return ids


def _user(people, world, who):
    if who == "anonymous":
        return None
    if who == "approved":
        return world["users"]["approved"]
    return people[who]


ROUTES = [
    "/api/3/action/package_list",
    "/api/3/action/package_search?q=*:*&rows=100&include_private=true"
    "&include_drafts=true&include_deleted=true",
    "/api/3/action/package_autocomplete?q=a&limit=100",
    "/api/3/action/current_package_list_with_resources?limit=100",
    "/api/3/action/member_list?id=owning-org&object_type=package",
    "/api/3/action/member_list?id=all-data&object_type=package",
    "/api/3/action/group_package_show?id=all-data&limit=100",
    "/api/3/action/organization_show?id=owning-org&include_datasets=true",
    "/api/3/action/group_show?id=all-data&include_datasets=true",
    "/api/3/action/package_relationships_list?id=data-public",
    "/api/3/action/organization_activity_list?id=owning-org&limit=100",
    "/api/3/action/group_activity_list?id=all-data&limit=100",
    "/api/3/action/user_activity_list?id=mimu-admin&limit=100",
    "/api/3/action/recently_changed_packages_activity_list?limit=100",
    "/api/3/action/dashboard_activity_list?limit=100",
    "/organization/owning-org",
    "/organization/activity/owning-org",
    "/group/all-data",
    "/group/activity/all-data",
    "/user/activity/mimu-admin",
    "/user/mimu-admin",
    "/dashboard/",
    "/dataset/?q=Title",
    "/feeds/dataset.atom",
    "/feeds/organization/owning-org.atom",
    "/feeds/group/all-data.atom",
    "/feeds/custom.atom?q=*:*",
    "/catalog.ttl",
]


@pytest.mark.parametrize("who", list(SEES))
def test_no_listing_names_a_dataset_search_would_not_show(
    app, people, world, catalogue, who
):
    user = _user(people, world, who)
    headers = headers_for(user)
    visible = {
        d["name"]
        for d in act(
            user,
            "package_search",
            q="*:*",
            rows=100,
            include_private=True,
            include_drafts=True,
            include_deleted=True,
        )["results"]
        if d["name"] in ALL
    }
    # Search itself follows the policy (the reference for the rest); deleted
    # datasets leave the index (ckan.search.remove_deleted_packages).
    assert visible == SEES[who] - {"deleted-restricted"}
    hidden = ALL - SEES[who]
    for route in ROUTES:
        response = app.get(route, headers=headers)
        if route.startswith("/dashboard") and user is None:
            continue
        assert response.status_code < 500, (route, response.status_code)
        body = response.get_data(as_text=True)
        for name in hidden:
            assert name not in body, f"{who} finds {name} at {route}"
            assert catalogue[name] not in body, f"{who} finds {name}'s id at {route}"
        assert marker("demoted", "url") not in body or who in (
            "member",
            "editor",
            "owner",
            "mimu",
        ), f"{who} finds the demoted dataset's URL at {route}"


@pytest.mark.parametrize("who", list(SEES))
def test_listings_do_show_what_the_user_may_see(app, people, world, catalogue, who):
    """Positive controls: the same routes list the visible datasets."""
    user = _user(people, world, who)
    headers = headers_for(user)
    org_page = app.get(
        "/api/3/action/organization_show?id=owning-org&include_datasets=true",
        headers=headers,
    ).json["result"]
    listed = {d["name"] for d in org_page["packages"]}
    assert listed == SEES[who] - {"deleted-restricted"}, who
    members = app.get(
        "/api/3/action/member_list?id=all-data&object_type=package", headers=headers
    ).json["result"]
    in_group = SEES[who] - {"deleted-restricted"}
    assert {catalogue[name] for name in in_group} == {m[0] for m in members}
    names = set(app.get("/api/3/action/package_list", headers=headers).json["result"])
    # package_list lists active, non-private datasets, as CKAN does.
    assert names & ALL == SEES[who] - {"deleted-restricted", "private-restricted"}
    relationships = app.get(
        "/api/3/action/package_relationships_list?id=data-public", headers=headers
    ).json["result"]
    related = {r["object"] for r in relationships}
    assert related == {
        n
        for n in (
            "data-strictly-confidential",
            "private-restricted",
            "data-confidential",
        )
        if n in SEES[who]
    }
