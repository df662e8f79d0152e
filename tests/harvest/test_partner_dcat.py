"""Partners' DCAT-AP feeds harvested into the Network catalogue.

Two feeds on loopback (``partners``): a DCAT-AP 2 catalogue in RDF/XML and a
DCAT-AP 3 one in Turtle, each of two pages linked with Hydra. Their datasets
say who published them (``dct:publisher``), where (``dct:spatial`` with a
place name and a geometry) and about what (``dcat:theme``, keywords); the
source's configuration maps themes to sectors and gives what they cannot say.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import ckan.tests.helpers as helpers
import pytest

from tests.harvest import partners
from tests.harvest.conftest import create_source
from tests.harvest.jobs import harvested, run_test, run_through_queues

EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
CONFIG = {
    "sadd": "none",
    "collection_method": ["sample_survey"],
    "sector_map": {
        "HEAL": "health",
        "nutrition": "nutrition",
        "wash": "wash",
        f"{EU_THEME}AGRI": ["agriculture", "food_security"],
    },
    "data_category_map": {"HEAL": "services", "ENVI": "wash", "AGRI": "food_security"},
}


@pytest.fixture
def ap2(roles) -> Iterator[dict[str, Any]]:
    """The DCAT-AP 2 feed running, and a source for it."""
    with partners.serve(partners.feed({})) as partner:
        partner.pages = partners.located(partners.dcat_ap2_pages(), partner)
        source = create_source(
            roles["admin"],
            roles["org"]["id"],
            f"{partner.url}/catalog.rdf",
            name="partner-ap2",
            title="Partner DCAT-AP 2",
            config=json.dumps(CONFIG),
        )
        yield {**roles, "partner": partner, "source": source}


@pytest.fixture
def ap3(roles) -> Iterator[dict[str, Any]]:
    """The DCAT-AP 3 feed running, and a source for it."""
    with partners.serve(partners.feed({})) as partner:
        partner.pages = partners.located(partners.dcat_ap3_pages(), partner)
        source = create_source(
            roles["admin"],
            roles["org"]["id"],
            f"{partner.url}/catalog.ttl",
            name="partner-ap3",
            title="Partner DCAT-AP 3",
            config=json.dumps(CONFIG),
        )
        yield {**roles, "partner": partner, "source": source}


def test_a_dcat_ap2_feed_arrives_as_im_datasets_page_by_page(cli, ap2):
    job = run_test(cli, ap2["source"])

    asked = [(path, q.get("page")) for path, q in ap2["partner"].requests]
    assert ("/catalog.rdf", "2") in asked  # the second page, by hydra:nextPage
    assert job["job"]["stats"]["added"] == 2, job
    found = harvested(ap2["source"])
    survey = found["Nutrition survey 2024"]
    assert survey["sensitivity"] == "restricted"
    assert survey["sensitivity_rationale"]
    assert survey["data_owner"] == "unicef"  # dct:publisher, a listed owner
    assert survey["geographic_coverage"] == ["MMR012"]  # "Rakhine State"
    assert survey["admin_level"] == "state_region"
    assert survey["sector"] == ["health", "nutrition"]  # theme HEAL, keyword
    assert survey["data_category"] == "services"
    assert survey["sadd"] == "none"
    assert survey["collection_method"] == ["sample_survey"]
    assert survey["temporal_coverage_end"] == "2024-12-31"
    assert json.loads(survey["spatial"])["type"] == "Polygon"  # its own extent
    assert survey["organization"]["name"] == "harvesting-org"

    points = found["Water points"]
    assert points["data_owner"] == "other"
    assert points["data_owner_other"] == "Solidarites International"
    assert points["township_coverage"] == ["MMR012001"]  # "Sittwe Township"
    assert points["admin_level"] == "township"
    assert points["sector"] == ["wash"]
    assert points["data_category"] == "wash"


def test_a_dataset_failing_validation_is_reported_with_its_messages(cli, ap2):
    job = run_test(cli, ap2["source"])

    assert job["job"]["status"] == "Finished"
    assert job["job"]["stats"]["errored"] == 1
    (failed,) = job["report"]["object_errors"].values()
    assert failed["guid"].endswith("/dataset/market-prices")
    message = failed["errors"][0]["message"]
    assert "Temporal coverage end" in message, message
    assert "Market prices" not in harvested(ap2["source"])


def test_a_dcat_ap3_feed_arrives_through_the_queues(ap3):
    job = run_through_queues(ap3["source"], ap3["admin"])

    assert job["job"]["status"] == "Finished"
    assert job["job"]["stats"]["added"] == 2, job
    found = harvested(ap3["source"])
    calendar = found["Crop calendar"]
    # dct:accessRights PUBLIC is the partner's own word: it wins.
    assert calendar["sensitivity"] == "public"
    assert calendar["data_owner"] == "fao"
    assert calendar["geographic_coverage"] == ["MMR018"]  # "Nay Pyi Taw"
    assert calendar["sector"] == ["food_security", "agriculture"]
    assert calendar["data_category"] == "food_security"
    production = found["Rice production"]
    assert production["sensitivity"] == "restricted"
    assert production["geographic_coverage"] == ["MMR017"]  # "Ayeyarwady Region"


@pytest.mark.parametrize("mode", ["malformed", "fail", "hang"])
@pytest.mark.ckan_config("ckanext.imnet.harvest.timeout", "1")
def test_a_feed_failing_is_reported_and_nothing_is_lost(cli, ap3, mode):
    run_test(cli, ap3["source"])
    ap3["partner"].mode = mode

    started = time.monotonic()
    job = run_test(cli, ap3["source"])

    assert time.monotonic() - started < 20
    assert job["job"]["status"] == "Finished"
    errors = json.dumps(job["report"]["gather_errors"])
    expected = {
        "malformed": "Error parsing the RDF file",
        "fail": "500",
        "hang": "timed out",
    }[mode]
    assert expected in errors, errors
    assert set(harvested(ap3["source"])) == {"Crop calendar", "Rice production"}


def test_data_restricted_by_the_sources_default_keeps_no_link_to_it(app, cli, ap2):
    run_test(cli, ap2["source"])
    survey = harvested(ap2["source"])["Nutrition survey 2024"]  # as stored
    assert survey["sensitivity"] == "restricted"
    assert "has not said the data is open" in survey["sensitivity_rationale"]
    for resource in survey["resources"]:
        assert resource["url"] == ""
        assert not resource.get("download_url") and not resource.get("access_url")
    # Nor anything that shows it: the page, its DCAT, the API, anonymously.
    partner = ap2["partner"].url
    for url in (
        f"/dataset/{survey['name']}",
        f"/dataset/{survey['name']}.ttl",
        f"/api/3/action/package_show?id={survey['name']}",
    ):
        body = app.get(url).get_data(as_text=True)
        assert f"{partner}/files/" not in body, url


def test_data_the_source_says_is_public_keeps_its_links(cli, ap2):
    helpers.call_action(
        "harvest_source_patch",
        context={"user": ap2["admin"]["name"], "ignore_auth": False},
        id=ap2["source"]["id"],
        config=json.dumps({**CONFIG, "sensitivity": "public"}),
    )
    run_test(cli, ap2["source"])
    survey = harvested(ap2["source"])["Nutrition survey 2024"]
    assert survey["sensitivity"] == "public"
    [resource] = survey["resources"]
    assert resource["url"].endswith("/files/nutrition-survey-2024.csv")


def test_a_feed_with_blank_node_distributions_is_not_rewritten_unchanged(cli, ap3):
    # The DCAT-AP 3 feed writes its distributions as blank nodes ``[ ... ]``,
    # whose identifiers change at every parse.
    first = run_test(cli, ap3["source"])
    assert first["job"]["stats"]["added"] == 2, first
    modified = {t: d["metadata_modified"] for t, d in harvested(ap3["source"]).items()}

    again = run_test(cli, ap3["source"])

    assert again["job"]["stats"]["updated"] == 0, again
    assert again["job"]["stats"]["not modified"] == 2, again
    after = {t: d["metadata_modified"] for t, d in harvested(ap3["source"]).items()}
    assert after == modified
