"""Titles and descriptions in DCAT as ``@en`` and ``@my`` literals (issue #10)."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS

from tests.factories import IM_FIELDS, im_dataset

from .rdf import assert_dcat_ap_3, parse_one

TITLE_MY = "ကျောင်းများ တည်နေရာ"
NOTES_MY = "အခြေခံပညာ ကျောင်းများ၏ တည်နေရာ **ကိုဩဒိနိတ်** များ။"


@pytest.fixture
def org(clean_db, clean_index):
    return factories.Organization(title="Education Cluster")


def turtle(app, name):
    return app.get(f"/dataset/{name}.ttl").get_data(as_text=True)


def texts(text, predicate):
    graph = Graph().parse(data=text, format="turtle")
    ref = next(graph.subjects(predicate=None, object=DCAT.Dataset))
    return {(str(o), o.language) for o in graph.objects(ref, predicate)}, graph


def test_title_and_description_are_given_in_english_and_myanmar(app, org):
    im_dataset(
        name="schools",
        title="School locations",
        notes="Basic education schools with **coordinates**.",
        title_my=TITLE_MY,
        notes_my=NOTES_MY,
        owner_org=org["id"],
    )
    text = turtle(app, "schools")
    titles, graph = texts(text, DCTERMS.title)
    assert titles == {("School locations", "en"), (TITLE_MY, "my")}
    descriptions, _graph = texts(text, DCTERMS.description)
    assert descriptions == {
        ("Basic education schools with **coordinates**.", "en"),
        (NOTES_MY, "my"),
    }
    assert_dcat_ap_3(graph)
    parsed = parse_one(text)
    assert parsed["title"] == "School locations"
    assert parsed["title_my"] == TITLE_MY
    assert parsed["notes"] == "Basic education schools with **coordinates**."
    assert parsed["notes_my"] == NOTES_MY


def test_without_myanmar_text_only_english_is_given(app, org):
    im_dataset(name="english", title="English only", notes="Text.", owner_org=org["id"])
    titles, graph = texts(turtle(app, "english"), DCTERMS.title)
    assert titles == {("English only", "en")}
    assert_dcat_ap_3(graph)
    parsed = parse_one(turtle(app, "english"))
    assert "title_my" not in parsed and "notes_my" not in parsed


def test_a_myanmar_only_description_comes_with_the_english_summary(app, org):
    im_dataset(
        name="myanmar-notes",
        title="Schools",
        notes="",
        notes_my=NOTES_MY,
        owner_org=org["id"],
    )
    text = turtle(app, "myanmar-notes")
    descriptions, graph = texts(text, DCTERMS.description)
    languages = sorted(language for _text, language in descriptions)
    assert languages == ["en", "my"]
    assert any(t.startswith("Data owner:") for t, _lang in descriptions)
    assert_dcat_ap_3(graph)
    parsed = parse_one(text)
    # The summary is not the publisher's text; the Myanmar description is.
    assert "notes" not in parsed
    assert parsed["notes_my"] == NOTES_MY


def test_the_harvested_dataset_is_accepted_with_the_same_texts(app, org):
    im_dataset(
        name="schools",
        title="School locations",
        title_my=TITLE_MY,
        notes_my=NOTES_MY,
        owner_org=org["id"],
    )
    parsed = parse_one(turtle(app, "schools"))
    other = factories.Organization()
    harvested = helpers.call_action(
        "package_create",
        context={"user": factories.Sysadmin()["name"]},
        name="harvested",
        owner_org=other["id"],
        **IM_FIELDS,
        **{key: parsed[key] for key in ("title", "title_my", "notes_my")},
    )
    assert harvested["title_my"] == TITLE_MY
    assert harvested["notes_my"] == NOTES_MY


def test_other_portals_titles_are_read_by_language():
    text = """
        @prefix dcat: <http://www.w3.org/ns/dcat#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        <http://example.org/d/1> a dcat:Dataset ;
            dct:title "Titre"@fr, "Untagged title", "Latin in a Myanmar tag"@my ;
            dct:description "ဖော်ပြချက်"@my-MM .
    """
    parsed = parse_one(text)
    assert parsed["title"] == "Untagged title"
    assert "title_my" not in parsed  # no Myanmar script: not a Myanmar title
    assert parsed["notes_my"] == "ဖော်ပြချက်"


def test_the_catalogue_gives_the_myanmar_titles(app, org):
    im_dataset(name="schools", title="Schools", title_my=TITLE_MY, owner_org=org["id"])
    text = app.get("/catalog.ttl").get_data(as_text=True)
    assert f'"{TITLE_MY}"@my' in text
