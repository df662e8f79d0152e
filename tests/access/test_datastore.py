"""DataStore reads and dumps follow the data policy when the DataStore is enabled."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from .conftest import PERSONAS, act, headers_for, marker, persona

LEVELS = ("public", "restricted", "confidential", "strictly_confidential")
PROTECTED = LEVELS[1:]


# The test stack (which has the DataStore), with SQL search on.
pytestmark = [pytest.mark.ckan_config("ckan.datastore.sqlsearch.enabled", True)]


@pytest.fixture
def tables(people, datasets, world):
    """A DataStore table behind each dataset's external resource."""
    from ckanext.datastore.tests import helpers as datastore_helpers

    engine = datastore_helpers.db.get_write_engine()
    session = datastore_helpers.orm.scoped_session(
        datastore_helpers.orm.sessionmaker(bind=engine)
    )
    datastore_helpers.clear_db(session)
    session.remove()
    found = {}
    for level in LEVELS:
        [resource] = [
            r for r in datasets[level]["resources"] if r["url_type"] != "upload"
        ]
        helpers.call_action(
            "datastore_create",
            context={"user": people["mimu"]["name"]},
            resource_id=resource["id"],
            force=True,
            fields=[{"id": "place", "type": "text"}, {"id": "people", "type": "int"}],
            records=[{"place": marker(level, "datastore"), "people": 120}],
        )
        found[level] = resource["id"]
    return found


def _reads(resource_id: str) -> dict[str, dict]:
    return {
        "datastore_search": {"resource_id": resource_id},
        "datastore_info": {"id": resource_id},
        "datastore_search_sql": {"sql": f'SELECT * FROM "{resource_id}"'},
    }


@pytest.mark.parametrize("who", PERSONAS)
def test_datastore_reads_are_refused_to_people_without_access(
    app, people, datasets, world, tables, who
):
    user = persona(people, world, who)
    headers = headers_for(user)
    for level in PROTECTED:
        # A table of a dataset the user may not see is not there at all.
        visible = policy.can_see_metadata(
            imnet_model.user(user["id"]) if user else None, datasets[level]
        )
        refused = tk.NotAuthorized if visible else tk.ObjectNotFound
        for action, params in _reads(tables[level]).items():
            with pytest.raises(refused):
                act(user, action, **params)
            response = app.post(f"/api/3/action/{action}", json=params, headers=headers)
            assert response.status_code == (403 if visible else 404), (level, action)
            assert marker(level, "datastore") not in response.get_data(as_text=True)
        dump = app.get(f"/datastore/dump/{tables[level]}", headers=headers)
        assert dump.status_code in (403, 404), level
        assert marker(level, "datastore") not in dump.get_data(as_text=True)


def test_public_datastore_tables_are_open_to_everyone(app, tables):
    for action, params in _reads(tables["public"]).items():
        response = app.post(f"/api/3/action/{action}", json=params)
        assert response.status_code == 200, action
    found = app.post(
        "/api/3/action/datastore_search", json={"resource_id": tables["public"]}
    ).get_data(as_text=True)
    assert marker("public", "datastore") in found
    dump = app.get(f"/datastore/dump/{tables['public']}")
    assert marker("public", "datastore") in dump.get_data(as_text=True)


def test_entitled_people_read_the_table(app, people, world, tables):
    readers = {
        "restricted": [people["owner"], people["mimu"], world["users"]["approved"]],
        "confidential": [people["editor"], people["mimu"], world["users"]["approved"]],
        "strictly_confidential": [people["owner"], people["mimu"]],
    }
    for level, users in readers.items():
        for user in users:
            result = act(user, "datastore_search", resource_id=tables[level])
            assert result["records"][0]["place"] == marker(level, "datastore")
            dump = app.get(
                f"/datastore/dump/{tables[level]}", headers=headers_for(user)
            )
            assert dump.status_code == 200, (level, user["name"])
            assert marker(level, "datastore") in dump.get_data(as_text=True)


def test_a_query_joining_a_public_and_a_restricted_table_is_refused(people, tables):
    sql = (
        f'SELECT a.place FROM "{tables["public"]}" a '
        f'JOIN "{tables["restricted"]}" b ON true'
    )
    with pytest.raises(tk.NotAuthorized):
        act(people["loner"], "datastore_search_sql", sql=sql)
    rows = act(people["owner"], "datastore_search_sql", sql=sql)["records"]
    assert json.dumps(rows)
