"""What a harvester fetched (harvest objects) is for those who run the source.

An object holds the record as the partner published it -- download links
included, whatever level the dataset has here -- and names the local
dataset. ckanext-harvest shows it to everyone; here only the source's
organisation (admins, editors) and sysadmins see it, and for a user who may
not see the dataset it answers as a missing object.
"""

from __future__ import annotations

from typing import Any

import ckan.tests.helpers as helpers
import pytest
from ckan.logic import NotAuthorized, NotFound

from tests.access.conftest import headers_for
from tests.harvest.conftest import create_source, harvested_dataset


def _as(user: dict[str, Any] | None, action: str, **params: Any) -> Any:
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    return helpers.call_action(action, context=context, **params)


@pytest.fixture
def harvested(roles):
    org = roles["org"]["id"]
    source = create_source(roles["admin"], org, "http://127.0.0.1:9/catalog.ttl")
    public = harvested_dataset(source, org, "Harvested rainfall")
    hidden = harvested_dataset(source, org, "Harvested IDP sites")
    # Classified at its origin, as an import writes it (nobody edits a
    # harvested dataset here).
    helpers.call_action(
        "package_patch",
        context={"user": helpers.call_action("get_site_user")["name"]},
        id=hidden["id"],
        sensitivity="strictly_confidential",
        sensitivity_rationale="Exact locations",
    )
    objects = {
        name: _as(roles["sysadmin"], "harvest_object_show", dataset_id=dataset["id"])
        for name, dataset in (("public", public), ("hidden", hidden))
    }
    return {**roles, "source": source, "objects": objects}


@pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
def test_the_sources_organisation_sees_what_was_fetched(harvested, who):
    user = harvested[who]
    ids = _as(user, "harvest_object_list", source_id=harvested["source"]["id"])
    assert len(ids) == 2
    for obj in harvested["objects"].values():
        assert _as(user, "harvest_object_show", id=obj["id"])["id"] == obj["id"]


@pytest.mark.parametrize("who", [None, "loner", "member", "other_admin"])
def test_nobody_else_sees_what_was_fetched(app, harvested, who):
    user = harvested[who] if who else None
    public = harvested["objects"]["public"]
    with pytest.raises(NotAuthorized):
        _as(user, "harvest_object_list", source_id=harvested["source"]["id"])
    with pytest.raises(NotAuthorized):
        _as(user, "harvest_object_show", id=public["id"])
    page = app.get(f"/harvest/object/{public['id']}", headers=headers_for(user))
    assert page.status_code in (401, 403)


def test_an_object_of_a_hidden_dataset_is_as_missing_as_an_unknown_one(harvested):
    hidden = harvested["objects"]["hidden"]
    outsider = harvested["other_admin"]
    with pytest.raises(NotFound) as unknown:
        _as(outsider, "harvest_object_show", id="no-such-object")
    with pytest.raises(NotFound) as by_id:
        _as(outsider, "harvest_object_show", id=hidden["id"])
    assert str(by_id.value) == str(unknown.value)
    with pytest.raises(NotFound) as by_dataset:
        _as(outsider, "harvest_object_show", dataset_id=hidden["package_id"])
    with pytest.raises(NotFound) as no_dataset:
        _as(outsider, "harvest_object_show", dataset_id="no-such-dataset")
    assert str(by_dataset.value) == str(no_dataset.value)
