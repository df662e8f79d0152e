"""What a harvester pointed at ``make dev`` gets: the demo catalogue as DCAT-AP 3."""

from __future__ import annotations

import pytest
import yaml
from ckan.cli.cli import ckan
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from ckanext.imnet import demo

from .rdf import assert_dcat_ap_3

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

    assert_dcat_ap_3(graph)

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
