"""Where the backend plugs into CKAN: on while enabled, stock CKAN when disabled."""

from __future__ import annotations

import os
import subprocess
import sys

import ckan.config
import ckan.lib.search as search
import ckan.lib.search.index as search_index
import ckan.lib.search.query as search_query
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pysolr
import pytest

from ckanext.imnet.search import hooks
from ckanext.imnet.search.connection import PostgresConnection


def test_every_core_search_path_gets_the_postgres_connection():
    for namespace in (search, search.common, search_index, search_query):
        assert isinstance(namespace.make_connection(), PostgresConnection)


def test_the_solr_schema_check_passes_without_solr():
    assert search.check_solr_schema_version() is True


@pytest.mark.usefixtures("clean_db")
def test_an_explicit_solr_schema_file_is_still_checked():
    schema = os.path.join(os.path.dirname(ckan.config.__file__), "solr", "schema.xml")
    assert search.check_solr_schema_version(schema) is True


@pytest.mark.ckan_config("ckan.plugins", "scheming_datasets")
def test_without_the_plugin_ckan_talks_to_solr_again():
    connection = search.make_connection()
    assert isinstance(connection, pysolr.Solr)
    assert not isinstance(connection, PostgresConnection)


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.ckan_config("ckan.plugins", "imnet_search spatial_metadata spatial_query")
def test_other_plugins_before_dataset_index_hooks_are_applied():
    # ckanext-spatial's Solr bbox indexing adds minx/maxx/... to the document.
    box = (
        '{"type": "Polygon", "coordinates": [[[96.0, 16.7], [96.3, 16.7],'
        " [96.3, 17.1], [96.0, 17.1], [96.0, 16.7]]]}"
    )
    org = factories.Organization()
    factories.Dataset(owner_org=org["id"], extras=[{"key": "spatial", "value": box}])
    factories.Dataset(owner_org=org["id"])
    assert helpers.call_action("package_search", fq="maxx:*")["count"] == 1
    assert helpers.call_action("package_search", fq="minx:96.0")["count"] == 1


def test_a_connection_factory_imported_before_the_backend_still_reaches_it():
    hooks.uninstall()
    try:
        from ckan.lib.search.common import make_connection as imported_early

        assert isinstance(imported_early(), pysolr.Solr)
    finally:
        hooks.install()
    assert isinstance(imported_early(), PostgresConnection)


def test_ckanext_harvest_gets_the_postgres_connection():
    from ckanext.harvest.logic.action import update

    assert isinstance(update.make_connection(), PostgresConnection)


# ckanext-harvest imported first, as a command or a WSGI server may do, then
# CKAN loaded with the whole stack: its name for the factory answers from
# PostgreSQL.
_IMPORTED_FIRST = """
import os, sys
from ckanext.harvest.logic.action import update
from ckan.cli import load_config
from ckan.config.middleware import make_app
make_app(load_config(sys.argv[1]))
connection = update.make_connection()
print(type(connection).__name__, connection.search(q="*:*", rows=0).hits)
"""


def test_harvest_imported_before_ckan_loads_answers_from_postgres():
    root = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED_FIRST, os.path.join(root, "test.ini")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    name, hits = done.stdout.split()[-2:]
    assert name == "PostgresConnection"
    assert int(hits) >= 0
