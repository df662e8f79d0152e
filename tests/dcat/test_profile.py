"""The imnet DCAT profile: standard vocabularies, DCAT-AP 3, lossless round trip."""

from __future__ import annotations

import json

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckanext.dcat.processors import RDFSerializer
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from tests.factories import FULLY_FILLED, im_dataset

from .rdf import assert_dcat_ap_3, parse_one

EU = "http://publications.europa.eu/resource/authority/"

FULL = FULLY_FILLED


@pytest.fixture
def dataset(clean_db, clean_index):
    org = factories.Organization(name="cccm", title="CCCM Cluster")
    created = im_dataset(
        name="idp-sites",
        title="IDP sites",
        notes="Camps and camp-like settings.",
        owner_org=org["id"],
        resources=[
            {
                "url": "https://files.example.org/secret-sites.csv",
                "format": "CSV",
                "name": "Site list",
                "resource_type": "data",
            }
        ],
        **FULL,
    )
    return helpers.call_action("package_show", id=created["id"])


def graph_of(dataset_dict):
    text = RDFSerializer(profiles=["imnet"]).serialize_dataset(dataset_dict, "turtle")
    return Graph().parse(data=text, format="turtle"), text


def dataset_ref(graph):
    return next(graph.subjects(predicate=None, object=DCAT.Dataset))


def test_im_fields_are_in_standard_vocabularies(dataset):
    graph, _text = graph_of(dataset)
    ref = dataset_ref(graph)
    assert (ref, DCTERMS.accessRights, URIRef(EU + "access-right/RESTRICTED")) in graph
    assert (ref, DCTERMS.accrualPeriodicity, URIRef(EU + "frequency/MONTHLY")) in graph
    assert (ref, DCTERMS.language, URIRef(EU + "language/MYA")) in graph
    holder = graph.value(ref, DCTERMS.rightsHolder)
    names = {(str(n), n.language) for n in graph.objects(holder, FOAF.name)}
    assert ("CCCM / Shelter / NFI Cluster", "en") in names
    places = {
        str(graph.value(p, DCTERMS.identifier))
        for p in graph.objects(ref, DCTERMS.spatial)
    }
    assert places == {"MMR001", "MMR015", "MMR001002", "MMR015007"}
    kachin = next(
        p
        for p in graph.objects(ref, DCTERMS.spatial)
        if str(graph.value(p, DCTERMS.identifier)) == "MMR001"
    )
    labels = {
        (str(label), label.language)
        for label in graph.objects(
            kachin, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
        )
    }
    assert ("Kachin", "en") in labels and ("ကချင်ပြည်နယ်", "my") in labels
    assert str(graph.value(kachin, DCAT.bbox)).startswith("POLYGON((95.8062 23.6332")
    themes = {str(t).rsplit("/", 1)[1] for t in graph.objects(ref, DCAT.theme)}
    assert themes == {"cccm", "shelter_nfi"}
    period = graph.value(ref, DCTERMS.temporal)
    assert str(graph.value(period, DCAT.startDate)) == "2024-01-01"


def test_restricted_distributions_have_no_link_to_the_data(dataset):
    graph, text = graph_of(dataset)
    assert "secret-sites" not in text
    for distribution in graph.objects(dataset_ref(graph), DCAT.distribution):
        assert graph.value(distribution, DCAT.downloadURL) is None
        assert str(graph.value(distribution, DCAT.accessURL)).endswith(
            "/dataset/idp-sites/request-access"
        )


def test_public_distributions_keep_their_link_and_validate(clean_db, clean_index):
    org = factories.Organization()
    public = im_dataset(
        owner_org=org["id"],
        resources=[
            {
                "url": "https://files.example.org/open.csv",
                "format": "CSV",
                "mimetype": "text/csv",
            }
        ],
    )
    graph, text = graph_of(helpers.call_action("package_show", id=public["id"]))
    assert "https://files.example.org/open.csv" in text
    [distribution] = graph.objects(dataset_ref(graph), DCAT.distribution)
    assert str(graph.value(distribution, DCAT.mediaType)) == (
        "https://www.iana.org/assignments/media-types/text/csv"
    )
    assert_dcat_ap_3(graph)

    parsed = parse_one(text)
    [resource] = parsed["resources"]
    assert resource["mimetype"] == "text/csv"
    assert resource["url"] == "https://files.example.org/open.csv"


def test_a_fully_filled_dataset_validates_against_dcat_ap_3(dataset):
    graph, _text = graph_of(dataset)
    assert_dcat_ap_3(graph)


def test_the_catalogue_validates_against_dcat_ap_3(app, dataset):
    response = app.get("/catalog.ttl")
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    assert_dcat_ap_3(graph)


def test_parsing_the_output_gives_back_every_im_field(dataset):
    _graph, text = graph_of(dataset)
    parsed = parse_one(text)
    for field, value in FULL.items():
        assert parsed.get(field) == value, field
    assert parsed["title"] == "IDP sites"


def test_a_harvesting_portal_gets_back_licence_format_and_resource_type(
    clean_db, clean_index
):
    org = factories.Organization()
    public = im_dataset(
        owner_org=org["id"],
        license_id="other-closed",
        language=["other"],
        resources=[
            {
                "url": "https://files.example.org/report.docx",
                "format": "DOCX",
                "resource_type": "report",
            }
        ],
    )
    _graph, text = graph_of(helpers.call_action("package_show", id=public["id"]))
    parsed = parse_one(text)
    assert parsed["license_id"] == "other-closed"
    assert parsed["language"] == ["other"]
    [resource] = parsed["resources"]
    assert resource["url"] == "https://files.example.org/report.docx"
    assert (resource["format"], resource["resource_type"]) == ("DOCX", "report")
    assert "license" not in resource  # a blank node's id means nothing here


def test_restricted_resources_come_back_without_a_url(dataset):
    # The access URL (the request page) stays; no link is kept as the URL.
    _graph, text = graph_of(dataset)
    [resource] = parse_one(text)["resources"]
    assert resource["url"] == ""
    assert resource["access_url"].endswith("/dataset/idp-sites/request-access")


def test_the_namespace_document_is_served(app):
    response = app.get("/ns/imnet")
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    skos = "http://www.w3.org/2004/02/skos/core#"
    concepts = set(graph.subjects(URIRef(skos + "inScheme"), None))
    assert any(str(c).endswith("/ns/imnet/sadd/sex_and_age") for c in concepts)
    ddi = {str(o) for o in graph.objects(None, URIRef(skos + "closeMatch"))}
    assert "http://rdf-vocabulary.ddialliance.org/cv/ModeOfCollection/FocusGroup" in ddi


def test_round_trip_keeps_json_lists_and_scalars_apart(dataset):
    # What a harvesting imnet portal would pass to package_create.
    _graph, text = graph_of(dataset)
    parsed = parse_one(text)
    json.dumps(parsed)  # serialisable as-is
    assert isinstance(parsed["sector"], list)
    assert isinstance(parsed["sadd"], str)


SITTWE_AREA = {
    "type": "Polygon",
    "coordinates": [
        [[92.8, 20.1], [93.0, 20.1], [93.0, 20.3], [92.8, 20.3], [92.8, 20.1]]
    ],
}
LOCN = "http://www.w3.org/ns/locn#"
GSP = "http://www.opengis.net/ont/geosparql#"


def _extents(graph):
    """The dct:Location nodes of the dataset that are not Pcode places."""
    ref = dataset_ref(graph)
    return [
        p
        for p in graph.objects(ref, DCTERMS.spatial)
        if graph.value(p, DCTERMS.identifier) is None
    ]


def test_a_derived_extent_is_carried_by_the_places_alone(dataset):
    assert json.loads(dataset["spatial"])["imnet:derived"] is True
    graph, _text = graph_of(dataset)
    assert _extents(graph) == []


def test_a_drawn_extent_is_a_dcat_ap_3_location_and_comes_back(clean_db, clean_index):
    org = factories.Organization()
    created = im_dataset(
        owner_org=org["id"],
        geographic_coverage=["MMR012"],
        spatial=json.dumps(SITTWE_AREA),
    )
    graph, text = graph_of(helpers.call_action("package_show", id=created["id"]))
    [location] = _extents(graph)
    geometry = graph.value(location, URIRef(LOCN + "geometry"))
    assert (
        geometry,
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef(LOCN + "Geometry"),
    ) in graph
    assert str(graph.value(geometry, URIRef(GSP + "asWKT"))).startswith("POLYGON")
    assert "92.8 20.1" in str(graph.value(location, DCAT.bbox))
    assert_dcat_ap_3(graph)

    parsed = parse_one(text)
    assert json.loads(parsed["spatial"])["coordinates"] == [
        [list(p) for p in SITTWE_AREA["coordinates"][0]]
    ]
    assert parsed["geographic_coverage"] == ["MMR012"]


def test_another_portals_dcat_ap_2_geometry_literal_is_read():
    text = """
    @prefix dcat: <http://www.w3.org/ns/dcat#> .
    @prefix dct: <http://purl.org/dc/terms/> .
    @prefix locn: <http://www.w3.org/ns/locn#> .
    @prefix gsp: <http://www.opengis.net/ont/geosparql#> .
    <https://other.example.org/dataset/x> a dcat:Dataset ;
        dct:title "Elsewhere" ;
        dct:spatial [ a dct:Location ;
            locn:geometry "POINT (96.1 16.8)"^^gsp:wktLiteral ] .
    """
    parsed = parse_one(text)
    assert json.loads(parsed["spatial"]) == {
        "type": "Point",
        "coordinates": [96.1, 16.8],
    }
