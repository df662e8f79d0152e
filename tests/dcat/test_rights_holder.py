"""``dct:rightsHolder`` names the data owner by its canonical name (and, for a
Network organisation, its URI) and reads back into the same ``data_owner``."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckanext.dcat.processors import RDFSerializer
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from tests.factories import im_dataset

from .rdf import assert_dcat_ap_3, parse_one

SITE = "http://test.imnet.local"


def turtle(dataset):
    shown = helpers.call_action("package_show", id=dataset["id"])
    return RDFSerializer(profiles=["imnet"]).serialize_dataset(shown, "turtle")


def holder_of(text):
    graph = Graph().parse(data=text, format="turtle")
    ref = next(graph.subjects(predicate=None, object=DCAT.Dataset))
    holder = graph.value(ref, DCTERMS.rightsHolder)
    names = {(str(n), n.language) for n in graph.objects(holder, FOAF.name)}
    return graph, ref, holder, names


@pytest.fixture
def org(clean_db, clean_index):
    return factories.Organization(name="undp-myanmar", title="UNDP Myanmar")


def test_an_external_owner_is_named_in_english_and_myanmar(org):
    dataset = im_dataset(owner_org=org["id"], data_owner="CSO")
    text = turtle(dataset)
    graph, _ref, holder, names = holder_of(text)
    assert isinstance(holder, BNode)
    assert names == {
        ("Central Statistical Organization", "en"),
        ("ဗဟိုစာရင်းအင်းအဖွဲ့", "my"),
    }
    assert_dcat_ap_3(graph)
    assert parse_one(text)["data_owner"] == "central_statistical_organization"


def test_a_network_organisation_is_identified_by_its_uri(org):
    factories.Organization(name="wfp-myanmar", title="WFP Myanmar")
    wfp = helpers.call_action("organization_show", id="wfp-myanmar")
    dataset = im_dataset(owner_org=org["id"], data_owner="World Food Programme")
    text = turtle(dataset)
    graph, _ref, holder, names = holder_of(text)
    assert holder == URIRef(f"{SITE}/organization/{wfp['id']}")
    assert ("WFP Myanmar", "en") in names
    assert ("ကမ္ဘာ့ စားနပ်ရိက္ခာ အစီအစဉ် (WFP) မြန်မာ", "my") in names
    assert_dcat_ap_3(graph)
    assert parse_one(text)["data_owner"] == "wfp-myanmar"


def test_the_publisher_as_owner_is_one_agent(org):
    dataset = im_dataset(owner_org=org["id"], data_owner="undp-myanmar")
    graph, ref, holder, _names = holder_of(turtle(dataset))
    assert holder == graph.value(ref, DCTERMS.publisher)
    assert_dcat_ap_3(graph)


def test_an_owner_not_on_the_list_keeps_its_name(org):
    dataset = im_dataset(
        owner_org=org["id"],
        data_owner="other",
        data_owner_other="Peace Support Fund partners",
    )
    text = turtle(dataset)
    graph, _ref, _holder, names = holder_of(text)
    assert names == {("Peace Support Fund partners", None)}
    assert_dcat_ap_3(graph)
    parsed = parse_one(text)
    assert parsed["data_owner"] == "other"
    assert parsed["data_owner_other"] == "Peace Support Fund partners"


def test_another_portal_s_rights_holder_is_read_by_any_of_its_names(org):
    text = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        <https://other.example.org/dataset/mdhs> a dcat:Dataset ;
            dct:title "MDHS 2015-16" ;
            dct:rightsHolder <https://other.example.org/organization/moh> ;
            dct:rightsHolder [
                a foaf:Agent ; foaf:name "Ministry of Health and Sports"@en
            ] .
        <https://other.example.org/organization/moh> a foaf:Agent .
    """
    assert parse_one(text)["data_owner"] == "ministry_of_health"
