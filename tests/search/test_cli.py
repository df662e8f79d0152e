"""``ckan search-index`` works on the embedded backend."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan import model
from ckan.cli.cli import ckan


def count(q="*:*"):
    return helpers.call_action("package_search", q=q)["count"]


@pytest.fixture
def two_datasets(cli, clean_db, clean_index):
    # The commands start CKAN from the ini file, with all its plugins (these
    # tests load only the backend's), and read those plugins' tables too: the
    # database is upgraded as a deployment's is.
    org = factories.Organization()
    first = factories.Dataset(title="First gazetteer", owner_org=org["id"])
    second = factories.Dataset(title="Second gazetteer", owner_org=org["id"])
    result = cli.invoke(ckan, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    return first, second


def test_rebuild_picks_up_changes_made_behind_ckans_back(cli, two_datasets):
    first, _ = two_datasets
    model.Session.query(model.Package).filter_by(id=first["id"]).update(
        {"title": "Renamed directly"}
    )
    model.Session.commit()
    assert count("renamed") == 0

    result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert count("renamed") == 1


def test_clear_check_and_rebuild_one_dataset(cli, two_datasets):
    first, _ = two_datasets
    result = cli.invoke(ckan, ["search-index", "clear", first["id"]])
    assert result.exit_code == 0, result.output
    assert count("gazetteer") == 1

    result = cli.invoke(ckan, ["search-index", "check"])
    assert result.exit_code == 0, result.output
    assert "1 out of 2" in result.output

    result = cli.invoke(ckan, ["search-index", "rebuild", first["id"]])
    assert result.exit_code == 0, result.output
    assert count("gazetteer") == 2


def test_show_prints_the_indexed_document(cli, two_datasets):
    first, _ = two_datasets
    result = cli.invoke(ckan, ["search-index", "show", first["id"]])
    assert result.exit_code == 0, result.output
    assert "First gazetteer" in result.output


def test_clear_all_empties_the_index_and_rebuild_restores_it(cli, two_datasets):
    result = cli.invoke(ckan, ["search-index", "clear"])
    assert result.exit_code == 0, result.output
    assert count() == 0
    result = cli.invoke(ckan, ["search-index", "rebuild", "--only-missing"])
    assert result.exit_code == 0, result.output
    assert count() == 2


def test_db_clean_drops_the_index_with_the_database(cli, two_datasets, reset_db):
    # CKAN 2.12's ``db clean`` clears the search index after dropping every
    # table, the index's too: there is nothing left to clear, not an error.
    result = cli.invoke(ckan, ["db", "clean", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Cleaning DB: SUCCESS" in result.output
    reset_db()
