"""``ckan imnet data-owners normalise`` maps the data owners a catalogue already
holds (free text from before the managed list) to canonical values."""

from __future__ import annotations

import json

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan import model
from ckan.cli.cli import ckan
from ckan.lib.search import rebuild

from ckanext.imnet import owners
from ckanext.imnet.owners.normalise import canonical
from tests.factories import im_dataset

# What publishers typed before the list existed.
LEGACY = {
    "mlcs": "Central Statistical Organization (CSO)",
    "gdp": "central statistical organisation",
    "lfs": "Central Statistical Organization and Department of Labour",
    "water-points": "WASH Cluster",
    "drafts-too": "Ministry of Health and Sports",
    "removed": "MoH",
}


def store_as_typed(dataset_id, text):
    """Write a data owner the way a catalogue from before the list holds it."""
    package = model.Package.get(dataset_id)
    package.extras["data_owner"] = text
    model.Session.commit()
    rebuild(dataset_id)


@pytest.fixture
def legacy_catalogue(clean_db, clean_index):
    org = factories.Organization(name="wash-cluster", title="Myanmar WASH Cluster")
    for name, text in LEGACY.items():
        created = im_dataset(
            name=name, owner_org=org["id"], private=name == "drafts-too"
        )
        store_as_typed(created["id"], text)
    im_dataset(name="canonical", owner_org=org["id"], data_owner="ministry_of_health")
    helpers.call_action(
        "package_delete",
        context={"user": factories.Sysadmin()["name"]},
        id="removed",
    )


def owners_of():
    return {
        name: (dataset["data_owner"], dataset.get("data_owner_other"))
        for name in (*LEGACY, "canonical")
        for dataset in [helpers.call_action("package_show", id=name)]
    }


def owner_facet():
    result = helpers.call_action(
        "package_search",
        include_private=True,
        **{"facet.field": json.dumps(["data_owner"])},
    )
    return {
        i["name"]: i["count"] for i in result["search_facets"]["data_owner"]["items"]
    }


@pytest.mark.usefixtures("legacy_catalogue")
def test_a_dry_run_says_what_would_change_and_writes_nothing(cli):
    before = owners_of()
    result = cli.invoke(ckan, ["imnet", "data-owners", "normalise", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Would change the data owner of 6 datasets." in lines
    assert (
        '  mlcs: "Central Statistical Organization (CSO)" -> '
        "central_statistical_organization (Central Statistical Organization)"
    ) in lines
    assert (
        '  water-points: "WASH Cluster" -> wash-cluster (Myanmar WASH Cluster)' in lines
    )
    assert (
        '  lfs: "Central Statistical Organization and Department of Labour" -> '
        'other: "Central Statistical Organization and Department of Labour"'
    ) in lines
    assert '  "Central Statistical Organization and Department of Labour": lfs' in lines
    assert "Already canonical: 1 datasets." in lines
    assert "Dry run: nothing was written." in lines
    assert owners_of() == before


@pytest.mark.usefixtures("legacy_catalogue")
def test_a_run_normalises_every_dataset_once(cli):
    result = cli.invoke(ckan, ["imnet", "data-owners", "normalise"])
    assert result.exit_code == 0, result.output
    assert "Changed the data owner of 6 datasets." in result.output
    assert owners_of() == {
        "mlcs": ("central_statistical_organization", None),
        "gdp": ("central_statistical_organization", None),
        "lfs": ("other", "Central Statistical Organization and Department of Labour"),
        "water-points": ("wash-cluster", None),
        "drafts-too": ("ministry_of_health", None),
        "removed": ("ministry_of_health", None),
        "canonical": ("ministry_of_health", None),
    }
    # Written like any edit: indexed (the facet groups them) and in the
    # dataset's activity (hidden from streams by default, as the site user's).
    assert owner_facet() == {
        "central_statistical_organization": 2,
        "other": 1,
        "wash-cluster": 1,
        "ministry_of_health": 2,
    }
    activity = helpers.call_action(
        "package_activity_list",
        context={"user": factories.Sysadmin()["name"]},
        id="mlcs",
        include_hidden_activity=True,
    )
    assert activity[0]["activity_type"] == "changed package"

    again = cli.invoke(ckan, ["imnet", "data-owners", "normalise"])
    assert again.exit_code == 0, again.output
    assert "Changed the data owner of 0 datasets." in again.output
    assert "Already canonical: 7 datasets." in again.output
    # "other" is reported on every run, for the curators.
    assert '"Central Statistical Organization and Department of Labour": lfs' in (
        again.output
    )


def test_an_other_name_added_to_the_list_later_becomes_that_owner():
    directory = owners.Directory([], owners.entries())
    stored = owners.Choice("other", "Ministry of Health & Sports")
    assert canonical(directory, stored) == owners.Choice("ministry_of_health")
    unknown = owners.Choice("Township  water committee")
    assert canonical(directory, unknown) == owners.Choice(
        "other", "Township water committee"
    )
