"""Another catalogue harvests ours: two CKAN apps, each on its own database.

The ORIGIN is a real server (``tests/harvest/origin.py``) serving the demo
catalogue ten datasets a page; the HARVESTER is the test app, harvesting the
origin's ``/catalog.ttl`` anonymously with ckanext-dcat's
``dcat_rdf_harvester`` and the ``imnet`` profile. What arrives is compared,
field by field, with what the origin's own API shows an anonymous visitor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet.dcat.common import EU_FILE_TYPES
from tests.harvest.conftest import create_source
from tests.harvest.jobs import run_test, run_through_queues
from tests.harvest.origin import DATASETS_PER_PAGE, Origin

# Fields that differ by design: the harvester names its copy from the title
# and files it under the harvest source's organisation (ckanext-dcat's rule;
# the origin's organisation is the copy's publisher).
NOT_CARRIED = {"name", "owner_org"}
# Resource fields a harvester's user sees, compared one by one.
RESOURCE_FIELDS = ("name", "description", "format", "resource_type")


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Origin]:
    """The demo catalogue, served by its own CKAN for this module's tests."""
    server = Origin(tmp_path_factory.mktemp("origin"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _harvested(
    source: dict[str, Any], sysadmin: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """The harvester's datasets from ``source`` as its sysadmin sees them
    (nothing redacted: as stored), by the origin's URI of each."""
    found = helpers.call_action(
        "package_search", fq=f'+harvest_source_id:"{source["id"]}"', rows=1000
    )
    datasets = {}
    for result in found["results"]:
        dataset = helpers.call_action(
            "package_show", context={"user": sysadmin["name"]}, id=result["id"]
        )
        extras = {e["key"]: e["value"] for e in dataset.get("extras", [])}
        datasets[extras["guid"]] = dataset
    return datasets


def _origin_anonymous(origin: Origin) -> dict[str, dict[str, Any]]:
    """Every dataset an anonymous visitor of the origin gets, as its API
    shows it to them, by its URI (datasets: not the assessment registry's
    records, which the demo also holds)."""
    found = origin.action("package_search", rows=1000, fq="+dataset_type:dataset")
    assert found["count"] > DATASETS_PER_PAGE  # paging is exercised
    return {
        f"{origin.url}/dataset/{d['id']}": origin.action("package_show", id=d["id"])
        for d in found["results"]
    }


def _dataset_fields(origin: Origin) -> list[str]:
    schema = origin.action("scheming_dataset_schema_show", type="dataset")
    return [
        f["field_name"]
        for f in schema["dataset_fields"]
        if f["field_name"] not in NOT_CARRIED
    ]


def _file_type(name: Any) -> str:
    """A format as DCAT carries it, an EU file type: ``GeoTIFF`` is ``TIFF``."""
    text = str(name or "")
    return EU_FILE_TYPES.get(text.upper(), text)


def _owner_labels(search: Any) -> dict[str, str]:
    """The data owners' names as a catalogue shows them (its search facet).

    The origin files a dataset under its own organisation ``wfp-myanmar``,
    the harvester -- without that organisation -- under the listed owner
    ``wfp``: both show "World Food Programme (WFP) Myanmar"."""
    found = search(
        "package_search",
        rows=0,
        **{"facet.field": json.dumps(["data_owner"]), "facet.limit": -1},
    )
    items = found["search_facets"]["data_owner"]["items"]
    return {item["name"]: item["display_name"] for item in items}


def _comparable(
    dataset: dict[str, Any], fields: list[str], owners: dict[str, str]
) -> dict[str, Any]:
    """The fields a harvest must carry; tags by name, the data owner by its
    name, resources in any order (DCAT keeps none) with their file type."""
    shown = {field: dataset.get(field) for field in fields if field != "tag_string"}
    owner = shown.get("data_owner")
    shown["data_owner"] = owners.get(owner, owner)
    shown["tags"] = sorted(t["name"] for t in dataset.get("tags", []))
    shown["resources"] = sorted(
        (
            {
                **{field: r.get(field) or "" for field in (*RESOURCE_FIELDS, "url")},
                "format": _file_type(r.get("format")),
            }
            for r in dataset.get("resources", [])
        ),
        key=lambda r: json.dumps(r, sort_keys=True),
    )
    # Empty is empty, whichever way a side writes it.
    return {k: v for k, v in shown.items() if v not in (None, "", [])}


def _differences(
    origin_dataset: dict[str, Any],
    copy: dict[str, Any],
    fields: list[str],
    owners: tuple[dict[str, str], dict[str, str]],
) -> dict[str, Any]:
    want = _comparable(origin_dataset, fields, owners[0])
    got = _comparable(copy, fields, owners[1])
    return {
        key: {"origin": want.get(key), "harvested": got.get(key)}
        for key in sorted(set(want) | set(got))
        if want.get(key) != got.get(key)
    }


def _assert_same_as_origin(
    origin: Origin, source: dict[str, Any], sysadmin: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """Every dataset an anonymous visitor of the origin gets has arrived with
    every field equal; nothing else has. The harvested datasets."""
    harvested = _harvested(source, sysadmin)
    expected = _origin_anonymous(origin)
    fields = _dataset_fields(origin)
    assert set(harvested) == set(expected), {
        "missing": sorted(expected[u]["name"] for u in set(expected) - set(harvested)),
        "unexpected": sorted(
            harvested[u]["title"] for u in set(harvested) - set(expected)
        ),
    }
    owners = (
        _owner_labels(origin.action),
        _owner_labels(helpers.call_action),
    )
    diffs = {
        expected[uri]["name"]: _differences(
            expected[uri], harvested[uri], fields, owners
        )
        for uri in expected
    }
    diffs = {name: diff for name, diff in diffs.items() if diff}
    assert not diffs, json.dumps(diffs, indent=1, ensure_ascii=False)
    return harvested


def _assert_restricted_data_stayed_at_the_origin(
    origin: Origin, harvested: dict[str, dict[str, Any]]
) -> None:
    """Restricted datasets arrived as metadata only: no resource URL (as
    stored, whoever asks), the access URL the origin's request page."""
    restricted = [d for d in harvested.values() if d["sensitivity"] == "restricted"]
    assert restricted
    for dataset in restricted:
        extras = {e["key"]: e["value"] for e in dataset["extras"]}
        name = origin.action("package_show", id=extras["identifier"])["name"]
        assert dataset["resources"]
        for resource in dataset["resources"]:
            assert resource["url"] == "", (dataset["title"], resource)
            assert resource["access_url"] == (
                f"{origin.url}/dataset/{name}/request-access"
            ), (dataset["title"], resource)


def _assert_nothing_confidential_arrived(
    origin: Origin, harvested: dict[str, dict[str, Any]]
) -> None:
    """The origin has confidential and strictly confidential datasets (its
    MIMU admin sees them); an anonymous harvester got none of them."""
    titles = {d["title"] for d in harvested.values()}
    for level in ("confidential", "strictly_confidential"):
        hidden = origin.action(
            "package_search", sysadmin=True, fq=f"sensitivity:{level}", rows=100
        )
        assert hidden["count"] > 0, level
        assert not titles & {d["title"] for d in hidden["results"]}, level


def _changes_at_the_origin(origin: Origin) -> dict[str, Any]:
    """Through the origin's API as its MIMU admin: one dataset updated, one
    created, one deleted, one made private, one raised to strictly
    confidential. What was done, by the datasets' origin URIs."""
    public = origin.action(
        "package_search", fq="sensitivity:public", sort="name asc", rows=100
    )["results"]
    updated, deleted, private, raised = public[:4]
    origin.action(
        "package_patch",
        sysadmin=True,
        id=updated["id"],
        title_my="ပြင်ဆင်ပြီး ခေါင်းစဉ်",
        sector=["health", "wash"],
        temporal_coverage_end="2025-12-31",
    )
    origin.action("package_delete", sysadmin=True, id=deleted["id"])
    origin.action("package_patch", sysadmin=True, id=private["id"], private=True)
    origin.action(
        "package_patch",
        sysadmin=True,
        id=raised["id"],
        sensitivity="strictly_confidential",
        sensitivity_rationale="Exact locations of people at risk (Do No Harm).",
    )
    created = origin.action(
        "package_create",
        sysadmin=True,
        name="new-health-facility-survey",
        title="Health facility survey 2026",
        notes="Facilities and their services, by township.",
        owner_org=updated["owner_org"],
        sensitivity="public",
        data_owner="ministry_of_health",
        admin_level="township",
        geographic_coverage=["MMR013"],
        township_coverage=["MMR013001"],
        sadd="none",
        collection_method=["direct_observation"],
        sector=["health"],
        temporal_coverage_start="2026-01-01",
        resources=[
            {
                "name": "Facility list",
                "url": "https://moh.example/f.csv",
                "format": "CSV",
                "resource_type": "data",
            }
        ],
    )

    def uri(dataset: dict[str, Any]) -> str:
        return f"{origin.url}/dataset/{dataset['id']}"

    return {
        "updated": uri(updated),
        "created": uri(created),
        "gone": {uri(deleted), uri(private), uri(raised)},
    }


def _activity_count(dataset_id: str) -> int:
    return len(helpers.call_action("package_activity_list", id=dataset_id, limit=100))


def test_a_catalogue_harvesting_ours_gets_what_anonymous_sees_then_its_changes(
    cli, origin, roles
):
    """First run (through the queues): every public and restricted dataset
    arrives with every field equal, restricted data as metadata only, no
    confidential dataset. Second run (``ckan harvester run-test``) after
    changes at the origin: the changed updated, the new created, the deleted,
    private and strictly confidential ones deleted -- and the rest untouched."""
    source = create_source(
        roles["admin"],
        roles["org"]["id"],
        f"{origin.url}/catalog.ttl",
        name="network-catalogue",
        title="Network catalogue",
    )

    job = run_through_queues(source, roles["admin"])["job"]
    first = _assert_same_as_origin(origin, source, roles["sysadmin"])
    assert job["stats"]["added"] == len(first), job
    assert job["stats"]["errored"] == 0, job
    _assert_restricted_data_stayed_at_the_origin(origin, first)
    _assert_nothing_confidential_arrived(origin, first)
    before = {
        uri: (d["metadata_modified"], _activity_count(d["id"]))
        for uri, d in first.items()
    }

    changes = _changes_at_the_origin(origin)
    job = run_test(cli, source)["job"]
    second = _assert_same_as_origin(origin, source, roles["sysadmin"])
    untouched = set(first) - changes["gone"] - {changes["updated"]}
    assert job["stats"] == {
        "added": 1,
        "updated": 1,
        "deleted": 3,
        "not modified": len(untouched),
        "errored": 0,
    }, job
    assert changes["created"] in second
    assert second[changes["updated"]]["title_my"] == "ပြင်ဆင်ပြီး ခေါင်းစဉ်"
    for uri in changes["gone"]:
        dataset_id = first[uri]["id"]
        assert helpers.call_action("package_show", id=dataset_id)["state"] == "deleted"
        with pytest.raises(tk.ObjectNotFound):
            helpers.call_action(
                "package_show",
                context={"user": "", "ignore_auth": False},
                id=dataset_id,
            )
    for uri in untouched:
        dataset = second[uri]
        assert (dataset["metadata_modified"], _activity_count(dataset["id"])) == (
            before[uri]
        ), dataset["title"]
