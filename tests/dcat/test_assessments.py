"""Assessments of the registry are not in the DCAT catalogue at all.

A planned or ongoing assessment is not a distribution of data: a harvester
that met one as ``dcat:Dataset`` would list data that does not exist yet.
The registry is read on its own pages and API, not through DCAT.
"""

from __future__ import annotations

import ckan.tests.factories as factories
import pytest

from tests.factories import assessment, im_dataset


@pytest.fixture
def registry(clean_db, clean_index):
    org = factories.Organization(name="lead-agency")
    im_dataset(name="wash-survey-data", title="WASH survey data", owner_org=org["id"])
    assessment(
        owner_org=org["id"],
        name="wash-assessment",
        title="Planned WASH assessment",
        report_availability="public",
        data_availability="public",
        data_dataset="wash-survey-data",
    )


@pytest.mark.usefixtures("registry")
@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld"])
def test_the_catalogue_lists_the_dataset_not_the_assessment(app, extension):
    text = app.get(f"/catalog.{extension}").get_data(as_text=True)
    assert "WASH survey data" in text
    assert "wash-assessment" not in text
    assert "Planned WASH assessment" not in text


@pytest.mark.usefixtures("registry")
@pytest.mark.parametrize(
    "url",
    [
        "/dataset/wash-assessment.ttl",
        "/dataset/wash-assessment.rdf",
        "/assessment/wash-assessment.ttl",
    ],
)
def test_an_assessment_has_no_dcat_record(app, url):
    assert app.get(url).status_code == 404


@pytest.mark.usefixtures("registry")
def test_an_assessment_page_does_not_tell_search_engines_it_is_a_dataset(app):
    page = app.get("/assessment/wash-assessment")
    assert page.status_code == 200
    assert "Planned WASH assessment" in page.get_data(as_text=True)
    assert "schema:Dataset" not in page.get_data(as_text=True)
