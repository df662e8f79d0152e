"""Writing index rows: one statement per batch, deferred writes kept together.

CKAN indexes one dataset per call. A call that commits (every edit) is written
at once, in a transaction of its own, as Solr commits an update. A deferred
call (``defer_commit``: ``ckan search-index rebuild``, ckanext-harvest's
reindex) is kept in this process's pending batch and written when the batch
is full, when the index is committed, deleted from or searched, or when the
process (or a ``multiprocessing`` child) exits -- as Solr keeps uncommitted
documents until a commit, except that this process's own searches see them.
A rebuild thus writes ``BATCH_SIZE`` rows per statement and transaction.
"""

from __future__ import annotations

import atexit
import json
import logging
import multiprocessing.util
import os
import threading
from collections.abc import Iterable
from typing import Any

import psycopg2.extras
import sqlalchemy as sa

from .compiler import TEXT_CONFIG
from .document import IndexRow

__all__ = ["BATCH_SIZE", "write", "defer", "take", "flush", "pending_count"]

log = logging.getLogger(__name__)

# Rows per INSERT statement and per deferred transaction.
BATCH_SIZE = 500

# A lexeme PostgreSQL's parser never produces: put between values to keep them
# apart, then deleted -- like Solr's position increment gap.
GAP = " "


def _vector_sql() -> str:
    """The weighted ``tsvector`` of one row, no phrase spanning two weights.

    ``to_tsvector`` of a JSON array leaves a position between its strings;
    between weights a gap lexeme does the same and is then removed.
    """
    config = f"'{TEXT_CONFIG}'::regconfig"
    parts = [
        f"setweight(to_tsvector({config}, %s::jsonb), '{weight}')" for weight in "ABCD"
    ]
    gap = f" || '''{GAP}'':1'::tsvector || "
    return f"ts_delete({gap.join(parts)}, '{GAP}')"


_COLUMNS = (
    "index_id, seq, id, site_id, doc, terms, hot_terms, texts, search_vector, "
    "data_dict, validated_data_dict, indexed_at"
)
_TEMPLATE = (
    "(%s, nextval('imnet_search_index_seq'), %s, %s, %s::jsonb, %s::jsonb, "
    f"%s::jsonb, %s::jsonb, {_vector_sql()}, %s, %s, now())"
)
_UPDATED = [c.strip() for c in _COLUMNS.split(",") if c.strip() != "index_id"]
_STATEMENT = (
    f"INSERT INTO imnet_search_index ({_COLUMNS}) VALUES %s "
    "ON CONFLICT (index_id) DO UPDATE SET "
    + ", ".join(f"{column} = EXCLUDED.{column}" for column in _UPDATED)
)


def _parameters(row: IndexRow) -> tuple[Any, ...]:
    weighted = row["weighted"]
    return (
        row["index_id"],
        row["id"],
        row["site_id"],
        json.dumps(row["doc"]),
        json.dumps(row["terms"]),
        json.dumps(row["hot_terms"]),
        json.dumps(row["texts"]),
        *(json.dumps(weighted[weight]) for weight in "ABCD"),
        row["data_dict"],
        row["validated_data_dict"],
    )


def write(connection: sa.engine.Connection, rows: Iterable[IndexRow]) -> None:
    """Insert or replace ``rows`` on ``connection`` (in its transaction).

    A row written twice keeps its last version, as a document added twice.
    """
    latest: dict[str, IndexRow] = {}
    for row in rows:
        latest.pop(row["index_id"], None)
        latest[row["index_id"]] = row
    if not latest:
        return
    cursor = connection.connection.cursor()
    try:
        psycopg2.extras.execute_values(
            cursor,
            _STATEMENT,
            [_parameters(row) for row in latest.values()],
            template=_TEMPLATE,
            page_size=BATCH_SIZE,
        )
    finally:
        cursor.close()


# This process's deferred rows, in the order they were added.
_pending: list[IndexRow] = []
_lock = threading.Lock()


def defer(rows: Iterable[IndexRow]) -> bool:
    """Keep ``rows`` for a later write; True when a batch is full."""
    with _lock:
        _pending.extend(rows)
        return len(_pending) >= BATCH_SIZE


def take() -> list[IndexRow]:
    """Remove and return the deferred rows, oldest first."""
    with _lock:
        rows = list(_pending)
        _pending.clear()
    return rows


def pending_count() -> int:
    """How many deferred rows are waiting to be written."""
    with _lock:
        return len(_pending)


def flush() -> None:
    """Write the deferred rows now, if any (through the backend's connection)."""
    if not pending_count():
        return
    from .connection import PostgresConnection

    PostgresConnection().commit()


def _flush_at_exit() -> None:
    if pending_count():
        try:
            flush()
        except Exception:  # noqa: BLE001 - an exiting process can only log
            log.exception("Deferred search index rows could not be written")


class _Process:
    """Stands for this module in ``multiprocessing``'s after-fork registry."""


_THIS_PROCESS = _Process()


def _forked() -> None:
    """In a child process the parent's pending rows are the parent's."""
    _pending.clear()


def _in_multiprocessing_child(_: _Process) -> None:
    """A ``multiprocessing`` child (CKAN's ``search-index rebuild-fast``) ends
    without ``atexit``: its pending rows are written by its finaliser."""
    multiprocessing.util.Finalize(None, _flush_at_exit, exitpriority=10)


atexit.register(_flush_at_exit)
os.register_at_fork(after_in_child=_forked)
multiprocessing.util.register_after_fork(_THIS_PROCESS, _in_multiprocessing_child)
