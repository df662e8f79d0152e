"""Answers kept by the search cache never outlive a change of the index."""

from __future__ import annotations

import subprocess
import sys

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
import sqlalchemy as sa
from ckan import model

from ckanext.imnet.search import cache

# Another process rewrites the indexed title and advances the generation, as
# its PostgresConnection does after every write.
_OTHER_PROCESS = """
import sys
import sqlalchemy as sa
with sa.create_engine(sys.argv[1]).begin() as connection:
    connection.execute(sa.text(
        "UPDATE imnet_search_index SET"
        " data_dict = replace(data_dict, 'Flood extent', 'Flood depth'),"
        " validated_data_dict ="
        " replace(validated_data_dict, 'Flood extent', 'Flood depth')"
    ))
with sa.create_engine(sys.argv[1]).connect() as connection:
    connection.execute(sa.text("SELECT nextval('imnet_search_index_seq')"))
"""


def _titles(user: str = "", **params) -> list[str]:
    result = helpers.call_action(
        "package_search", context={"user": user, "ignore_auth": False}, **params
    )
    return sorted(dataset["title"] for dataset in result["results"])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_every_change_is_seen_by_the_next_identical_search():
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], title="Rice prices")
    assert _titles(q="prices") == ["Rice prices"]
    assert _titles(q="prices") == ["Rice prices"]  # answered from the cache

    helpers.call_action("package_patch", id=dataset["id"], title="Market prices")
    assert _titles(q="prices") == ["Market prices"]

    helpers.call_action("package_patch", id=dataset["id"], private=True)
    assert _titles(q="prices") == []

    helpers.call_action("package_patch", id=dataset["id"], private=False)
    assert _titles(q="prices") == ["Market prices"]
    helpers.call_action("package_delete", id=dataset["id"])
    assert _titles(q="prices") == []


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_change_made_by_another_process_is_seen_at_once():
    """Another web worker, the background worker or a command: the index's
    generation is read with every search."""
    org = factories.Organization()
    dataset = factories.Dataset(owner_org=org["id"], title="Flood extent")
    assert _titles(q="flood") == ["Flood extent"]
    # Behind this process's back: the stored title changes, then another
    # process reindexes the dataset.
    model.Session.execute(
        sa.text("UPDATE package SET title = 'Flood depth' WHERE id = :id"),
        {"id": dataset["id"]},
    )
    model.Session.commit()
    url = model.meta.engine.url.render_as_string(hide_password=False)
    subprocess.run([sys.executable, "-c", _OTHER_PROCESS, url], check=True)
    assert _titles(q="flood") == ["Flood depth"]


def test_searches_relative_to_now_are_never_kept():
    assert cache.key_of("*:*", {"fq": "metadata_modified:[NOW-1DAY TO NOW]"}) is None
    assert cache.key_of("*:*", {"fq": "metadata_modified:[* TO *]"}) is not None


@pytest.mark.ckan_config("ckanext.imnet.search.cache_size", "0")
def test_the_cache_can_be_turned_off():
    assert cache.key_of("*:*", {}) is None
