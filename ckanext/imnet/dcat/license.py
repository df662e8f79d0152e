"""``dct:license``: the dataset's licence on each of its distributions.

DCAT-AP puts a licence on distributions, and ckanext-dcat's parser reads a
dataset's ``license_id`` back from them (by the licence's URL, else by its
title), but writes one there only for resources with a licence of their own
(or with ``ckanext.dcat.resource.inherit.license``, and then only for
licences that have a URL). Without it a harvesting portal gets no licence.
"""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.graph import Graph

from ckanext.dcat.profiles import DCT, RDF

__all__ = ["add_distribution_license"]


def add_distribution_license(
    graph: Graph, distribution: Any, dataset_dict: dict[str, Any]
) -> None:
    """Add the dataset's licence to ``distribution`` unless it has one: its
    URL as a ``dct:LicenseDocument`` titled with the licence's title, or a
    titled blank node for a licence without a URL (``other-closed``, ...)."""
    title = str(dataset_dict.get("license_title") or "").strip()
    if graph.value(distribution, DCT.license) is not None or not title:
        return
    url = str(dataset_dict.get("license_url") or "").strip()
    document = URIRef(url) if url else BNode()
    graph.add((distribution, DCT.license, document))
    graph.add((document, RDF.type, DCT.LicenseDocument))
    graph.add((document, DCT.title, Literal(title)))
