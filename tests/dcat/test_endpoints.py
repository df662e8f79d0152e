"""Harvesters page through the catalogue; each sees what the policy lets them see."""

from __future__ import annotations

import datetime
import os

import ckan.lib.search as search
import ckan.tests.factories as factories
import pytest
from ckan import model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS

from tests.access.conftest import headers_for
from tests.factories import im_dataset
from tests.search.test_bad_input import lucene_like

HYDRA = "http://www.w3.org/ns/hydra/core#"


@pytest.fixture
def catalogue(clean_db, clean_index):
    owner = factories.User()
    member = factories.User()
    org = factories.Organization(users=[{"name": owner["name"], "capacity": "admin"}])
    factories.Organization(users=[{"name": member["name"], "capacity": "member"}])
    for level in ("public", "restricted", "confidential", "strictly_confidential"):
        extra = {} if level == "public" else {"sensitivity_rationale": "Sensitive"}
        im_dataset(
            name=f"level-{level.replace('_', '-')}",
            title=f"Level {level}",
            owner_org=org["id"],
            sensitivity=level,
            **extra,
        )
    for number in range(3):
        im_dataset(name=f"extra-{number}", title=f"Extra {number}", owner_org=org["id"])
    return {"owner": owner, "member": member}


def titles(app, url, headers=None):
    text = app.get(url, headers=headers or {}).get_data(as_text=True)
    graph = Graph().parse(data=text, format="turtle")
    return {
        str(graph.value(d, DCTERMS.title)) for d in graph.subjects(None, DCAT.Dataset)
    }


@pytest.mark.usefixtures("catalogue")
def test_anonymous_harvesters_get_what_the_public_sees(app):
    found = titles(app, "/catalog.ttl")
    assert "Level public" in found and "Level restricted" in found
    assert "Level confidential" not in found
    assert "Level strictly_confidential" not in found


def test_members_get_confidential_datasets_never_strictly_confidential(app, catalogue):
    found = titles(app, "/catalog.ttl", headers_for(catalogue["member"]))
    assert "Level confidential" in found
    assert "Level strictly_confidential" not in found
    # Not even the owning organisation's harvester gets them.
    found = titles(app, "/catalog.ttl", headers_for(catalogue["owner"]))
    assert "Level strictly_confidential" not in found
    response = app.get(
        "/dataset/level-strictly-confidential.ttl",
        headers=headers_for(catalogue["owner"]),
    )
    assert response.status_code == 404


@pytest.mark.usefixtures("catalogue")
@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", 2)
def test_paging(app):
    seen = set()
    for page in (1, 2, 3):
        seen |= titles(app, f"/catalog.ttl?page={page}")
    assert len(seen) == 5  # public, restricted and three extras
    text = app.get("/catalog.ttl?page=1").get_data(as_text=True)
    assert "hydra" in text and "page=2" in text


@pytest.mark.usefixtures("catalogue")
def test_modified_since(app):
    package = model.Package.get("extra-0")
    package.metadata_modified = datetime.datetime(2020, 1, 1)
    model.Session.commit()
    search.rebuild(package.id)
    recent = (datetime.datetime.utcnow() - datetime.timedelta(hours=1)).isoformat()
    found = titles(app, f"/catalog.ttl?modified_since={recent}")
    assert "Extra 1" in found and "Extra 0" not in found
    assert "Extra 0" in titles(app, "/catalog.ttl?modified_since=2019-12-31")


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    "query",
    [
        "fq=(sensitivity:public",
        "fq=metadata_modified:[2020 TO",
        "page=abc",
        "modified_since=yesterday",
    ],
)
def test_bad_catalogue_parameters_get_a_clear_error(app, query):
    response = app.get(f"/catalog.ttl?{query}")
    assert response.status_code in (400, 409), response.status_code
    text = response.get_data(as_text=True)
    assert "strictly_confidential" not in text  # no internals in the message
    if query.startswith("fq"):
        assert "Invalid search query" in text


@pytest.mark.usefixtures("catalogue")
def test_query_and_filters(app):
    assert titles(app, "/catalog.ttl?q=restricted") == {"Level restricted"}
    assert titles(app, "/catalog.ttl?fq=sensitivity:public") == {
        "Level public",
        "Extra 0",
        "Extra 1",
        "Extra 2",
    }


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("extension, fmt", [("rdf", "xml"), ("jsonld", "json-ld")])
def test_other_serialisations(app, extension, fmt):
    text = app.get(f"/catalog.{extension}").get_data(as_text=True)
    graph = Graph().parse(data=text, format=fmt)
    assert len(set(graph.subjects(None, DCAT.Dataset))) == 5
    one = app.get(f"/dataset/level-public.{extension}").get_data(as_text=True)
    assert (
        len(set(Graph().parse(data=one, format=fmt).subjects(None, DCAT.Dataset))) == 1
    )


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    "url",
    [
        "/catalog.csv",
        "/catalog.json",
        "/catalog.html",
        "/catalog.nt",
        "/catalog.TTL",
        "/dataset/level-public.csv",
        "/dataset/level-public.json",
    ],
)
def test_a_format_dcat_is_not_served_in_is_not_found(app, url):
    response = app.get(url)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "DCAT is served as .rdf, .xml, .n3, .ttl, .jsonld" in text


@pytest.mark.usefixtures("catalogue")
def test_notation3_is_served(app):
    response = app.get("/catalog.n3")
    assert response.headers["Content-Type"].startswith("text/n3")
    graph = Graph().parse(data=response.get_data(as_text=True), format="n3")
    assert len(set(graph.subjects(None, DCAT.Dataset))) == 5


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(
    "fq",
    [
        "name:x) OR (name:x",
        "name:level-strictly-confidential) OR (name:x",
        "*:*) OR (*:*",
        "sensitivity:strictly_confidential",
    ],
)
def test_a_filter_cannot_escape_the_catalogue_s_own_filters(app, catalogue, fq):
    """The policy's filters are separate ``fq_list`` entries, not string-wrapped."""
    for headers in ({}, headers_for(catalogue["owner"])):
        response = app.get("/catalog.ttl", query_string={"fq": fq}, headers=headers)
        assert response.status_code in (200, 400, 409), response.status_code
        assert "Level strictly_confidential" not in response.get_data(as_text=True)


@pytest.mark.usefixtures("catalogue")
@settings(
    max_examples=int(os.environ.get("IMNET_HYPOTHESIS_EXAMPLES", "300")) // 3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    q=st.one_of(lucene_like, st.text(max_size=40)),
    fq=st.one_of(lucene_like, st.text(max_size=40)),
    extension=st.sampled_from(["ttl", "jsonld", "rdf"]),
)
def test_any_catalogue_query_is_answered_or_rejected_cleanly(app, q, fq, extension):
    response = app.get(f"/catalog.{extension}", query_string={"q": q, "fq": fq})
    assert response.status_code in (200, 400, 409), (q, fq, response.status_code)
    assert "Level strictly_confidential" not in response.get_data(as_text=True)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("extension", ["ttl", "n3", "rdf", "jsonld"])
def test_a_query_with_spaces_pages_through_valid_iris(app, extension):
    response = app.get(
        f"/catalog.{extension}", query_string={"q": "Extra OR Level", "fq": "*:*"}
    )
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True)
    assert "q=Extra%20OR%20Level" in text
