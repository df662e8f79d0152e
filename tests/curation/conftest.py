"""People in every role around one organisation, and datasets of any age."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import model as imnet_model
from ckanext.imnet.search import reindex
from tests.factories import im_dataset

_flask_app: Any = None


@pytest.fixture(autouse=True)
def _test_app(app):
    """Actions that mail render templates with links: a request context each."""
    global _flask_app
    _flask_app = app.flask_app
    yield
    _flask_app = None


def act(user: dict[str, Any] | None, action: str, **params: Any) -> Any:
    """Call an action as a user (``None``: anonymous), authorisation checked."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    with _flask_app.test_request_context():
        return helpers.call_action(action, context=context, **params)


@pytest.fixture
def people(clean_db, clean_index):
    """A MIMU admin and the owning organisation's admin, editor and member; a
    member of another organisation; a user of no organisation."""
    mimu = factories.Sysadmin(name="mimu-admin", email="mimu@example.org")
    owner = factories.User(name="owner-admin", email="owner@example.org")
    editor = factories.User(name="owner-editor", email="editor@example.org")
    member = factories.User(name="owner-member", email="member@example.org")
    outsider = factories.User(name="other-org-member", email="outsider@example.org")
    other_admin = factories.User(name="other-org-admin", email="other@example.org")
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
        name="other-org",
        users=[
            {"name": outsider["name"], "capacity": "member"},
            {"name": other_admin["name"], "capacity": "admin"},
        ],
    )
    return {
        "mimu": mimu,
        "owner": owner,
        "editor": editor,
        "member": member,
        "outsider": outsider,
        "other_admin": other_admin,
        "loner": loner,
        "org": org,
        "other_org": other,
    }


def aged(dataset: dict[str, Any], days: float) -> dict[str, Any]:
    """The dataset as if last updated ``days`` ago (and reindexed so)."""
    when = imnet_model.now() - datetime.timedelta(days=days)
    imnet_model.backdate_dataset(dataset["id"], when)
    imnet_model.session().commit()
    reindex.reindex([dataset["id"]])
    return helpers.call_action("package_show", id=dataset["id"])


def dataset_of(org: dict[str, Any], name: str, **fields: Any) -> dict[str, Any]:
    """An IM dataset of the organisation, updated monthly unless said otherwise."""
    extra: dict[str, Any] = {"update_frequency": "monthly"}
    if fields.get("sensitivity", "public") != "public":
        extra["sensitivity_rationale"] = "Locations of people at risk"
    return im_dataset(
        name=name,
        title=name.replace("-", " ").title(),
        owner_org=org["id"],
        **{**extra, **fields},
    )
