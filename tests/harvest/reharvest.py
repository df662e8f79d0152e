"""A partner feed on loopback whose content changes between harvest runs.

Each version of the feed is this catalogue's own ``/catalog.ttl`` as a MIMU
admin sees it at one moment (a partner's DCAT-AP feed that lists confidential
datasets); the datasets it describes are purged afterwards, so the harvest
creates them anew.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
from ckan.cli.cli import ckan as ckan_command

from tests.factories import FULLY_FILLED, im_dataset
from tests.harvest.conftest import create_source


class _Handler(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


class Feed:
    """The served feed: ``url`` to harvest, ``serve`` to change it."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}/catalog.ttl"

    def serve(self, body: bytes) -> None:
        """From now on, the feed is ``body``."""
        _Handler.body = body


@contextmanager
def loopback_feed() -> Iterator[Feed]:
    """A feed server on a free loopback port, for the time of a test."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Feed(server.server_port)
    finally:
        server.shutdown()
        server.server_close()


def catalogue_as(app: Any, user: dict[str, Any]) -> bytes:
    """This catalogue's ``/catalog.ttl`` as ``user`` (with an API token) sees it."""
    return app.get("/catalog.ttl", headers={"Authorization": user["token"]}).get_data()


def run(cli: Any, source: dict[str, Any]) -> dict[str, Any]:
    """Run a whole harvest job of ``source`` (``ckan harvester run-test``);
    the finished job."""
    result = cli.invoke(ckan_command, ["harvester", "run-test", source["name"]])
    assert result.exit_code == 0, (result.output, result.exception)
    status = helpers.call_action("harvest_source_show_status", id=source["id"])
    return status["last_job"]


def harvested(source: dict[str, Any]) -> list[dict[str, Any]]:
    """The datasets the source holds, private ones too (as the site sees them)."""
    found = helpers.call_action(
        "package_search",
        fq=f'+harvest_source_id:"{source["id"]}"',
        include_private=True,
        rows=100,
    )
    return found["results"]


def harvest_world(
    app: Any, cli: Any, roles: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """For a fixture: two datasets harvested from "Network catalogue" into
    ``harvesting-org`` (the public one with a map image), a local dataset
    there; the feed stays up (``feed``; ``feed_v2``: the same with the public
    dataset renamed at its origin)."""
    origin = factories.Organization(name="origin-org")
    made = [
        im_dataset(owner_org=origin["id"], name="rainfall", title="Rainfall 2024"),
        im_dataset(
            owner_org=origin["id"], name="idp-sites", title="IDP sites", **FULLY_FILLED
        ),
    ]
    factories.Resource(
        package_id=made[0]["id"],
        name="Rainfall map",
        url="http://example.org/rainfall.png",
        format="PNG",
    )
    feed_v1 = catalogue_as(app, roles["sysadmin"])
    site = {"user": roles["sysadmin"]["name"]}
    helpers.call_action(
        "package_patch", context=dict(site), id=made[0]["id"], title="Rainfall 2025"
    )
    feed_v2 = catalogue_as(app, roles["sysadmin"])
    for dataset in made:
        helpers.call_action("dataset_purge", context=dict(site), id=dataset["id"])
    local = im_dataset(owner_org=roles["org"]["id"], name="local-one", title="Local")
    with loopback_feed() as feed:
        feed.serve(feed_v1)
        source = create_source(
            roles["admin"],
            roles["org"]["id"],
            feed.url,
            name="network-catalogue",
            title="Network catalogue",
        )
        run(cli, source)
        by_title = {d["title"]: d for d in harvested(source)}
        yield {
            **roles,
            "feed": feed,
            "feed_v2": feed_v2,
            "source": source,
            "public": by_title["Rainfall 2024"],
            "restricted": by_title["IDP sites"],
            "local": local,
        }


def api(
    app: Any, user: dict[str, Any] | None, action: str, status: int = 200, **params: Any
) -> dict[str, Any]:
    """An API call over HTTP as ``user`` (``None``: anonymous); its JSON answer."""
    headers = {"Authorization": user["token"]} if user else {}
    response = app.post(
        f"/api/3/action/{action}", json=params, headers=headers, status=status
    )
    return response.json
