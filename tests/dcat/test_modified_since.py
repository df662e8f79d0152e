"""A harvester fetches only what changed: ``/catalog.*?modified_since=``.

ckanext-dcat turns ``modified_since`` into a ``metadata_modified`` range
filter of its search, which the embedded backend answers next to the
catalogue's own filters; its paging links carry it.
"""

from __future__ import annotations

import datetime

import ckan.lib.search as search
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan import model
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS

from tests.factories import im_dataset

HYDRA_NEXT = URIRef("http://www.w3.org/ns/hydra/core#next")
LONG_AGO = datetime.datetime(2020, 6, 1, 5, 0, 0)


def graph_of(app, url: str, **kwargs) -> tuple[Graph, str]:
    response = app.get(url, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    return Graph().parse(data=text, format="turtle"), text


def titles(graph: Graph) -> set[str]:
    return {
        str(graph.value(d, DCTERMS.title)) for d in graph.subjects(None, DCAT.Dataset)
    }


def last_changed_at(name: str, when: datetime.datetime) -> None:
    """The dataset was last changed at ``when`` (UTC), as far as search knows."""
    package = model.Package.get(name)
    package.metadata_modified = when
    model.Session.commit()
    search.rebuild(package.id)


def change(name: str) -> None:
    helpers.call_action(
        "package_patch",
        context={"user": helpers.call_action("get_site_user")["name"]},
        id=name,
        notes="Updated after the last harvest.",
    )


@pytest.fixture
def harvested_once(clean_db, clean_index):
    """A catalogue harvested at some time T; the datasets are older than T."""
    org = factories.Organization()
    secret = "https://data.example.org/closed/idp-sites.csv"
    for name, level in (
        ("public-unchanged", "public"),
        ("public-changed", "public"),
        ("restricted-unchanged", "restricted"),
        ("restricted-changed", "restricted"),
        ("strictly-changed", "strictly_confidential"),
    ):
        extra = {} if level == "public" else {"sensitivity_rationale": "Sensitive"}
        im_dataset(
            name=name,
            title=name.replace("-", " ").capitalize(),
            owner_org=org["id"],
            sensitivity=level,
            resources=[{"url": secret if level != "public" else "https://x.org/a.csv"}],
            **extra,
        )
        last_changed_at(name, LONG_AGO)
    harvested_at = datetime.datetime.utcnow()
    for name in ("public-changed", "restricted-changed", "strictly-changed"):
        change(name)
    return {"since": harvested_at.isoformat(), "secret": secret}


def test_a_harvester_gets_only_the_datasets_changed_since_its_last_harvest(
    app, harvested_once
):
    graph, text = graph_of(
        app, "/catalog.ttl", query_string={"modified_since": harvested_once["since"]}
    )

    assert titles(graph) == {"Public changed", "Restricted changed"}
    [restricted] = [
        d
        for d in graph.subjects(None, DCAT.Dataset)
        if str(graph.value(d, DCTERMS.title)) == "Restricted changed"
    ]
    for distribution in graph.objects(restricted, DCAT.distribution):
        assert graph.value(distribution, DCAT.downloadURL) is None
        assert str(graph.value(distribution, DCAT.accessURL)).endswith(
            "/dataset/restricted-changed/request-access"
        )
    assert harvested_once["secret"] not in text


@pytest.mark.usefixtures("harvested_once")
def test_without_modified_since_a_harvester_gets_every_dataset_it_may_see(app):
    graph, _text = graph_of(app, "/catalog.ttl")
    assert titles(graph) == {
        "Public unchanged",
        "Public changed",
        "Restricted unchanged",
        "Restricted changed",
    }


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", 1)
def test_the_paging_links_keep_modified_since(app, harvested_once):
    since = harvested_once["since"]
    graph, _text = graph_of(app, "/catalog.ttl", query_string={"modified_since": since})
    seen = titles(graph)
    [next_page] = list(graph.objects(None, HYDRA_NEXT))
    assert "modified_since=" in str(next_page) and "page=2" in str(next_page)

    path = str(next_page).removeprefix("http://test.imnet.local")
    graph, _text = graph_of(app, path)
    seen |= titles(graph)
    assert seen == {"Public changed", "Restricted changed"}
    assert not list(graph.objects(None, HYDRA_NEXT))


@pytest.mark.usefixtures("harvested_once")
@pytest.mark.parametrize(
    ("since", "expected"),
    [
        # LONG_AGO is 05:00 UTC, 11:30 in Myanmar (+06:30).
        ("2020-06-01T04:59:00Z", True),
        ("2020-06-01T05:01:00Z", False),
        ("2020-06-01T11:29:00+06:30", True),
        ("2020-06-01T11:31:00+06:30", False),
        ("2020-06-01", True),
        ("2020-06-02", False),
    ],
)
def test_modified_since_is_read_in_utc_unless_it_says_otherwise(app, since, expected):
    graph, _text = graph_of(app, "/catalog.ttl", query_string={"modified_since": since})
    assert ("Public unchanged" in titles(graph)) is expected
    assert "Public changed" in titles(graph)
