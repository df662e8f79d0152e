"""Running harvest jobs as the stack runs them, and reading what they did."""

from __future__ import annotations

from typing import Any

import ckan.tests.helpers as helpers
from ckan.cli.cli import ckan as ckan_command
from ckanext.harvest import queue

__all__ = ["run_test", "run_through_queues", "last_job", "harvested"]


def run_test(cli: Any, source: dict[str, Any]) -> dict[str, Any]:
    """``ckan harvester run-test SOURCE``: a whole job in the foreground."""
    result = cli.invoke(ckan_command, ["harvester", "run-test", source["name"]])
    assert result.exit_code == 0, result.output
    return last_job(source)


def run_through_queues(source: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """A job as ``make dev`` runs it: created by ``user``, gathered, fetched and
    imported through the Redis queues (consumed here), then marked finished
    by ``harvest_jobs_run``."""
    queue.purge_queues()
    helpers.call_action(
        "harvest_job_create",
        context={"user": user["name"], "ignore_auth": False},
        source_id=source["id"],
    )
    gather = queue.get_gather_consumer()
    reply = gather.basic_get(queue=queue.get_gather_queue_name())
    queue.gather_callback(gather, *reply)
    fetch = queue.get_fetch_consumer()
    while True:
        reply = fetch.basic_get(queue=queue.get_fetch_queue_name())
        if reply[2] is None:
            break
        queue.fetch_callback(fetch, *reply)
    helpers.call_action("harvest_jobs_run", source_id=source["id"])
    return last_job(source)


def last_job(source: dict[str, Any]) -> dict[str, Any]:
    """The source's last job with its report (``job``, ``report``)."""
    status = helpers.call_action("harvest_source_show_status", id=source["id"])
    job = status["last_job"]
    return {
        "job": job,
        "report": helpers.call_action("harvest_job_report", id=job["id"]),
    }


def harvested(source: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The source's datasets in this catalogue, by title, as shown."""
    found = helpers.call_action(
        "package_search", fq=f'+harvest_source_id:"{source["id"]}"', rows=100
    )
    return {
        result["title"]: helpers.call_action("package_show", id=result["id"])
        for result in found["results"]
    }
