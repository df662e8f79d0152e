"""Reclassification on every path that writes (issue #8, items 4 and 5).

Whatever path changes a dataset's level, privacy or state, the grants and open
requests it no longer allows end, in the writer's transaction, audited; and
the dataset's activity follows its current level.
"""

from __future__ import annotations

import ckan.model as model
import ckan.tests.helpers as helpers
import pytest
import sqlalchemy as sa

from ckanext.imnet import model as imnet_model

from .conftest import REQUEST, act, headers_for, marker


def _grant(people, dataset):
    request = act(
        people["outsider"], "imnet_access_request_create", id=dataset["id"], **REQUEST
    )
    act(people["owner"], "imnet_access_request_approve", id=request["id"])
    if dataset["sensitivity"] == "confidential":
        act(people["mimu"], "imnet_access_request_approve", id=request["id"])
    return request["id"]


def _state(request_id):
    imnet_model.session().expire_all()
    return imnet_model.session().get(imnet_model.AccessRequest, request_id).state


def _events(dataset, event):
    _total, events = imnet_model.find_events(
        package_ids=[dataset["id"]], events=[event]
    )
    return events


def _full(dataset):
    """The dataset as package_update wants it, without the server's fields."""
    shown = helpers.call_action("package_show", id=dataset["id"])
    return {k: v for k, v in shown.items() if k not in ("organization", "groups")}


def _update_by_name(people, dataset, level):
    data = _full(dataset)
    data.pop("id")
    act(people["owner"], "package_update", **{**data, "sensitivity": level})


def _update_by_id(people, dataset, level):
    act(people["owner"], "package_update", **{**_full(dataset), "sensitivity": level})


def _patch(people, dataset, level):
    act(people["owner"], "package_patch", id=dataset["id"], sensitivity=level)


def _revise(people, dataset, level):
    act(
        people["owner"],
        "package_revise",
        match={"id": dataset["id"]},
        update={"sensitivity": level},
    )


def _deferred(people, dataset, level):
    """A caller that commits later, after its own work (as harvesters do)."""
    # Asking for the id only: CKAN 2.12.0 rolls back a deferred update that
    # returns the whole dataset (its caller would commit nothing).
    context = {
        "user": people["owner"]["name"],
        "defer_commit": True,
        "return_id_only": True,
    }
    before = _seen_elsewhere(dataset)
    with helpers._get_test_app().flask_app.test_request_context():
        helpers.call_action(
            "package_patch", context=context, id=dataset["id"], sensitivity=level
        )
        # Nothing has happened for anyone else yet...
        assert _seen_elsewhere(dataset) == before
        model.repo.commit()
    assert _seen_elsewhere(dataset) != before


def _seen_elsewhere(dataset):
    """The dataset's last change and its requests' states, as another
    connection to the database sees them."""
    package = sa.table("package", sa.column("id"), sa.column("metadata_modified"))
    requests = imnet_model.AccessRequest.__table__
    assert model.meta.engine is not None
    with model.meta.engine.connect() as other:
        modified = other.execute(
            sa.select(package.c.metadata_modified).where(package.c.id == dataset["id"])
        ).scalar()
        states = other.execute(
            sa.select(requests.c.id, requests.c.state).where(
                requests.c.package_id == dataset["id"]
            )
        ).all()
    return modified, sorted(states)


PATHS = {
    "package_update by name": _update_by_name,
    "package_update by id": _update_by_id,
    "package_patch": _patch,
    "package_revise": _revise,
    "package_patch with defer_commit": _deferred,
}


@pytest.mark.parametrize("path", list(PATHS))
def test_raising_the_level_ends_the_grants_it_forbids_on_every_path(
    app, people, datasets, smtp, path
):
    dataset = datasets["restricted"]
    request_id = _grant(people, dataset)
    PATHS[path](people, dataset, "strictly_confidential")
    assert _state(request_id) == "revoked"
    [event] = _events(dataset, "sensitivity_changed")
    assert event.details == {"old": "restricted", "new": "strictly_confidential"}
    assert event.actor_id == people["owner"]["id"]
    # Lowering it again does not bring the grant back.
    PATHS[path](people, dataset, "restricted")
    assert _state(request_id) == "revoked"
    upload = [r for r in dataset["resources"] if r["url_type"] == "upload"][0]
    response = app.get(
        f"/dataset/{dataset['name']}/resource/{upload['id']}/download",
        headers=headers_for(people["outsider"]),
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert len(_events(dataset, "sensitivity_changed")) == 2


def test_bulk_actions_end_requests_of_datasets_made_private_or_deleted(
    people, datasets, smtp
):
    restricted, confidential = datasets["restricted"], datasets["confidential"]
    first, second = _grant(people, restricted), _grant(people, confidential)
    act(
        people["owner"],
        "bulk_update_private",
        datasets=[restricted["id"]],
        org_id=people["org"]["id"],
    )
    assert _state(first) == "revoked"
    assert _state(second) == "approved"
    [event] = _events(restricted, "visibility_changed")
    assert event.details["new"] == {"private": True, "state": "active"}
    act(
        people["owner"],
        "bulk_update_delete",
        datasets=[confidential["id"]],
        org_id=people["org"]["id"],
    )
    assert _state(second) == "revoked"


def test_moving_a_dataset_to_another_organisation_is_audited(people, datasets):
    act(
        people["mimu"],
        "package_owner_org_update",
        id=datasets["public"]["id"],
        organization_id=people["other_org"]["id"],
    )
    [event] = _events(datasets["public"], "owner_changed")
    assert event.details == {
        "old": people["org"]["id"],
        "new": people["other_org"]["id"],
    }


def test_a_purged_dataset_ends_its_requests_without_naming_it(people, datasets, smtp):
    request_id = _grant(people, datasets["restricted"])
    smtp.messages.clear()
    act(people["mimu"], "dataset_purge", id=datasets["restricted"]["id"])
    assert _state(request_id) == "revoked"
    [notice] = smtp.to(people["outsider"]["email"])
    assert "Dataset restricted" not in smtp.body(notice)


class TestActivityOfADemotedDataset:
    """Published as public, later made restricted: old snapshots had URLs."""

    @pytest.fixture
    def demoted(self, people, datasets):
        dataset = datasets["public"]
        # A change while public leaves a snapshot with the public URL in it.
        act(people["owner"], "package_patch", id=dataset["id"], notes="Updated")
        act(
            people["owner"],
            "package_patch",
            id=dataset["id"],
            sensitivity="restricted",
            sensitivity_rationale="Now sensitive",
        )
        activities = act(
            people["mimu"], "package_activity_list", id=dataset["id"], limit=100
        )
        return dataset, activities

    @pytest.mark.parametrize("who", ["anonymous", "loner", "outsider"])
    def test_old_snapshots_show_no_url_to_people_without_access(
        self, app, people, demoted, who
    ):
        dataset, activities = demoted
        user = None if who == "anonymous" else people[who]
        headers = headers_for(user)
        resource = dataset["resources"][0]
        urls = [
            f"/api/3/action/package_activity_list?id={dataset['name']}",
            "/api/3/action/recently_changed_packages_activity_list",
            f"/dataset/activity/{dataset['name']}",
            f"/dataset/changes/{activities[0]['id']}",
        ]
        for activity in activities:
            urls += [
                f"/dataset/{dataset['name']}/history/{activity['id']}",
                f"/dataset/{dataset['name']}/resources/{resource['id']}"
                f"/history/{activity['id']}",
                f"/api/3/action/activity_show?id={activity['id']}&include_data=true",
                f"/api/3/action/activity_data_show?id={activity['id']}",
                f"/api/3/action/activity_diff?id={activity['id']}"
                "&object_type=package&diff_type=html",
            ]
        for url in urls:
            response = app.get(url, headers=headers)
            assert response.status_code < 500, url
            body = response.get_data(as_text=True)
            for kind in ("url", "file"):
                assert marker("public", kind) not in body, (url, who)

    def test_the_demotion_is_in_the_activity_with_the_current_labels(
        self, people, demoted
    ):
        dataset, activities = demoted
        rows = model.Session.execute(
            sa.text("SELECT permission_labels FROM activity WHERE object_id = :id"),
            {"id": dataset["id"]},
        )
        assert {tuple(row.permission_labels) for row in rows} == {("public",)}
        assert len(activities) >= 3


def test_a_dataset_made_confidential_leaves_the_activity_of_non_members(
    app, people, datasets
):
    dataset = datasets["restricted"]
    act(people["owner"], "package_patch", id=dataset["id"], notes="Some change")
    before = act(people["loner"], "recently_changed_packages_activity_list")
    assert any(a["object_id"] == dataset["id"] for a in before)
    act(people["owner"], "package_patch", id=dataset["id"], sensitivity="confidential")
    for who in ("loner", None):
        user = people[who] if who else None
        seen = act(user, "recently_changed_packages_activity_list")
        assert not any(a["object_id"] == dataset["id"] for a in seen)
        response = app.get(
            f"/api/3/action/package_activity_list?id={dataset['id']}",
            headers=headers_for(user),
        )
        assert response.status_code == 404
    # Members of the Network still see it (positive control).
    seen = act(people["outsider"], "package_activity_list", id=dataset["id"])
    assert seen
