"""A catalogue page says the same whatever makes it fast.

``golden/catalogue_page.json`` is a fixed page of datasets as the catalogue's
search gives them to an anonymous harvester (the demo catalogue with fixed ids
and dates), plus a minimal dataset (no description, no resource URL, an
untitled organisation, an "other" data owner) and a confidential one as a
member gets it. ``golden/catalogue_page.ttl`` is the page the profile wrote
for them before the serialisation was made fast (issue 11); the graph written
now must be the same graph. Set ``IMNET_WRITE_GOLDEN=1`` to write it again --
only when the output is meant to change.
"""

from __future__ import annotations

import json
import os
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckanext.dcat.processors import RDFSerializer
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from .rdf import assert_dcat_ap_3

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
PAGING = {
    "count": 137,
    "items_per_page": 100,
    "current": "http://test.imnet.local/catalog.ttl?page=1",
    "first": "http://test.imnet.local/catalog.ttl?page=1",
    "last": "http://test.imnet.local/catalog.ttl?page=2",
    "next": "http://test.imnet.local/catalog.ttl?page=2",
}


@pytest.fixture
def page(clean_db) -> dict[str, Any]:
    with open(os.path.join(GOLDEN, "catalogue_page.json"), encoding="utf-8") as f:
        page = json.load(f)
    sysadmin = factories.Sysadmin()
    # The organisations with the page's ids: data owners name them by URI.
    for organization in page["organizations"]:
        helpers.call_action(
            "organization_create", context={"user": sysadmin["name"]}, **organization
        )
    return page


def render(app: Any, datasets: list[dict[str, Any]]) -> str:
    with app.flask_app.test_request_context("/catalog.ttl"):
        return RDFSerializer().serialize_catalog(
            {}, datasets, _format="turtle", pagination_info=PAGING
        )


def test_a_catalogue_page_is_the_same_graph_as_before(app, page):
    graph = Graph().parse(data=render(app, page["datasets"]), format="turtle")
    path = os.path.join(GOLDEN, "catalogue_page.ttl")
    if os.environ.get("IMNET_WRITE_GOLDEN"):
        graph.serialize(path, format="turtle")
    golden = Graph().parse(path, format="turtle")

    if not isomorphic(graph, golden):
        _both, only_now, only_before = graph_diff(
            to_isomorphic(graph), to_isomorphic(golden)
        )
        pytest.fail(
            "the page changed:\n+ "
            + "\n+ ".join(sorted(f"{t}" for t in only_now)[:20])
            + "\n- "
            + "\n- ".join(sorted(f"{t}" for t in only_before)[:20])
        )
    assert_dcat_ap_3(graph)
