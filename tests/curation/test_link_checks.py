"""Link checks as background jobs: enqueued on change and on schedule, run by
CKAN's worker, recorded per resource."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from ckan.cli.cli import ckan
from ckan.lib import jobs, uploader
from werkzeug.datastructures import FileStorage

from ckanext.imnet import model as imnet_model
from ckanext.imnet.curation import link_checks, links
from tests.curation.conftest import act, dataset_of
from tests.curation.link_server import LinkServer
from tests.mail import run_jobs

pytestmark = [
    pytest.mark.ckan_config("ckanext.imnet.links.allow_private", "true"),
    pytest.mark.ckan_config("ckanext.imnet.links.host_delay", "0"),
    pytest.mark.usefixtures("worker_in_process"),
]


@pytest.fixture
def server():
    with LinkServer() as running:
        yield running


def _queued() -> int:
    return sum(queue.count for queue in jobs.get_all_queues())


def _check(resource_id: str) -> imnet_model.LinkCheck | None:
    imnet_model.session().expire_all()
    return imnet_model.link_check(resource_id)


def test_a_new_resource_is_checked_by_the_worker_not_by_the_request(people, server):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/missing"),
        name="Schools",
    )
    # The action has returned: a job waits, nothing was requested yet.
    assert _queued() == 1
    assert server.requests == []
    assert _check(resource["id"]) is None

    run_jobs()

    check = _check(resource["id"])
    assert check is not None
    assert (check.status, check.http_status) == (links.BROKEN, 404)
    assert check.first_failure == check.last_checked
    assert check.last_success is None
    assert check.content_type == "text/html"


def test_a_changed_url_is_checked_again_and_the_failure_clears(people, server):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/error"),
    )
    run_jobs()
    assert _check(resource["id"]).status == links.BROKEN

    act(people["editor"], "resource_patch", id=resource["id"], url=server.url("/ok"))
    assert _queued() == 1
    run_jobs()

    check = _check(resource["id"])
    assert (check.status, check.http_status) == (links.OK, 200)
    assert check.last_success == check.last_checked
    assert check.first_failure is None


def test_an_edit_that_keeps_the_url_enqueues_no_check(people, server):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/ok"),
    )
    run_jobs()
    act(people["editor"], "resource_patch", id=resource["id"], description="Renamed")
    assert _queued() == 0


def test_a_failing_link_keeps_the_time_it_first_failed(people, server):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/missing"),
    )
    run_jobs()
    first = _check(resource["id"])
    first_failure, first_checked = first.first_failure, first.last_checked

    link_checks.run_checks([resource["id"]])

    again = _check(resource["id"])
    assert again.last_checked > first_checked
    assert again.first_failure == first_failure


@pytest.mark.ckan_config("ckanext.imnet.links.recheck_days", "7")
def test_the_schedule_rechecks_only_links_not_checked_for_days(people, server):
    dataset = dataset_of(people["org"], "school-census")
    recent = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/ok"),
    )
    old = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/no-head"),
    )
    run_jobs()
    row = _check(old["id"])
    row.last_checked = imnet_model.now() - datetime.timedelta(days=8)
    imnet_model.session().commit()
    before = len(server.requests)

    assert link_checks.schedule() == 1
    assert _queued() == 1  # the links of one host: one job
    run_jobs()

    asked = {path for _method, path in server.requests[before:]}
    assert asked == {"/no-head"}
    assert _check(old["id"]).last_checked > _check(recent["id"]).last_checked


def test_a_host_is_checked_one_link_at_a_time_with_a_pause(
    people, server, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.imnet.links.host_delay", "0.3")
    dataset = dataset_of(people["org"], "school-census")
    ids = [
        act(
            people["editor"],
            "resource_create",
            package_id=dataset["id"],
            url=server.url(f"/ok?{n}"),
        )["id"]
        for n in range(3)
    ]
    for queue in jobs.get_all_queues():
        queue.empty()
    assert link_checks.enqueue(ids) == 3
    assert _queued() == 1
    started = datetime.datetime.now()
    run_jobs()
    assert datetime.datetime.now() - started >= datetime.timedelta(seconds=0.6)
    assert all(_check(i).status == links.OK for i in ids)


def test_a_deleted_resource_is_not_checked(people, server):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/ok"),
    )
    act(people["editor"], "resource_delete", id=resource["id"])
    run_jobs()
    assert _check(resource["id"]) is None
    assert server.requests == []


def test_a_link_inside_the_network_is_recorded_as_refused_and_never_requested(
    people, server, ckan_config, monkeypatch
):
    monkeypatch.setitem(ckan_config, "ckanext.imnet.links.allow_private", False)
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/ok"),
    )
    run_jobs()
    check = _check(resource["id"])
    assert check.status == links.REFUSED
    assert check.first_failure is None
    assert server.requests == []
    # Refused is the checker's decision, not a broken link: no facet entry.
    found = act(None, "package_search", fq="broken_links:yes")
    assert found["count"] == 0


def test_an_upload_to_this_site_is_looked_for_not_fetched(people, server):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        upload=FileStorage(stream=io.BytesIO(b"a,b\n1,2\n"), filename="schools.csv"),
    )
    run_jobs()
    assert _check(resource["id"]).status == links.OK
    assert server.requests == []

    os.remove(uploader.get_resource_uploader(resource).get_path(resource["id"]))
    link_checks.run_checks([resource["id"]])

    check = _check(resource["id"])
    assert (check.status, check.error) == (links.BROKEN, "The uploaded file is missing")


def test_the_command_enqueues_the_links_due_and_checks_them_here_if_asked(
    cli, people, server
):
    dataset = dataset_of(people["org"], "school-census")
    resource = act(
        people["editor"],
        "resource_create",
        package_id=dataset["id"],
        url=server.url("/ok"),
    )
    for queue in jobs.get_all_queues():
        queue.empty()  # as if the worker had been down when it was created

    queued = cli.invoke(ckan, ["imnet", "curation", "check-links"])
    assert queued.exit_code == 0, queued.output
    assert "Enqueued checks of 1 links." in queued.output
    assert _queued() == 1

    here = cli.invoke(ckan, ["imnet", "curation", "check-links", "--here"])
    assert here.exit_code == 0, here.output
    assert "Checked 1 links." in here.output
    assert _check(resource["id"]).status == links.OK
