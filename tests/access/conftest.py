"""People in every role, datasets at every sensitivity level, a real SMTP server."""

from __future__ import annotations

import datetime
import io
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from werkzeug.datastructures import FileStorage

from ckanext.imnet import model as imnet_model
from tests.factories import im_dataset

LEVELS = ("public", "restricted", "confidential", "strictly_confidential")


_flask_app: Any = None


@pytest.fixture(autouse=True)
def _test_app(app):
    """The app whose request context ``act`` runs actions in.

    Actions render notification templates with links, so they need a request
    context; each call gets its own, so that requests made through the test
    client still identify their user afresh.
    """
    global _flask_app
    _flask_app = app.flask_app
    yield
    _flask_app = None


def marker(level: str, kind: str) -> str:
    """A unique string that must never reach someone without access."""
    return f"LEAKMARK-{level}-{kind}-7f3a"


def act(user: dict[str, Any] | None, action: str, **params: Any) -> Any:
    """Call an action as a user, with authorisation checked."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    with _flask_app.test_request_context():
        return helpers.call_action(action, context=context, **params)


@pytest.fixture
def people(clean_db, clean_index):
    mimu = factories.Sysadmin(name="mimu-admin", email="mimu@example.org")
    owner = factories.User(name="owner-admin", email="owner@example.org")
    editor = factories.User(name="owner-editor", email="editor@example.org")
    member = factories.User(name="owner-member", email="member@example.org")
    outsider = factories.User(name="other-org-member", email="outsider@example.org")
    loner = factories.User(name="no-org-user", email="loner@example.org")
    org = factories.Organization(
        name="owning-org",
        users=[
            {"name": owner["name"], "capacity": "admin"},
            {"name": editor["name"], "capacity": "editor"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    other = factories.Organization(
        name="other-org", users=[{"name": outsider["name"], "capacity": "member"}]
    )
    return {
        "mimu": mimu,
        "owner": owner,
        "editor": editor,
        "member": member,
        "outsider": outsider,
        "loner": loner,
        "org": org,
        "other_org": other,
    }


def _upload(content: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


@pytest.fixture
def datasets(people):
    """One dataset per level, each with an external link and an uploaded file."""
    created = {}
    for level in LEVELS:
        extra = (
            {}
            if level == "public"
            else {
                "sensitivity_rationale": "Locations of people at risk",
                "access_conditions": f"Use for {level} purposes only.",
            }
        )
        dataset = im_dataset(
            name=f"data-{level.replace('_', '-')}",
            title=f"Dataset {level}",
            owner_org=people["org"]["id"],
            sensitivity=level,
            **extra,
        )
        context = {"user": people["mimu"]["name"]}
        helpers.call_action(
            "resource_create",
            context=dict(context),
            package_id=dataset["id"],
            name="External table",
            url=f"https://files.example.org/{marker(level, 'url')}.csv",
            format="CSV",
        )
        helpers.call_action(
            "resource_create",
            context=dict(context),
            package_id=dataset["id"],
            name="Uploaded table",
            url=f"{marker(level, 'file')}.csv",
            upload=_upload(marker(level, "content").encode() + b",1\n", "table.csv"),
            format="CSV",
        )
        created[level] = helpers.call_action("package_show", id=dataset["id"])
    return created


def headers_for(user: dict[str, Any] | None) -> dict[str, str]:
    """HTTP headers that log a user in (an API token, as scripts do)."""
    if user is None:
        return {}
    token = helpers.call_action(
        "api_token_create", context={"user": user["name"]}, user=user["name"], name="t"
    )["token"]
    return {"Authorization": token}


PERSONAS = (
    "anonymous",
    "loner",
    "outsider",
    "pending",
    "rejected",
    "expired",
    "revoked",
)
REQUEST = {
    "purpose": "Humanitarian planning",
    "organization": "NGO",
    "accept_conditions": True,
}


@pytest.fixture
def world(people, datasets, smtp):
    """Requesters in every state on every requestable level."""
    users = {}
    for state in ("pending", "rejected", "expired", "revoked", "approved"):
        user = factories.User(name=f"requester-{state}")
        helpers.call_action(
            "organization_member_create",
            id=people["other_org"]["id"],
            username=user["name"],
            role="member",
        )
        users[state] = user
        for level in ("restricted", "confidential"):
            request = act(
                user, "imnet_access_request_create", id=datasets[level]["id"], **REQUEST
            )
            if state == "pending":
                continue
            if state == "rejected":
                act(
                    people["owner"],
                    "imnet_access_request_reject",
                    id=request["id"],
                    reason="No",
                )
                continue
            act(people["owner"], "imnet_access_request_approve", id=request["id"])
            if level == "confidential":
                act(people["mimu"], "imnet_access_request_approve", id=request["id"])
            if state == "revoked":
                act(
                    people["owner"],
                    "imnet_access_request_revoke",
                    id=request["id"],
                    reason="End",
                )
            if state == "expired":
                row = imnet_model.session().get(
                    imnet_model.AccessRequest, request["id"]
                )
                row.expires_at = imnet_model.now() - datetime.timedelta(days=1)
                imnet_model.session().commit()
                act(people["mimu"], "imnet_access_expire")
    activities = {
        level: [
            a["id"]
            for a in act(
                people["mimu"], "package_activity_list", id=datasets[level]["id"]
            )
        ]
        for level in datasets
    }
    return {"users": users, "activities": activities}


def persona(people, world, name):
    if name == "anonymous":
        return None
    if name in ("loner", "outsider"):
        return people[name]
    return world["users"][name]
