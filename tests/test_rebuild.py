"""``ckan search-index rebuild`` reads ahead, and indexes exactly what it did.

While CKAN's rebuild runs, this package's index hooks read their rows
(level and owner, freshness confirmation, review, endorsement, failing link
checks, the owners' directory) for a block of datasets at a time
(``model/read_ahead.py``, ``search/rebuild.py``). Every dataset's index row
must be the one it gets when indexed alone, block boundaries included, and
nothing read ahead may outlive the rebuild. A row the rebuild keeps in a batch
must not overwrite a newer one another process wrote meanwhile.
"""

from __future__ import annotations

import datetime
import gc
import json
import os
import subprocess
import sys
from typing import Any

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
import sqlalchemy as sa
from ckan import model
from ckan.cli.cli import ckan
from ckan.lib import search

from ckanext.imnet import model as imnet_model
from ckanext.imnet.curation import link_checks, links
from ckanext.imnet.model import read_ahead
from ckanext.imnet.search import writer
from tests.factories import im_dataset

_ROW = sa.text(
    "SELECT id, doc, terms, hot_terms, texts, search_vector::text AS vector,"
    " data_dict, validated_data_dict FROM imnet_search_index ORDER BY id"
)


def _index_rows() -> dict[str, dict[str, Any]]:
    with model.meta.engine.connect() as connection:
        return {row.id: dict(row._mapping) for row in connection.execute(_ROW)}


def _differences(
    found: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """What differs between two sets of index rows, down to the key within a
    column (the stored dicts decoded), so that a failure says what."""

    def parts(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("{"):
            value = json.loads(value)
        return value

    differences: dict[str, Any] = {}
    for package_id in sorted(set(found) | set(expected)):
        row, other = found.get(package_id), expected.get(package_id)
        if row is None or other is None:
            differences[package_id] = "missing" if row is None else "extra"
            continue
        for column in row:
            mine, theirs = parts(row[column]), parts(other[column])
            if mine == theirs:
                continue
            if isinstance(mine, dict) and isinstance(theirs, dict):
                differences[f"{package_id} {column}"] = {
                    key: (mine.get(key), theirs.get(key))
                    for key in set(mine) | set(theirs)
                    if mine.get(key) != theirs.get(key)
                }
            else:
                differences[f"{package_id} {column}"] = (mine, theirs)
    return differences


class _Reads:
    """The statements run against this package's curation tables."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.statements.append(statement)

    def of(self, table: str) -> int:
        return sum(f"FROM {table}" in s for s in self.statements)

    def __enter__(self) -> _Reads:
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_: Any) -> None:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", self)


@pytest.fixture
def catalogue(clean_db, clean_index):
    """Seven datasets, each with a different mix of what the index hooks read."""
    mimu = factories.Sysadmin()
    org = factories.Organization(name="owning-org", title="Owning Org")
    other = factories.Organization(name="data-holder", title="Data Holder")
    context = {"user": mimu["name"]}

    def made(name: str, **fields: Any) -> dict[str, Any]:
        return im_dataset(
            name=name, owner_org=org["id"], update_frequency="monthly", **fields
        )

    endorsed = made("endorsed-baseline", data_owner=other["name"])
    helpers.call_action(
        "imnet_dataset_endorse", context=dict(context), id=endorsed["id"], note="Yes"
    )
    reviewed = made("reviewed-survey")
    helpers.call_action(
        "imnet_dataset_review",
        context=dict(context),
        id=reviewed["id"],
        state="reviewed",
    )
    confirmed = made("confirmed-census")
    helpers.call_action(
        "imnet_dataset_confirm_current", context=dict(context), id=confirmed["id"]
    )
    broken = made("broken-link-list")
    resource = factories.Resource(package_id=broken["id"], url="http://x.invalid/a")
    link_checks.record(
        {**resource, "package_id": broken["id"]},
        links.Outcome(links.BROKEN, http_status=404),
        imnet_model.now(),
    )
    imnet_model.session().commit()
    restricted = made(
        "restricted-sites",
        sensitivity="restricted",
        sensitivity_rationale="Locations of people at risk",
        data_owner=other["name"],
    )
    factories.Resource(package_id=restricted["id"], url="http://x.invalid/sites.csv")
    made("private-draft-list", private=True)
    stale = made("stale-roster")
    imnet_model.backdate_dataset(
        stale["id"], imnet_model.now() - datetime.timedelta(days=400)
    )
    imnet_model.session().commit()
    return [endorsed, reviewed, confirmed, broken, restricted, stale]


def _indexed_one_by_one(ids: list[str]) -> dict[str, dict[str, Any]]:
    for package_id in ids:
        search.rebuild(package_id)
    return _index_rows()


def test_a_rebuild_indexes_each_dataset_as_when_it_is_indexed_alone(
    catalogue, cli, monkeypatch
):
    ids = [row[0] for row in model.Session.query(model.Package.id)]
    alone = _indexed_one_by_one(ids)
    by_name = {
        row["doc"]["name"]: {**row["terms"], **row["doc"]} for row in alone.values()
    }
    # What each hook adds is there to compare: the comparison is not empty.
    assert by_name["endorsed-baseline"]["endorsed"] == "true"
    assert by_name["reviewed-survey"]["review_state"] == ["reviewed"]
    assert by_name["broken-link-list"]["broken_links"] == "yes"
    assert (
        by_name["stale-roster"]["freshness"] != by_name["confirmed-census"]["freshness"]
    )
    restricted = alone[by_name["restricted-sites"]["id"]]
    assert "Data Holder" in restricted["texts"]["imnet_labels"]
    assert "x.invalid" not in restricted["data_dict"]

    helpers.call_action("package_search", q="*:*")  # nothing cached in between
    with model.meta.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM imnet_search_index"))
    # Blocks of two: block boundaries fall between datasets of each kind.
    monkeypatch.setattr(read_ahead, "BLOCK", 2)
    with _Reads() as reads:
        result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert _differences(_index_rows(), alone) == {}
    # One read per block of two datasets, not one per dataset.
    blocks = -(-len(ids) // 2)
    assert reads.of("imnet_dataset_confirmation") == blocks
    assert reads.of("imnet_link_check") <= blocks


def test_a_rebuild_of_given_datasets_reads_ahead_over_them(catalogue):
    ids = [dataset["id"] for dataset in catalogue]
    alone = _indexed_one_by_one(ids)
    with _Reads() as reads:
        search.rebuild(package_ids=ids, defer_commit=True)
        search.commit()
    assert _differences(_index_rows(), alone) == {}
    assert reads.of("imnet_dataset_confirmation") == 1


def test_nothing_read_ahead_outlives_the_rebuild(catalogue):
    plain = next(d for d in catalogue if d["name"] == "confirmed-census")
    search.rebuild()
    mimu = factories.Sysadmin()
    # Endorsed after the rebuild: the action reindexes the dataset, reading
    # ahead over it after the write.
    helpers.call_action(
        "imnet_dataset_endorse",
        context={"user": mimu["name"]},
        id=plain["id"],
        note="Yes",
    )
    found = helpers.call_action("package_search", fq="endorsed:true")
    assert {d["name"] for d in found["results"]} == {
        "endorsed-baseline",
        "confirmed-census",
    }
    assert imnet_model.endorsement(plain["id"]) is not None
    assert not read_ahead.is_open()


def test_who_finds_a_dataset_is_read_when_it_is_indexed_not_ahead(
    app, catalogue, monkeypatch
):
    """A dataset made private after the rows of its block were read ahead is
    indexed as private: its labels and stored dict are read when it is."""
    ids = [dataset["id"] for dataset in catalogue]
    last = catalogue[-1]
    assert not last["private"]
    lookup = read_ahead._ReadAhead.lookup
    changed: list[str] = []

    def lookup_then_change(self, *args, **kwargs):
        answer = lookup(self, *args, **kwargs)
        if not changed:
            # Another process makes the last dataset private meanwhile.
            with model.meta.engine.begin() as connection:
                connection.execute(
                    sa.text("UPDATE package SET private = true WHERE id = :id"),
                    {"id": last["id"]},
                )
            changed.append(last["id"])
        return answer

    monkeypatch.setattr(read_ahead._ReadAhead, "lookup", lookup_then_change)
    model.Session.remove()
    # Objects kept only by reference cycles stay until the collector runs.
    gc.disable()
    try:
        search.rebuild(package_ids=iter(ids), defer_commit=True)
        search.commit()
    finally:
        gc.enable()
    assert changed
    row = _index_rows()[last["id"]]
    assert row["doc"]["capacity"] == "private"
    assert "public" not in row["hot_terms"]["permission_labels"]
    with app.flask_app.test_request_context():
        found = helpers.call_action(
            "package_search",
            context={"user": "", "ignore_auth": False},
            fq=f"name:{last['name']}",
        )
    assert found["count"] == 0
    # The datasets given as an iterator were all indexed.
    assert set(ids) <= set(_index_rows())


# Another CKAN process -- a curator's request on the web server -- runs an
# action on a dataset; CKAN writes or deletes its index row at once.
_ELSEWHERE = """
import json, sys
import ckan.plugins.toolkit as tk
from ckan.cli import load_config
from ckan.config.middleware import make_app
app = make_app(load_config(sys.argv[1]))
with app._wsgi_app.test_request_context():
    tk.get_action(sys.argv[3])(
        {"ignore_auth": True, "user": sys.argv[2]}, json.loads(sys.argv[4])
    )
"""


def _in_another_process(user: str, action: str, **data: Any) -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {
        **os.environ,
        "CKAN_SQLALCHEMY_URL": tk.config["sqlalchemy.url"],
        "CKAN_REDIS_URL": tk.config["ckan.redis.url"],
        "CKAN_DATASTORE_WRITE_URL": tk.config["ckan.datastore.write_url"],
        "CKAN_DATASTORE_READ_URL": tk.config["ckan.datastore.read_url"],
    }
    done = subprocess.run(
        [sys.executable, "-c", _ELSEWHERE, os.path.join(root, "test.ini")]
        + [user, action, json.dumps(data)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=root,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]


_EDITS = {
    "made private": ("package_patch", {"private": True}),
    "deleted": ("package_delete", {}),
    "purged": ("dataset_purge", {}),
}


@pytest.mark.parametrize("batch", [100, 2])
@pytest.mark.parametrize("edit", list(_EDITS))
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_dataset_hidden_elsewhere_during_a_rebuild_stays_hidden(
    app, monkeypatch, edit, batch
):
    """A rebuild read a dataset while it was public and keeps its row in a
    batch (the first, or one after a batch was written); meanwhile a curator
    makes it private, deletes or purges it on the web server, which writes or
    deletes its row at once. The batch, written later, must not bring the
    public row back: the public no longer finds the dataset."""
    monkeypatch.setattr(writer, "BATCH_SIZE", batch)
    org = factories.Organization()
    datasets = [
        im_dataset(owner_org=org["id"], title=f"Cyclone shelters {n}") for n in range(3)
    ]
    sysadmin = factories.Sysadmin()
    ids = [row[0] for row in model.Session.query(model.Package.id)]
    # CKAN's order: the last is in the second batch of two.
    target = next(d for d in datasets if d["id"] == ids[-1])
    action, data = _EDITS[edit]
    defer = writer.defer
    edited = []

    def defer_then_edit_elsewhere(rows):
        full = defer(rows)
        if any(row["id"] == target["id"] for row in rows):
            assert not full
            _in_another_process(sysadmin["name"], action, id=target["id"], **data)
            edited.append(target["id"])
        return full

    monkeypatch.setattr(writer, "defer", defer_then_edit_elsewhere)
    search.rebuild(defer_commit=True, quiet=True)
    search.commit()
    assert edited

    with model.meta.engine.connect() as connection:
        stored = connection.execute(
            sa.text("SELECT private, state FROM package WHERE id = :id"),
            {"id": target["id"]},
        ).one_or_none()
    expected = {
        "made private": (True, "active"),
        "deleted": (False, "deleted"),
        "purged": None,
    }[edit]
    assert (tuple(stored) if stored else None) == expected
    with app.flask_app.test_request_context():
        found = helpers.call_action(
            "package_search",
            context={"user": "", "ignore_auth": False},
            q="cyclone",
        )
    assert sorted(d["name"] for d in found["results"]) == sorted(
        d["name"] for d in datasets if d["id"] != target["id"]
    )
    assert writer.pending_count() == 0


def _index_deferred(package_id: str) -> None:
    """Index one dataset deferred, outside a rebuild, as ckanext-harvest's
    reindex of a source does (CKAN 2.12 indexes the dict of both schemas,
    through ``logic.index_update_package``)."""
    from ckan import logic

    index_update_package = getattr(logic, "index_update_package", None)
    if index_update_package is not None:
        index_update_package({"ignore_auth": True}, package_id, True)
        return
    shown = helpers.call_action("package_show", {"use_cache": False}, id=package_id)
    search.index_for(model.Package).update_dict(shown, defer_commit=True)


@pytest.mark.parametrize("left_waiting", [False, True])
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_deferred_rows_outside_a_rebuild_are_written_whatever_came_since(
    left_waiting,
):
    """Deferred rows not from a rebuild are written even when another process
    wrote the dataset's row after they were deferred -- also after a guarded
    rebuild of this process has ended, whether it left rows of its own
    waiting for the commit or none."""
    org = factories.Organization()["id"]
    dataset = im_dataset(owner_org=org, title="Rice")
    other = im_dataset(owner_org=org, title="Beans")
    search.rebuild(
        package_ids=[other["id"]] if left_waiting else [],
        defer_commit=True,
        quiet=True,
    )
    assert writer.pending_count() == int(left_waiting)
    model.Session.execute(
        sa.text("UPDATE package SET name = 'market-prices' WHERE id = :id"),
        {"id": dataset["id"]},
    )
    model.Session.commit()
    model.Session.remove()
    _index_deferred(dataset["id"])
    assert writer.pending_count() == 1
    with model.meta.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE imnet_search_index SET seq = nextval('imnet_search_index_seq')"
                " WHERE id = :id"
            ),
            {"id": dataset["id"]},
        )
    search.commit()
    found = helpers.call_action("package_search", q="name:market-prices")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]
    assert helpers.call_action("package_search", q="beans")["count"] == 1


def _counting_bulk(calls: list[list[str]]):
    def bulk(ids: list[str]) -> dict[str, str]:
        calls.append(list(ids))
        return {i: f"row of {i}" for i in ids if int(i) % 3}

    return bulk


@pytest.mark.parametrize("order", ["as listed", "reversed", "shuffled"])
def test_a_reader_answers_as_it_would_alone_in_any_order(order, monkeypatch):
    """Asked in another order than the list's, blocks would serve a dataset
    each: then the reader mostly reads alone, a block per fifth of a block."""
    monkeypatch.setattr(read_ahead, "BLOCK", 50)
    ids = [str(n) for n in range(100)]
    calls: list[list[str]] = []
    alone: list[str] = []

    @read_ahead.reads_ahead(_counting_bulk(calls), absent="no row")
    def reader(package_id: str) -> str:
        alone.append(package_id)
        return f"row of {package_id}" if int(package_id) % 3 else "no row"

    asked = list(ids)
    if order == "reversed":
        asked.reverse()
    elif order == "shuffled":
        asked = asked[::7] + [i for i in asked if int(i) % 7]
    with read_ahead.datasets(ids):
        answers = [reader(i) for i in asked]
        assert reader("1000") == "row of 1000"  # not listed: read alone
    assert answers == [f"row of {i}" if int(i) % 3 else "no row" for i in asked]
    if order == "as listed":
        assert [len(c) for c in calls] == [50, 50]
        assert alone == ["1000"]
    else:
        assert len(calls) <= len(asked) // 5 + 1
    # Outside a read-ahead, every call reads.
    before = len(alone)
    reader("4")
    assert len(alone) == before + 1
