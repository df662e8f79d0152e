"""Turtle pages are written exactly as rdflib writes them, only faster."""

from __future__ import annotations

import os
from io import BytesIO

import rdflib.plugin
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer

from ckanext.imnet.dcat.turtle import RememberingTurtleSerializer

GOLDEN = os.path.join(os.path.dirname(__file__), "golden", "catalogue_page.ttl")


def written(serializer: type[TurtleSerializer], graph: Graph) -> bytes:
    stream = BytesIO()
    serializer(graph).serialize(stream, encoding="utf-8")
    return stream.getvalue()


def test_a_catalogue_page_is_written_byte_for_byte_as_rdflib_writes_it():
    graph = Graph().parse(GOLDEN, format="turtle")
    assert written(RememberingTurtleSerializer, graph) == written(
        TurtleSerializer, graph
    )


def test_a_uri_gets_the_prefix_bound_for_a_predicate_after_it_was_first_met():
    # rdflib binds ns1 for the predicate; the subject, met first, then has a
    # prefixed name too.
    site = Namespace("http://example.org/things/")
    graph = Graph(bind_namespaces="none")
    graph.add((site.a, URIRef("http://example.org/other/p"), Literal(1)))
    graph.add((site.b, site.linksTo, site.a))
    text = written(RememberingTurtleSerializer, graph)
    assert text == written(TurtleSerializer, graph)
    # Whichever prefix rdflib picks (it depends on the hash seed), the
    # subject is written with it, never as a full IRI.
    body = text.split(b"\n\n", 1)[1]
    assert b"<http://example.org/things/" not in body
    assert b":a " in body


def test_the_catalogue_writes_turtle_with_it(app):
    serializer = rdflib.plugin.get("turtle", Serializer)
    assert serializer is RememberingTurtleSerializer
