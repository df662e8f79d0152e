"""Harvested datasets enter MIMU's review queue as new ones do (issue #12)."""

from __future__ import annotations

import ckan.tests.helpers as helpers
from ckan.cli.cli import ckan as ckan_command

from ckanext.imnet import model as imnet_model
from tests.harvest.test_dcat_run import _source, feed  # noqa: F401 - fixture


def test_a_harvest_import_puts_the_datasets_in_the_review_queue(
    cli,
    feed,  # noqa: F811
):
    source = _source(feed)
    result = cli.invoke(ckan_command, ["harvester", "run-test", source["name"]])
    assert result.exit_code == 0, result.output

    harvested = helpers.call_action(
        "package_search", fq=f'+harvest_source_id:"{source["id"]}"', rows=10
    )
    assert harvested["count"] == 3
    queue = helpers.call_action(
        "package_search",
        fq=f'+harvest_source_id:"{source["id"]}" +review_state:unreviewed',
        rows=10,
    )
    assert queue["count"] == 3
    rows = imnet_model.reviews(d["id"] for d in harvested["results"])
    assert {row.entered for row in rows.values()} == {"new"}
