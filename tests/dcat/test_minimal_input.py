"""Every dataset the schema accepts is valid DCAT-AP 3, not only fully filled ones.

Publishers use the API with only the required fields, and organisations are
created with only a name: the catalogue a harvester gets must still validate,
and still read back into the same IM fields.
"""

from __future__ import annotations

import json
import os
from typing import Any

import ckan.tests.helpers as helpers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from tests.factories import (
    FULLY_FILLED,
    REQUIRED_ONLY,
    bare_organization,
    required_only_dataset,
)

from .rdf import assert_dcat_ap_3, parse_one

IM_FIELDS = (*FULLY_FILLED, "notes")
DERIVED = URIRef("http://test.imnet.local/ns/imnet#descriptionDerived")


def graph_of(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def dataset_node(graph: Graph, name: str) -> Any:
    [node] = [
        d
        for d in graph.subjects(None, DCAT.Dataset)
        if str(graph.value(d, DCTERMS.title)) == name
    ]
    return node


def im_values(dataset: dict[str, Any]) -> dict[str, Any]:
    """The IM fields a dataset has a value for (empty ones are left out)."""
    return {
        field: dataset[field]
        for field in IM_FIELDS
        if dataset.get(field) not in (None, "", [])
    }


@pytest.fixture
def minimal_catalogue(clean_db, clean_index):
    """What everyday API use leaves: bare organisation, required fields only."""
    org = bare_organization()
    plain = required_only_dataset(org["id"])
    restricted = required_only_dataset(
        org["id"],
        sensitivity="restricted",
        sensitivity_rationale="Names of patients",
        admin_level="township",
        township_coverage=["MMR013001"],
    )
    with_resources = required_only_dataset(
        org["id"],
        resources=[
            {"url": "https://files.example.org/list.csv"},
            {"name": "Paper register"},
        ],
    )
    return {"org": org, "datasets": [plain, restricted, with_resources]}


def test_an_anonymous_harvester_gets_valid_dcat_ap_3_from_minimal_input(
    app, minimal_catalogue
):
    graph = graph_of(app.get("/catalog.ttl").get_data(as_text=True))

    assert_dcat_ap_3(graph)
    assert len(set(graph.subjects(None, DCAT.Dataset))) == 3


def test_a_dataset_without_description_is_described_by_its_im_metadata(
    app, minimal_catalogue
):
    graph = graph_of(app.get("/catalog.ttl").get_data(as_text=True))
    restricted = minimal_catalogue["datasets"][1]
    node = dataset_node(graph, restricted["name"])

    [description] = graph.objects(node, DCTERMS.description)
    assert str(description) == (
        "Data owner: Ministry of Health. Coverage: Yangon. "
        "Lowest administrative level: Township (admin 3). "
        "Collection methods: Administrative records / registers. "
        "Sex and age disaggregation: Not disaggregated. Access: Restricted."
    )
    assert description.language == "en"
    # Harvesters can tell it from a publisher's own text.
    assert graph.value(node, DERIVED) == Literal(True)


def test_a_publisher_created_without_a_title_is_named_by_its_name(
    app, minimal_catalogue
):
    graph = graph_of(app.get("/catalog.ttl").get_data(as_text=True))
    org = minimal_catalogue["org"]
    assert org["title"] == ""
    for dataset in minimal_catalogue["datasets"]:
        publisher = graph.value(dataset_node(graph, dataset["name"]), DCTERMS.publisher)
        assert [str(n) for n in graph.objects(publisher, FOAF.name)] == [org["name"]]


def test_a_publisher_s_own_description_and_title_are_kept(app, clean_db, clean_index):
    org = bare_organization(title="WASH Cluster")
    dataset = required_only_dataset(org["id"], notes="Latrines per camp.")
    text = app.get(f"/dataset/{dataset['name']}.ttl").get_data(as_text=True)
    graph = graph_of(text)
    node = dataset_node(graph, dataset["name"])

    assert [str(d) for d in graph.objects(node, DCTERMS.description)] == [
        "Latrines per camp."
    ]
    assert graph.value(node, DERIVED) is None
    publisher = graph.value(node, DCTERMS.publisher)
    assert [str(n) for n in graph.objects(publisher, FOAF.name)] == ["WASH Cluster"]
    assert parse_one(text)["notes"] == "Latrines per camp."


def test_a_resource_without_a_url_is_reached_through_its_page(app, minimal_catalogue):
    graph = graph_of(app.get("/catalog.ttl").get_data(as_text=True))
    dataset = minimal_catalogue["datasets"][2]
    node = dataset_node(graph, dataset["name"])
    links = {
        str(graph.value(distribution, DCAT.accessURL))
        for distribution in graph.objects(node, DCAT.distribution)
    }
    paper = next(r for r in dataset["resources"] if not r["url"])
    page = f"/dataset/{dataset['name']}/resource/{paper['id']}"
    assert links == {
        "https://files.example.org/list.csv",
        "http://test.imnet.local" + page,
    }
    assert "Paper register" in app.get(page).get_data(as_text=True)


def test_minimal_datasets_read_back_into_the_same_im_fields(app, minimal_catalogue):
    for dataset in minimal_catalogue["datasets"]:
        text = app.get(f"/dataset/{dataset['name']}.ttl").get_data(as_text=True)
        parsed = parse_one(text)
        # The derived description does not come back as the publisher's text.
        assert "notes" not in parsed
        assert im_values(parsed) == im_values(dataset)
        assert parsed["title"] == dataset["name"]


# -- any combination of optional fields ----------------------------------------

OPTIONAL: dict[str, Any] = {
    **{
        field: value
        for field, value in FULLY_FILLED.items()
        if field not in REQUIRED_ONLY and field != "sensitivity_rationale"
    },
    "title": "Township health facilities",
    "notes": "Facilities reported by the Township Health Department.",
    "tag_string": "health,facilities",
    "maintainer": "IM officer",
    "maintainer_email": "im@example.org",
    "url": "https://example.org/source",
    "version": "2.1",
    "license_id": "cc-by",
    "spatial": json.dumps(
        {
            "type": "Polygon",
            "coordinates": [
                [[96.0, 16.7], [96.3, 16.7], [96.3, 17.0], [96.0, 17.0], [96.0, 16.7]]
            ],
        }
    ),
}
RESOURCES = (
    {"description": "Paper forms, not digitised."},
    {"url": "https://files.example.org/facilities.csv"},
    {"name": "Questionnaire", "resource_type": "questionnaire"},
    {
        "url": "https://files.example.org/report.pdf",
        "name": "Report",
        "description": "Summary of the findings.",
        "format": "PDF",
        "mimetype": "application/pdf",
        "resource_type": "report",
    },
)


@pytest.mark.usefixtures("clean_db", "clean_index")
@settings(
    max_examples=int(os.environ.get("IMNET_HYPOTHESIS_EXAMPLES", "300")) // 5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    optional=st.sets(st.sampled_from(sorted(OPTIONAL))),
    sensitivity=st.sampled_from(["public", "restricted"]),
    org_title=st.sampled_from([None, "", "   ", "Township Health Department"]),
    resources=st.lists(st.sampled_from(RESOURCES), max_size=2),
)
def test_any_accepted_dataset_is_valid_dcat_ap_3_and_reads_back(
    app, optional, sensitivity, org_title, resources
):
    org = bare_organization(**({} if org_title is None else {"title": org_title}))
    fields = {field: OPTIONAL[field] for field in optional}
    if sensitivity != "public":
        fields.update(sensitivity=sensitivity, sensitivity_rationale="Do No Harm")
    dataset = required_only_dataset(org["id"], resources=list(resources), **fields)
    dataset = helpers.call_action("package_show", id=dataset["id"])

    text = app.get(f"/dataset/{dataset['name']}.ttl").get_data(as_text=True)
    assert_dcat_ap_3(graph_of(text))
    parsed = parse_one(text)
    assert im_values(parsed) == im_values(dataset)
