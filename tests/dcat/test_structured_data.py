"""Dataset pages carry schema.org JSON-LD for search engines, redacted like the page."""

from __future__ import annotations

import json
import re

import ckan.tests.factories as factories
import pytest

from tests.factories import im_dataset

OPEN = "https://files.example.org/open-schools.csv"
SECRET = "https://files.example.org/secret-sites-7f3a.csv"


@pytest.fixture
def datasets(clean_db, clean_index):
    org = factories.Organization()
    im_dataset(
        name="schools",
        title="Schools",
        owner_org=org["id"],
        resources=[{"url": OPEN, "format": "CSV", "name": "School list"}],
    )
    im_dataset(
        name="idp-sites",
        title="IDP sites",
        owner_org=org["id"],
        sensitivity="restricted",
        sensitivity_rationale="Locations of displaced people",
        resources=[{"url": SECRET, "format": "CSV", "name": "Site list"}],
    )


def json_ld(page: str) -> dict:
    [block] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S
    )
    return json.loads(block)


def nodes(document: dict, kind: str) -> list[dict]:
    return [n for n in document["@graph"] if n.get("@type") == kind]


@pytest.mark.usefixtures("datasets")
def test_a_public_dataset_page_describes_the_dataset_and_its_data(app):
    document = json_ld(app.get("/dataset/schools").get_data(as_text=True))
    [dataset] = nodes(document, "schema:Dataset")
    assert dataset["schema:name"] == "Schools"
    [download] = nodes(document, "schema:DataDownload")
    assert download["schema:url"] == OPEN


@pytest.mark.usefixtures("datasets")
def test_a_restricted_dataset_page_describes_it_without_the_link(app):
    page = app.get("/dataset/idp-sites").get_data(as_text=True)
    [dataset] = nodes(json_ld(page), "schema:Dataset")
    assert dataset["schema:name"] == "IDP sites"
    assert SECRET not in page
