"""An assessment's registry ID: set by MIMU admins only, unique, so that
nobody can block a registry import or steer which record it updates."""

from __future__ import annotations

import json
import uuid
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.access.conftest import headers_for
from tests.assessments.test_import import good_row, workbook
from tests.factories import ASSESSMENT_FIELDS

pytestmark = pytest.mark.usefixtures("with_plugins")

ONLY_ADMINS = "Only MIMU administrators set or change the registry ID"
TAKEN = "Another assessment has this registry ID"


@pytest.fixture
def people(clean_db, clean_index) -> dict[str, Any]:
    mimu = factories.Sysadmin(name="mimu-admin")
    editor = factories.User(name="lead-editor")
    org = factories.Organization(
        name="lead-agency",
        title="Lead Agency Myanmar",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    return {"mimu": mimu, "editor": editor, "org": org}


def _api(app, action: str, user: dict[str, Any], **payload: Any) -> tuple[int, Any]:
    response = app.post(
        f"/api/3/action/{action}",
        data=json.dumps(payload),
        headers={**headers_for(user), "Content-Type": "application/json"},
    )
    body = response.json
    return response.status_code, body["result"] if body["success"] else body["error"]


def _new(org: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "type": "assessment",
        "name": f"assessment-{uuid.uuid4().hex[:8]}",
        "title": "Joint WASH assessment",
        "owner_org": org["id"],
        **ASSESSMENT_FIELDS,
        **fields,
    }


def test_an_editor_cannot_set_or_change_a_registry_id(app, people):
    editor, org = people["editor"], people["org"]
    status, error = _api(app, "package_create", editor, **_new(org, registry_id="AR-1"))
    assert status == 409 and error["registry_id"] == [ONLY_ADMINS]

    status, made = _api(
        app, "package_create", people["mimu"], **_new(org, registry_id="AR-1")
    )
    assert status == 200 and made["registry_id"] == "AR-1"
    # Posting the value back unchanged, or leaving it out, keeps it.
    kept = {k: v for k, v in made.items() if k not in ("registry_id",)}
    status, shown = _api(app, "package_update", editor, **{**made, "status": "ongoing"})
    assert status == 200 and shown["registry_id"] == "AR-1"
    status, shown = _api(app, "package_update", editor, **kept)
    assert status == 200 and shown["registry_id"] == "AR-1"
    for other in ("AR-2", ""):
        status, error = _api(
            app, "package_update", editor, **{**made, "registry_id": other}
        )
        assert status == 409 and error["registry_id"] == [ONLY_ADMINS]
    shown = helpers.call_action("package_show", id=made["id"])
    assert shown["registry_id"] == "AR-1"


def test_a_registry_id_is_unique_among_assessments_not_deleted(app, people):
    mimu, org = people["mimu"], people["org"]
    status, first = _api(app, "package_create", mimu, **_new(org, registry_id="AR-1"))
    assert status == 200
    status, error = _api(app, "package_create", mimu, **_new(org, registry_id="AR-1"))
    assert status == 409 and error["registry_id"] == [TAKEN]
    status, second = _api(app, "package_create", mimu, **_new(org, registry_id="AR-2"))
    status, error = _api(
        app, "package_update", mimu, **{**second, "registry_id": "AR-1"}
    )
    assert status == 409 and error["registry_id"] == [TAKEN]
    helpers.call_action(
        "package_delete", context={"user": mimu["name"]}, id=first["id"]
    )
    status, moved = _api(
        app, "package_update", mimu, **{**second, "registry_id": "AR-1"}
    )
    assert status == 200 and moved["registry_id"] == "AR-1"


def test_an_editor_cannot_take_over_what_an_import_updates(app, people):
    editor, org = people["editor"], people["org"]
    status, _error = _api(
        app, "package_create", editor, **_new(org, registry_id="AR-1")
    )
    assert status == 409
    result = helpers.call_action(
        "imnet_assessments_import",
        context={"user": people["mimu"]["name"]},
        upload=workbook([good_row("AR-1")]),
    )
    assert (result["created"], result["failed"]) == (1, 0)


def test_the_form_offers_the_registry_id_to_mimu_admins_only(app, people):
    editor, org = people["editor"], people["org"]
    editor_form = app.get("/assessment/new", headers=headers_for(editor))
    assert 'name="registry_id"' not in editor_form.get_data(as_text=True)
    admin_form = app.get("/assessment/new", headers=headers_for(people["mimu"]))
    page = admin_form.get_data(as_text=True)
    assert 'name="registry_id"' in page and "readonly" not in page

    _status, made = _api(
        app, "package_create", people["mimu"], **_new(org, registry_id="AR-1")
    )
    edit = app.get(f"/assessment/edit/{made['name']}", headers=headers_for(editor))
    field = edit.get_data(as_text=True).split('name="registry_id"', 1)[1][:200]
    assert 'value="AR-1"' in field and "readonly" in field
