"""What a harvester pointed at ``make dev`` gets: the demo catalogue as DCAT-AP 3."""

from __future__ import annotations

import os

import pytest
import yaml
from ckan.cli.cli import ckan
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ckanext.imnet import demo

SHAPES = os.path.join(os.path.dirname(__file__), "dcat-ap_3_shacl_shapes.ttl")
PUBLIC = URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")


@pytest.fixture
def demo_catalogue(clean_db, clean_index, cli):
    result = cli.invoke(ckan, ["imnet", "demo", "load"])
    assert result.exit_code == 0, result.output
    with open(demo.CATALOGUE, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", 100)
def test_an_anonymous_harvester_gets_valid_dcat_ap_3_without_restricted_links(
    app, demo_catalogue
):
    text = app.get("/catalog.ttl").get_data(as_text=True)
    graph = Graph().parse(data=text, format="turtle")

    conforms, _report, message = validate(
        graph, shacl_graph=SHAPES, ont_graph=None, inference="none"
    )
    assert conforms, message

    visible = {
        d["title"]
        for d in demo_catalogue["datasets"]
        if d.get("sensitivity", "public") in ("public", "restricted")
    }
    datasets = list(graph.subjects(None, DCAT.Dataset))
    assert {str(graph.value(d, DCTERMS.title)) for d in datasets} == visible

    closed = [d for d in datasets if graph.value(d, DCTERMS.accessRights) != PUBLIC]
    assert closed, "the demo has restricted datasets"
    for dataset in closed:
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert graph.value(distribution, DCAT.downloadURL) is None
            assert str(graph.value(distribution, DCAT.accessURL)).endswith(
                "/request-access"
            )
    for spec in demo_catalogue["datasets"]:
        if spec.get("sensitivity", "public") != "public":
            for resource in spec.get("resources", []):
                if resource.get("url"):
                    assert resource["url"] not in text, spec["title"]
