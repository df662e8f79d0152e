"""A source updates only what it brought in: a second source for the same
partner catalogue (another organisation's, under a URL written differently)
cannot take the first one's datasets over -- into its organisation, under
its defaults -- with either harvester. Each record it
finds held is an error in its job's report naming the source that holds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.harvest import partners
from tests.harvest.conftest import create_source
from tests.harvest.jobs import harvested, run_test
from tests.harvest.test_partner_ckan import CONFIG as CKAN_CONFIG
from tests.harvest.test_partner_ckan import _datasets
from tests.harvest.test_partner_dcat import CONFIG as DCAT_CONFIG

TAKEOVER = {"sensitivity": "public", "data_owner": "Taken over"}


def _second_source(
    roles: dict[str, Any], url: str, source_type: str, config: dict[str, Any]
) -> dict[str, Any]:
    return create_source(
        roles["other_admin"],
        roles["other_org"]["id"],
        # A new URL for the same catalogue (ckanext-harvest refuses the same).
        f"{url}?copy=1" if source_type == "dcat_rdf" else f"{url}/",
        name=f"copy-{source_type}",
        title="Copy of the partner",
        source_type=source_type,
        config=json.dumps({**config, **TAKEOVER}),
    )


@pytest.fixture
def dcat(roles) -> Iterator[dict[str, Any]]:
    """A DCAT-AP 2 feed harvested once by the first source."""
    with partners.serve(partners.feed({})) as partner:
        partner.pages = partners.located(partners.dcat_ap2_pages(), partner)
        url = f"{partner.url}/catalog.rdf"
        first = create_source(
            roles["admin"],
            roles["org"]["id"],
            url,
            name="partner-ap2",
            title="Partner DCAT-AP 2",
            config=json.dumps(DCAT_CONFIG),
        )
        yield {**roles, "url": url, "first": first}


@pytest.fixture
def ckan_site(roles) -> Iterator[dict[str, Any]]:
    """A partner CKAN site harvested once by the first source."""
    with partners.serve(partners.ckan_site(_datasets())) as partner:
        first = create_source(
            roles["admin"],
            roles["org"]["id"],
            partner.url,
            name="partner-ckan",
            title="Partner CKAN",
            source_type="ckan",
            config=json.dumps(CKAN_CONFIG),
        )
        yield {**roles, "url": partner.url, "first": first}


@pytest.mark.parametrize(
    ("world", "source_type", "config"),
    [("dcat", "dcat_rdf", DCAT_CONFIG), ("ckan_site", "ckan", CKAN_CONFIG)],
)
def test_a_second_source_cannot_take_the_first_ones_datasets(
    cli, request, world, source_type, config
):
    world = request.getfixturevalue(world)
    run_test(cli, world["first"])
    before = harvested(world["first"])
    assert before

    second = _second_source(world, world["url"], source_type, config)
    job = run_test(cli, second)

    taken = [
        error["message"]
        for found in job["report"]["object_errors"].values()
        for error in found["errors"]
        if "already harvested by the source" in error["message"]
    ]
    assert len(taken) == len(before), job["report"]
    assert all('"Partner' in message for message in taken), taken
    assert harvested(second) == {}
    after = harvested(world["first"])
    assert set(after) == set(before)
    for title, dataset in after.items():
        assert dataset["organization"]["name"] == "harvesting-org", title
        assert dataset["data_owner"] == before[title]["data_owner"], title
        assert dataset["sensitivity"] == before[title]["sensitivity"], title

    # The refused run left the first source holding its datasets: its next
    # run adds no copy of them.
    again = run_test(cli, world["first"])
    assert again["job"]["stats"]["added"] == 0, again
    assert {d["id"] for d in harvested(world["first"]).values()} == {
        d["id"] for d in before.values()
    }
