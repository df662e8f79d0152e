"""ckanext-harvest's actions that talk to the search index, on the embedded backend.

Harvest sources are datasets of type ``harvest``: ckanext-harvest finds them
with ``package_search`` and ``+dataset_type:harvest``, finds what a source
brought in with ``harvest_source_id``, and clears a source's datasets from
the index through CKAN's search connection. Each is answered from PostgreSQL.
"""

from __future__ import annotations

import datetime
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan import model
from ckan.logic import NotFound
from ckanext.harvest import queue
from ckanext.harvest.model import HarvestJob

from tests.factories import im_dataset
from tests.harvest.conftest import create_source, harvested_dataset

URL = "http://127.0.0.1:9/catalog.ttl"


def _as(user: dict[str, Any], action: str, **params: Any) -> Any:
    context = {"user": user["name"], "ignore_auth": False}
    return helpers.call_action(action, context=context, **params)


def _titles(**params: Any) -> set[str]:
    found = helpers.call_action("package_search", rows=100, **params)
    return {result["title"] for result in found["results"]}


@pytest.fixture
def harvested(roles):
    org = roles["org"]["id"]
    source = create_source(roles["admin"], org, URL, title="Partner catalogue")
    other = create_source(roles["admin"], org, URL + "?b", title="Second catalogue")
    im_dataset(owner_org=org, title="Local dataset")
    one = harvested_dataset(source, org, "Harvested one")
    two = harvested_dataset(source, org, "Harvested two")
    three = harvested_dataset(other, org, "From the second source")
    return {**roles, "source": source, "other": other, "datasets": (one, two, three)}


def test_a_source_is_created_shown_and_listed(roles):
    source = create_source(
        roles["admin"], roles["org"]["id"], URL, title="Partner catalogue"
    )

    shown = _as(roles["admin"], "harvest_source_show", id=source["name"])
    assert shown["title"] == "Partner catalogue"
    assert shown["url"] == URL
    assert shown["source_type"] == "dcat_rdf"
    listed = _as(roles["sysadmin"], "harvest_source_list")
    assert [s["title"] for s in listed] == ["Partner catalogue"]


def test_sources_are_found_by_dataset_type_and_only_then(harvested):
    sources = _titles(fq="+dataset_type:harvest")
    assert sources == {"Partner catalogue", "Second catalogue"}
    assert _titles() == {
        "Local dataset",
        "Harvested one",
        "Harvested two",
        "From the second source",
    }


def test_harvested_datasets_are_found_by_their_source(harvested):
    source_id = harvested["source"]["id"]
    assert _titles(fq=f'+harvest_source_id:"{source_id}"') == {
        "Harvested one",
        "Harvested two",
    }
    found = helpers.call_action("package_show", id=harvested["datasets"][0]["id"])
    extras = {e["key"]: e["value"] for e in found.get("extras", [])}
    assert found.get("harvest_source_id", extras.get("harvest_source_id")) == source_id


def test_index_clear_removes_only_the_sources_datasets_from_search(harvested):
    _as(harvested["admin"], "harvest_source_index_clear", id=harvested["source"]["id"])

    assert _titles() == {"Local dataset", "From the second source"}
    assert _titles(fq="+dataset_type:harvest") == {
        "Partner catalogue",
        "Second catalogue",
    }
    # Out of the index, not deleted.
    one = harvested["datasets"][0]
    assert helpers.call_action("package_show", id=one["id"])["state"] == "active"


def test_source_clear_deletes_the_sources_datasets_and_jobs(harvested):
    source_id = harvested["source"]["id"]
    _as(harvested["admin"], "harvest_source_clear", id=source_id)

    assert _titles() == {"Local dataset", "From the second source"}
    assert _as(harvested["admin"], "harvest_job_list", source_id=source_id) == []
    # ckanext-harvest deletes in raw SQL: read with a fresh session.
    model.Session.remove()
    with pytest.raises(NotFound):
        helpers.call_action("package_show", id=harvested["datasets"][0]["id"])
    shown = _as(harvested["admin"], "harvest_source_show", id=source_id)
    assert shown["status"]["total_datasets"] == 0


def test_a_job_is_created_queued_and_run_to_its_end(roles):
    source = create_source(roles["admin"], roles["org"]["id"], URL)

    job = _as(roles["admin"], "harvest_job_create", source_id=source["id"])
    assert job["status"] == "Running"
    queued = queue.get_connection().lrange(queue.get_gather_routing_key(), 0, -1)
    assert any(job["id"] in str(message) for message in queued)
    # Without consumers nothing is gathered; once the gather stage is over and
    # no object is pending, the periodic run marks the job finished.
    queue.purge_queues()
    job_row = HarvestJob.get(job["id"])
    job_row.gather_finished = datetime.datetime.utcnow()
    job_row.save()
    _as(roles["sysadmin"], "harvest_jobs_run", source_id=source["id"])

    assert _as(roles["admin"], "harvest_job_show", id=job["id"])["status"] == (
        "Finished"
    )
    shown = _as(roles["admin"], "harvest_source_show", id=source["id"])
    assert shown["status"]["last_job"]["status"] == "Finished"
    # The source was indexed again with its new status, and is still found.
    found = helpers.call_action(
        "package_search", fq=f'+dataset_type:harvest +id:"{source["id"]}"'
    )
    assert found["count"] == 1


def test_objects_of_a_source_are_listed_and_shown(harvested):
    source_id = harvested["source"]["id"]
    ids = _as(harvested["sysadmin"], "harvest_object_list", source_id=source_id)
    assert len(ids) == 2
    shown = _as(harvested["sysadmin"], "harvest_object_show", id=ids[0])
    assert shown["package_id"] in {d["id"] for d in harvested["datasets"][:2]}


def test_a_dataset_of_another_organisation_is_not_harvest_metadata(harvested):
    other = factories.Organization()
    im_dataset(owner_org=other["id"], title="Elsewhere")
    assert _titles(fq=f'+harvest_source_id:"{harvested["source"]["id"]}"') == {
        "Harvested one",
        "Harvested two",
    }
