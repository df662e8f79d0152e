"""A first real harvest: a DCAT-AP feed on a loopback server, the ``imnet`` profile.

The feed is this catalogue's own ``/catalog.ttl`` for three datasets (then
removed here, so that their names are free): ``ckan harvester run-test``
and the queue path (gather -> fetch -> import through Redis, consumed in
this process) both bring them in with their IM fields.
"""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan as ckan_command
from ckanext.harvest import queue

from tests.factories import FULLY_FILLED, im_dataset
from tests.harvest.conftest import create_source

IM_FIELDS = (
    "sensitivity",
    "data_owner",
    "admin_level",
    "geographic_coverage",
    "township_coverage",
    "sadd",
    "collection_method",
    "sector",
    "data_category",
    "temporal_coverage_start",
    "temporal_coverage_end",
    "update_frequency",
)


# A partner's DCAT-AP dataset that says nothing of the IM standard's fields.
PARTNER_FEED = b"""
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .

<https://partner.example.org/catalog> a dcat:Catalog ;
    dct:title "Partner catalogue" ;
    dcat:dataset <https://partner.example.org/dataset/rainfall> .

<https://partner.example.org/dataset/rainfall> a dcat:Dataset ;
    dct:identifier "rainfall-2024" ;
    dct:title "Monthly rainfall 2024" ;
    dct:description "Rainfall by station." .
"""


class _Feed(http.server.BaseHTTPRequestHandler):
    bodies: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        body = self.bodies.get(self.path.split("?")[0])
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def feed(app, roles) -> Iterator[dict[str, Any]]:
    """Three of our datasets as DCAT-AP Turtle, served on loopback; the
    originals removed, their metadata kept to compare with."""
    origin = factories.Organization(name="origin-org")
    made = [
        im_dataset(
            owner_org=origin["id"],
            name="township-population",
            title="Township population 2014",
            notes="Population by township.",
        ),
        im_dataset(
            owner_org=origin["id"],
            name="idp-sites",
            title="IDP sites",
            notes="Sites and their populations.",
            **FULLY_FILLED,
        ),
        im_dataset(
            owner_org=origin["id"],
            name="health-facilities",
            title="Health facilities",
            notes="Facilities by township.",
            sector=["health"],
            data_category="services",
        ),
    ]
    originals = [helpers.call_action("package_show", id=d["id"]) for d in made]
    catalogue = app.get("/catalog.ttl").get_data()
    assert b"Township population 2014" in catalogue
    _Feed.bodies = {"/catalog.ttl": catalogue, "/partner.ttl": PARTNER_FEED}
    for dataset in made:
        helpers.call_action("dataset_purge", id=dataset["id"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {
            **roles,
            "url": f"http://127.0.0.1:{server.server_port}/catalog.ttl",
            "partner_url": f"http://127.0.0.1:{server.server_port}/partner.ttl",
            "originals": {d["name"]: d for d in originals},
        }
    finally:
        server.shutdown()
        server.server_close()


def _source(feed: dict[str, Any]) -> dict[str, Any]:
    return create_source(
        feed["admin"],
        feed["org"]["id"],
        feed["url"],
        name="network-catalogue",
        title="Network catalogue",
        config=json.dumps({"profiles": "imnet"}),
    )


def _report(source: dict[str, Any]) -> dict[str, Any]:
    status = helpers.call_action("harvest_source_show_status", id=source["id"])
    job = status["last_job"]
    report = helpers.call_action("harvest_job_report", id=job["id"])
    return {"job": job, "report": report}


def _assert_arrived_with_im_fields(feed: dict[str, Any], source_id: str) -> None:
    found = helpers.call_action(
        "package_search", fq=f'+harvest_source_id:"{source_id}"', rows=10
    )
    harvested = {
        result["title"]: helpers.call_action("package_show", id=result["id"])
        for result in found["results"]
    }
    originals = {d["title"]: d for d in feed["originals"].values()}
    assert set(harvested) == set(originals)
    for title, original in originals.items():
        for field in IM_FIELDS:
            assert harvested[title].get(field) == original.get(field), (title, field)
        assert harvested[title]["organization"]["name"] == "harvesting-org"


def test_run_test_brings_the_datasets_in_with_their_im_fields(cli, feed):
    source = _source(feed)

    result = cli.invoke(ckan_command, ["harvester", "run-test", source["name"]])
    assert result.exit_code == 0, result.output

    report = _report(source)
    assert report["job"]["stats"]["added"] == 3, report
    _assert_arrived_with_im_fields(feed, source["id"])


def test_the_queue_path_brings_the_datasets_in(feed):
    queue.purge_queues()
    source = _source(feed)
    helpers.call_action(
        "harvest_job_create",
        context={"user": feed["admin"]["name"], "ignore_auth": False},
        source_id=source["id"],
    )
    gather = queue.get_gather_consumer()
    reply = gather.basic_get(queue=queue.get_gather_queue_name())
    queue.gather_callback(gather, *reply)
    fetch = queue.get_fetch_consumer()
    for _ in range(3):
        reply = fetch.basic_get(queue=queue.get_fetch_queue_name())
        queue.fetch_callback(fetch, *reply)
    helpers.call_action("harvest_jobs_run", source_id=source["id"])

    report = _report(source)
    assert report["job"]["stats"]["added"] == 3, report
    _assert_arrived_with_im_fields(feed, source["id"])


def test_a_dataset_without_im_metadata_is_reported_not_dropped(cli, feed):
    # A source without configuration gives sensitivity (restricted) and
    # coverage (countrywide), but nothing the partner did not say: no
    # publisher to own the data, no SADD, no collection method. The job says so.
    source = create_source(
        feed["admin"], feed["org"]["id"], feed["partner_url"], name="partner"
    )

    result = cli.invoke(ckan_command, ["harvester", "run-test", "partner"])
    assert result.exit_code == 0, result.output

    report = _report(source)
    assert report["job"]["status"] == "Finished"
    assert report["job"]["stats"]["errored"] == 1
    assert report["job"]["stats"]["added"] == 0
    (failed,) = report["report"]["object_errors"].values()
    assert failed["guid"] == "https://partner.example.org/dataset/rainfall"
    message = failed["errors"][0]["message"]
    for field in ("Data owner", "Sadd", "Collection method"):
        assert f"'{field}'" in message, message
    for field in ("Sensitivity", "Admin level", "Geographic coverage"):
        assert f"'{field}'" not in message, message
    assert "Monthly rainfall 2024" not in json.dumps(
        helpers.call_action("package_search", q="rainfall")
    )
