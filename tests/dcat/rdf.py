"""Helpers of the DCAT tests: SHACL validation and reading the profile back."""

from __future__ import annotations

import functools
import os
from typing import Any

from ckanext.dcat.processors import RDFParser
from pyshacl import validate
from rdflib import Graph

SHAPES = os.path.join(os.path.dirname(__file__), "dcat-ap_3_shacl_shapes.ttl")


@functools.cache
def _shapes() -> Graph:
    # Parsed once: property tests validate many graphs.
    return Graph().parse(SHAPES, format="turtle")


def assert_dcat_ap_3(graph: Any) -> None:
    """The graph conforms to the DCAT-AP 3 SHACL shapes, with no violation."""
    conforms, _report, message = validate(
        graph, shacl_graph=_shapes(), ont_graph=None, inference="none"
    )
    assert conforms, message


def parse_one(text: str) -> dict[str, Any]:
    """The one dataset a Turtle document describes, read with the imnet profile."""
    parser = RDFParser(profiles=["imnet"])
    parser.parse(text, _format="turtle")
    [parsed] = list(parser.datasets())
    return parsed
