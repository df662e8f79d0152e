"""A partner's CKAN site harvested into the Network catalogue.

The partner is a CKAN action API on loopback (``partners.ckan_site``); the
source's configuration maps its tags to sectors and data categories and gives
the IM defaults it cannot say itself. Its datasets arrive as IM datasets:
restricted unless the source says public, owned by their publisher, located
by the place names they carry, in the source's organisation.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.harvest import partners
from tests.harvest.conftest import create_source
from tests.harvest.jobs import harvested, run_test, run_through_queues

CONFIG = {
    "sadd": "none",
    "collection_method": ["secondary_data_review"],
    "sector_map": {"nutrition": "nutrition", "food security": ["food_security"]},
    "data_category_map": {"food security": "food_security", "markets": "economic"},
}


def _datasets() -> list[dict[str, Any]]:
    return [
        partners.ckan_package(
            "food-security-assessment-rakhine",
            "Food security assessment, Rakhine",
            tags=("Food Security", "rakhine", "household"),
            extras={"spatial_text": "Rakhine State"},
        ),
        partners.ckan_package(
            "market-monitor-sittwe",
            "Market monitor, Sittwe",
            organization=("solidarites", "Solidarites International"),
            tags=("markets", "Sittwe Township"),
        ),
        # An IM portal's dataset over the CKAN API: its own IM values win.
        partners.ckan_package(
            "malnutrition-screening",
            "Malnutrition screening",
            tags=("nutrition",),
            sensitivity="confidential",
            sensitivity_rationale="Children's health records",
            geographic_coverage=["MMR001"],
            admin_level="township",
            sadd="sex_and_age",
        ),
        # A planned assessment of an IM portal's registry: not data, not harvested.
        partners.ckan_package(
            "planned-nutrition-assessment",
            "Planned nutrition assessment",
            type="assessment",
            status="planned",
        ),
    ]


@pytest.fixture
def site(roles) -> Iterator[dict[str, Any]]:
    """The partner's CKAN site running, and a source for it."""
    with partners.serve(partners.ckan_site(_datasets())) as partner:
        source = create_source(
            roles["admin"],
            roles["org"]["id"],
            partner.url,
            name="partner-ckan",
            title="Partner CKAN",
            source_type="ckan",
            config=json.dumps(CONFIG),
        )
        yield {**roles, "partner": partner, "source": source}


def test_a_partner_ckan_site_arrives_as_im_datasets(cli, site):
    job = run_test(cli, site["source"])

    assert job["job"]["stats"]["added"] == 3, job
    found = harvested(site["source"])
    assert "Planned nutrition assessment" not in found  # a registry entry, not data
    searches = [q for path, q in site["partner"].requests if "package_search" in path]
    assert all("dataset_type:dataset" in q["fq"] for q in searches), searches
    assessment = found["Food security assessment, Rakhine"]
    assert assessment["sensitivity"] == "restricted"
    assert "Partner CKAN" in assessment["sensitivity_rationale"]
    assert assessment["data_owner"] == "wfp"  # its publisher, a listed owner
    assert assessment["geographic_coverage"] == ["MMR012"]
    assert assessment["admin_level"] == "state_region"
    assert assessment["sector"] == ["food_security"]
    assert assessment["data_category"] == "food_security"
    assert assessment["sadd"] == "none"
    assert assessment["collection_method"] == ["secondary_data_review"]
    assert assessment["organization"]["name"] == "harvesting-org"

    market = found["Market monitor, Sittwe"]
    assert market["data_owner"] == "other"
    assert market["data_owner_other"] == "Solidarites International"
    assert market["township_coverage"] == ["MMR012001"]
    assert market["geographic_coverage"] == ["MMR012"]
    assert market["admin_level"] == "township"
    assert market["data_category"] == "economic"
    assert "sector" not in market or not market["sector"]

    screening = found["Malnutrition screening"]
    assert screening["sensitivity"] == "confidential"
    assert screening["sensitivity_rationale"] == "Children's health records"
    assert screening["geographic_coverage"] == ["MMR001"]
    assert screening["admin_level"] == "township"
    assert screening["sadd"] == "sex_and_age"
    assert screening["sector"] == ["nutrition"]


def test_a_source_that_says_public_makes_its_datasets_public(cli, site):
    helpers.call_action(
        "harvest_source_patch",
        context={"user": site["admin"]["name"], "ignore_auth": False},
        id=site["source"]["id"],
        config=json.dumps({**CONFIG, "sensitivity": "public"}),
    )
    run_test(cli, site["source"])

    found = harvested(site["source"])
    assert found["Food security assessment, Rakhine"]["sensitivity"] == "public"
    # What a dataset carries still wins.
    assert found["Malnutrition screening"]["sensitivity"] == "confidential"


def test_the_source_may_name_another_owner_and_organisation(cli, site):
    other = factories.Organization(
        name="wfp-office",
        users=[{"name": site["admin"]["name"], "capacity": "editor"}],
    )
    helpers.call_action(
        "harvest_source_patch",
        context={"user": site["admin"]["name"], "ignore_auth": False},
        id=site["source"]["id"],
        config=json.dumps(
            {
                **CONFIG,
                "data_owner": "OCHA Myanmar",
                "dataset_organization": "wfp-office",
            }
        ),
    )
    run_test(cli, site["source"])

    assessment = harvested(site["source"])["Food security assessment, Rakhine"]
    assert assessment["data_owner"] == "ocha"
    assert assessment["organization"]["id"] == other["id"]


def test_a_dataset_failing_validation_is_reported_and_the_others_arrive(cli, site):
    site["partner"].datasets[1]["sadd"] = "sometimes"

    job = run_test(cli, site["source"])

    assert job["job"]["status"] == "Finished"
    assert job["job"]["stats"]["added"] == 2
    assert job["job"]["stats"]["errored"] == 1
    (failed,) = job["report"]["object_errors"].values()
    message = failed["errors"][0]["message"]
    assert "'sadd'" in message and 'unexpected choice "sometimes"' in message
    assert "Market monitor, Sittwe" not in harvested(site["source"])


def test_a_second_run_asks_only_for_changes_and_updates_them(cli, site):
    run_test(cli, site["source"])
    partner = site["partner"]
    partner.requests.clear()
    partner.datasets[0]["title"] = "Food security assessment, Rakhine (round 2)"
    partner.datasets[0]["metadata_modified"] = partners.now_iso()

    job = run_test(cli, site["source"])

    searches = [q for path, q in partner.requests if path.endswith("package_search")]
    assert searches and "metadata_modified:[" in searches[0]["fq"], searches
    assert [q["start"] for q in searches] == ["0", "100"]
    assert job["job"]["stats"]["updated"] == 1, job
    titles = set(harvested(site["source"]))
    assert "Food security assessment, Rakhine (round 2)" in titles
    assert len(titles) == 3


@pytest.mark.parametrize("mode", ["fail", "hang"])
@pytest.mark.ckan_config("ckanext.imnet.harvest.timeout", "1")
def test_a_partner_failing_is_reported_and_nothing_is_lost(cli, site, mode):
    run_test(cli, site["source"])
    site["partner"].mode = mode

    started = time.monotonic()
    job = run_test(cli, site["source"])

    assert time.monotonic() - started < 20
    assert job["job"]["status"] == "Finished"
    errors = json.dumps(job["report"]["gather_errors"])
    expected = "answered 500" if mode == "fail" else "No answer within 1 s"
    assert expected in errors, errors
    assert len(harvested(site["source"])) == 3


def test_the_queue_path_brings_a_partner_ckan_site_in(site):
    job = run_through_queues(site["source"], site["admin"])

    assert job["job"]["status"] == "Finished"
    assert job["job"]["stats"]["added"] == 3, job
    found = harvested(site["source"])
    assert found["Market monitor, Sittwe"]["township_coverage"] == ["MMR012001"]


def test_a_dataset_deleted_here_stays_deleted_when_the_partner_changes_it(cli, site):
    run_test(cli, site["source"])
    market = harvested(site["source"])["Market monitor, Sittwe"]
    helpers.call_action(
        "package_delete",
        context={"user": site["admin"]["name"], "ignore_auth": False},
        id=market["id"],
    )
    partner = site["partner"]
    partner.datasets[1]["title"] = "Market monitor, Sittwe (round 2)"
    partner.datasets[1]["metadata_modified"] = partners.now_iso()

    job = run_test(cli, site["source"])

    assert job["job"]["stats"]["errored"] == 0, job
    assert set(harvested(site["source"])) == {
        "Food security assessment, Rakhine",
        "Malnutrition screening",
    }
    assert helpers.call_action("package_show", id=market["id"])["state"] == "deleted"
