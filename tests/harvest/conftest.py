"""Harvest sources, their organisation and people in every role around them."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckanext.harvest.model import HarvestJob, HarvestObject

from tests.factories import im_dataset


def create_source(
    user: dict[str, Any], owner_org: str, url: str, **fields: Any
) -> dict[str, Any]:
    """A harvest source created through ckanext-harvest's action, as ``user``."""
    name = fields.pop("name", f"source-{uuid.uuid4().hex[:10]}")
    return helpers.call_action(
        "harvest_source_create",
        context={"user": user["name"], "ignore_auth": False},
        name=name,
        title=fields.pop("title", f"Partner catalogue {name}"),
        url=url,
        source_type=fields.pop("source_type", "dcat_rdf"),
        owner_org=owner_org,
        **fields,
    )


def harvested_dataset(
    source: dict[str, Any], owner_org: str, title: str
) -> dict[str, Any]:
    """A dataset as a finished import leaves it: current object, reindexed."""
    dataset = im_dataset(owner_org=owner_org, title=title)
    job = HarvestJob(source_id=source["id"], status="Finished")
    job.save()
    now = datetime.datetime.utcnow()
    HarvestObject(
        guid=dataset["name"],
        job=job,
        source=job.source,
        package_id=dataset["id"],
        current=True,
        state="COMPLETE",
        import_finished=now,
        gathered=now,
    ).save()
    helpers.call_action("harvest_source_reindex", id=source["id"])
    # Indexed again as the import's own update does.
    site_user = helpers.call_action("get_site_user")["name"]
    helpers.call_action(
        "package_patch", context={"user": site_user}, id=dataset["id"], notes="New."
    )
    return dataset


@pytest.fixture
def roles(clean_db, clean_index) -> dict[str, Any]:
    """A source's organisation with an admin, an editor and a member; another
    organisation's admin; a user without organisation; a MIMU admin."""
    people = {
        "sysadmin": factories.SysadminWithToken(name="mimu-admin"),
        "admin": factories.UserWithToken(name="source-org-admin"),
        "editor": factories.UserWithToken(name="source-org-editor"),
        "member": factories.UserWithToken(name="source-org-member"),
        "other_admin": factories.UserWithToken(name="other-org-admin"),
        "loner": factories.UserWithToken(name="no-org-user"),
    }
    people["org"] = factories.Organization(
        name="harvesting-org",
        users=[
            {"name": "source-org-admin", "capacity": "admin"},
            {"name": "source-org-editor", "capacity": "editor"},
            {"name": "source-org-member", "capacity": "member"},
        ],
    )
    people["other_org"] = factories.Organization(
        name="other-org", users=[{"name": "other-org-admin", "capacity": "admin"}]
    )
    return people
