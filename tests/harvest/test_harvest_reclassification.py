"""A harvest run that changes a dataset's level reclassifies it as a local
change does: audited, and grants and requests end as the policy says.

The origin raises a dataset from restricted to confidential, then lowers it
again; a local twin goes through the same changes by its organisation's
admin. A requester holds a grant for each, approved once while restricted.
"""

from __future__ import annotations

from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers

from ckanext.imnet import model as imnet_model
from tests.factories import FULLY_FILLED, im_dataset
from tests.harvest.conftest import create_source
from tests.harvest.reharvest import catalogue_as, harvested, loopback_feed, run

REQUEST = {"purpose": "Humanitarian planning", "organization": "NGO"}


def _act(user: dict[str, Any], action: str, **params: Any) -> Any:
    context = {"user": user["name"], "ignore_auth": False}
    with helpers._get_test_app().flask_app.test_request_context():
        return helpers.call_action(action, context=context, **params)


def _grant(roles: dict[str, Any], dataset: dict[str, Any]) -> str:
    request = _act(
        roles["other_admin"],
        "imnet_access_request_create",
        id=dataset["id"],
        accept_conditions=True,
        **REQUEST,
    )
    _act(roles["admin"], "imnet_access_request_approve", id=request["id"])
    return request["id"]


def _state(request_id: str) -> str:
    imnet_model.session().expire_all()
    return imnet_model.session().get(imnet_model.AccessRequest, request_id).state


def _changes(dataset: dict[str, Any]) -> list[tuple[str, str]]:
    _total, events = imnet_model.find_events(
        package_ids=[dataset["id"]], events=["sensitivity_changed"]
    )
    ordered = sorted(events, key=lambda event: event.created)
    return [(event.details["old"], event.details["new"]) for event in ordered]


def _assert_missing_for_anonymous(app: Any, dataset_id: str) -> None:
    hidden = app.get(f"/api/3/action/package_show?id={dataset_id}", status=404)
    missing = app.get("/api/3/action/package_show?id=no-such-dataset", status=404)
    assert hidden.json["error"] == missing.json["error"]
    assert dataset_id not in hidden.get_data(as_text=True)


def _feeds(app: Any, roles: dict[str, Any]) -> list[bytes]:
    """The origin's feed with the dataset restricted, confidential, restricted."""
    origin = factories.Organization(name="origin-org")
    made = im_dataset(
        owner_org=origin["id"], name="idp-sites", title="IDP sites", **FULLY_FILLED
    )
    site = {"user": roles["sysadmin"]["name"]}
    feeds = [catalogue_as(app, roles["sysadmin"])]
    for level in ("confidential", "restricted"):
        helpers.call_action(
            "package_patch", context=dict(site), id=made["id"], sensitivity=level
        )
        feeds.append(catalogue_as(app, roles["sysadmin"]))
    helpers.call_action("dataset_purge", context=dict(site), id=made["id"])
    return feeds


def test_a_harvest_run_reclassifies_exactly_as_a_local_change(app, cli, roles, smtp):
    feeds = _feeds(app, roles)
    local = im_dataset(
        owner_org=roles["org"]["id"],
        name="local-idp-sites",
        title="Local IDP sites",
        **FULLY_FILLED,
    )
    with loopback_feed() as feed:
        feed.serve(feeds[0])
        source = create_source(
            roles["admin"], roles["org"]["id"], feed.url, name="network-catalogue"
        )
        run(cli, source)
        [dataset] = harvested(source)
        assert dataset["sensitivity"] == "restricted"
        grants = {"harvested": _grant(roles, dataset), "local": _grant(roles, local)}
        assert {_state(g) for g in grants.values()} == {"approved"}

        for body, level in zip(feeds[1:], ("confidential", "restricted"), strict=True):
            feed.serve(body)
            job = run(cli, source)
            assert job["stats"]["updated"] == 1, job
            _act(roles["admin"], "package_patch", id=local["id"], sensitivity=level)
            shown = helpers.call_action("package_show", id=dataset["id"])
            assert shown["sensitivity"] == level
            if level == "confidential":
                # Anonymous visitors now get what a missing dataset gets.
                _assert_missing_for_anonymous(app, dataset["id"])

        # A grant after the changes: a run that changes nothing of the
        # dataset's access leaves it alone.
        again = _grant(roles, dataset)
        job = run(cli, source)
        assert job["stats"]["errored"] == 0, job
        assert _state(again) == "approved"

    expected = [("restricted", "confidential"), ("confidential", "restricted")]
    assert _changes(dataset) == _changes(local) == expected
    # Approved once, under restricted: the raise ended both grants, and
    # lowering the level again brought neither back.
    assert _state(grants["harvested"]) == _state(grants["local"]) == "revoked"
    harvest_user = imnet_model.user(helpers.call_action("get_site_user")["name"]).id
    _total, events = imnet_model.find_events(
        package_ids=[dataset["id"]], events=["sensitivity_changed", "grant_revoked"]
    )
    assert {event.actor_id for event in events} == {harvest_user}
    # The requester was told, about each dataset, once.
    subjects = [smtp.subject(m) for m in smtp.to(roles["other_admin"]["email"])]
    assert sorted(s for s in subjects if s.startswith("Your access was revoked")) == [
        "Your access was revoked: IDP sites",
        "Your access was revoked: Local IDP sites",
    ]
