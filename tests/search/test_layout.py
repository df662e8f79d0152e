"""The narrow ``hot_terms`` column decides speed only: a field found, filtered,
sorted and faceted on answers the same whichever column holds it."""

from __future__ import annotations

import importlib.util
import os

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.imnet import facets
from ckanext.imnet.search import layout

MIGRATIONS = os.path.join(
    os.path.dirname(layout.__file__), "..", "migration", "imnet_search", "versions"
)


def _migration(name: str):
    spec = importlib.util.spec_from_file_location(name, os.path.join(MIGRATIONS, name))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hot_fields_are_those_the_migration_projected():
    # Rows hold hot_terms as projected when written: a field added to
    # HOT_FIELDS without a migration projecting it again would be missing
    # from every older row, and searches on it would miss them.
    migration = _migration("c5e2a7d1b9f3_hot_terms.py")
    assert set(migration.HOT_FIELDS) == layout.HOT_FIELDS


def test_every_facet_of_the_catalogue_is_read_from_the_narrow_column():
    faceted = {*facets.FACETS, *facets.ASSESSMENT_FACETS}
    faceted |= {"organization", "groups", "tags", "res_format", "license_id"}
    assert faceted <= layout.HOT_FIELDS


@pytest.fixture
def datasets(clean_db, clean_index):
    org = factories.Organization(name="mimu")
    made = {}
    for name, url, version in (
        ("census", "https://example.org/census.csv", "2.0"),
        ("survey", "https://example.org/survey.csv", "1.0"),
        ("schools", "https://example.org/schools.xlsx", "1.0"),
    ):
        made[name] = factories.Dataset(
            name=name,
            owner_org=org["id"],
            url=url,
            version=version,
            tags=[{"name": "population"}],
            resources=[{"url": url, "format": url.rsplit(".", 1)[1].upper()}],
        )
    return made


def _names(**params):
    found = helpers.call_action("package_search", **params)
    return [d["name"] for d in found["results"]], found


def test_fields_of_either_column_filter_sort_and_facet_alike(datasets):
    # ``url`` and ``version`` are kept in ``terms`` only, ``res_format`` and
    # ``tags`` in ``hot_terms`` as well.
    assert "url" not in layout.HOT_FIELDS and "version" not in layout.HOT_FIELDS
    names, _ = _names(fq='url:"https://example.org/census.csv"')
    assert names == ["census"]
    # One filter over both columns, and its negation.
    names, _ = _names(fq="+version:1.0 +res_format:CSV", sort="name asc")
    assert names == ["survey"]
    names, _ = _names(fq="-version:1.0 tags:population", sort="name asc")
    assert names == ["census"]
    names, _ = _names(q="version:[1.5 TO *] OR res_format:XLSX", sort="name asc")
    assert names == ["census", "schools"]
    names, _ = _names(fq="url:*schools*")
    assert names == ["schools"]
    names, _ = _names(sort="version desc, name asc")
    assert names == ["census", "schools", "survey"]
    _, found = _names(**{"facet.field": '["version", "res_format"]', "facet.limit": -1})
    assert found["facets"]["version"] == {"1.0": 2, "2.0": 1}
    assert found["facets"]["res_format"] == {"CSV": 2, "XLSX": 1}


def test_each_row_holds_its_hot_fields_only_in_the_narrow_column(datasets):
    rows = model.Session.execute(
        sa.text("SELECT terms, hot_terms FROM imnet_search_index")
    ).all()
    assert len(rows) == 3
    for terms, hot in rows:
        assert hot == {k: v for k, v in terms.items() if k in layout.HOT_FIELDS}
        assert {"site_id", "state", "permission_labels", "tags"} <= set(hot)
        assert "url" in terms and "url" not in hot


def test_a_dataset_counts_once_in_a_facet_whatever_its_resources(datasets):
    org = model.Group.get("mimu")
    factories.Dataset(
        name="two-tables",
        owner_org=org.id,
        resources=[
            {"url": "https://example.org/a.csv", "format": "CSV"},
            {"url": "https://example.org/b.csv", "format": "CSV"},
        ],
    )
    _, found = _names(**{"facet.field": '["res_format"]', "fq": "res_format:CSV"})
    assert found["count"] == 3
    assert found["facets"]["res_format"] == {"CSV": 3}


def test_the_migration_projects_older_rows_keeping_each_value_once(datasets):
    migration = _migration("c5e2a7d1b9f3_hot_terms.py")
    fields = sa.bindparam("fields", migration.HOT_FIELDS, type_=sa.ARRAY(sa.Text))
    # The session's transaction would hold a lock the ALTER TABLE waits for.
    model.Session.commit()
    with model.Session.get_bind().begin() as connection:
        # A row as written before the column: values repeated per resource.
        connection.execute(
            sa.text(
                "ALTER TABLE imnet_search_index ALTER hot_terms DROP NOT NULL;"
                "UPDATE imnet_search_index SET hot_terms = NULL, terms = terms"
                ' || \'{"res_format": ["CSV", "XLSX", "CSV"]}\'::jsonb'
                " WHERE id = :id"
            ),
            {"id": datasets["census"]["id"]},
        )
        while connection.execute(
            sa.text(migration._PROJECT).bindparams(fields)
        ).rowcount:
            pass
        connection.execute(
            sa.text("ALTER TABLE imnet_search_index ALTER hot_terms SET NOT NULL")
        )
    terms, hot = model.Session.execute(
        sa.text("SELECT terms, hot_terms FROM imnet_search_index WHERE id = :id"),
        {"id": datasets["census"]["id"]},
    ).one()
    assert terms["res_format"] == hot["res_format"] == ["CSV", "XLSX"]
    assert hot == {k: v for k, v in terms.items() if k in layout.HOT_FIELDS}
    names, _ = _names(fq="res_format:XLSX", sort="name asc")
    assert names == ["census", "schools"]
