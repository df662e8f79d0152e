"""A harvest run leaves a dataset whose record has not changed alone.

The feed is this catalogue's own ``/catalog.ttl`` for two datasets (then
removed here), served on loopback; ``ckan harvester run-test`` harvests it.
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

from tests.factories import FULLY_FILLED, im_dataset
from tests.harvest.conftest import create_source


class _Catalogue(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def source(app, roles) -> Iterator[dict[str, Any]]:
    """A source harvesting two of our datasets as DCAT, on loopback."""
    origin = factories.Organization(name="origin-org")
    made = [
        im_dataset(owner_org=origin["id"], title="Township population 2014"),
        im_dataset(owner_org=origin["id"], title="IDP sites", **FULLY_FILLED),
    ]
    _Catalogue.body = app.get("/catalog.ttl").get_data()
    for dataset in made:
        helpers.call_action("dataset_purge", id=dataset["id"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Catalogue)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield create_source(
            roles["admin"],
            roles["org"]["id"],
            f"http://127.0.0.1:{server.server_port}/catalog.ttl",
            name="network-catalogue",
        )
    finally:
        server.shutdown()
        server.server_close()


def _run(cli: Any, source: dict[str, Any], *guid: str) -> dict[str, int]:
    result = cli.invoke(ckan_command, ["harvester", "run-test", source["name"], *guid])
    assert result.exit_code == 0, result.output
    status = helpers.call_action("harvest_source_show_status", id=source["id"])
    return status["last_job"]["stats"]


def _harvested(source: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The source's datasets by title."""
    found = helpers.call_action(
        "package_search", fq=f'+harvest_source_id:"{source["id"]}"', rows=10
    )
    return {d["title"]: d for d in found["results"]}


def _modified(source: dict[str, Any]) -> dict[str, str]:
    return {t: d["metadata_modified"] for t, d in _harvested(source).items()}


def test_a_second_run_over_the_same_catalogue_writes_nothing(cli, source):
    assert _run(cli, source)["added"] == 2
    before = _modified(source)

    stats = _run(cli, source)

    assert (stats["not modified"], stats["updated"], stats["deleted"]) == (2, 0, 0)
    assert _modified(source) == before


def test_a_new_source_configuration_imports_every_dataset_again(cli, roles, source):
    _run(cli, source)
    helpers.call_action(
        "harvest_source_patch",
        context={"user": roles["admin"]["name"]},
        id=source["id"],
        config=json.dumps({"rdf_format": "turtle"}),
    )

    assert _run(cli, source)["updated"] == 2


def test_a_forced_import_writes_the_dataset_it_names(cli, source):
    _run(cli, source)
    imported = _harvested(source)
    # Neither dataset says what its record says any more (as after a change
    # of the import's mapping); written by an internal call, as imports are.
    internal = {"user": helpers.call_action("get_site_user")["name"]}
    for title, dataset in imported.items():
        helpers.call_action(
            "package_patch", internal, id=dataset["id"], notes=f"Stale {title}"
        )
    extras = {e["key"]: e["value"] for e in imported["IDP sites"]["extras"]}

    stats = _run(cli, source, extras["guid"])

    # The named record is imported again although it has not changed; the
    # other one is not imported.
    assert stats["updated"] == 1
    after = _harvested(source)
    assert after["IDP sites"]["notes"] == imported["IDP sites"]["notes"]
    assert after["Township population 2014"]["notes"] == (
        "Stale Township population 2014"
    )
