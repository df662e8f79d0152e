"""Writing index rows: one statement per batch, deferred writes kept together.

CKAN indexes one dataset per call. A call that commits (every edit) is written
at once, in a transaction of its own, as Solr commits an update. A deferred
call (``defer_commit``: ``ckan search-index rebuild``, ckanext-harvest's
reindex) is kept in this process's pending batch and written when the batch
is full, when the index is committed, deleted from or searched, or when the
process (or a ``multiprocessing`` child) exits -- as Solr keeps uncommitted
documents until a commit, except that this process's own searches see them.
A rebuild thus writes ``BATCH_SIZE`` rows per statement and transaction.

A deferred row waits, and meanwhile another process may index the same
dataset afresh -- a curator makes it private during a rebuild, and the web
process writes its row at once, or deletes it. The rows a rebuild defers are
*guarded* (``guarding``): they carry the index sequence's value drawn before
any of them was read (when the rebuild starts, then after each of its
writes). A row another process wrote to the index after that value is kept,
not overwritten by the rebuild's read; a row whose dataset is no longer there
in the state read (deleted, purged) is not written, so its removal stands.
What still goes wrong: CKAN writes an edit's row (or deletes it) just before
it commits the edit, and a batch written, or a value drawn, in those few
milliseconds still undoes it; and a row written after the value by a
transaction that then rolled back is kept rather than repaired. Deferred rows
not from a rebuild (ckanext-harvest's reindex of a source) are unguarded.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import multiprocessing.util
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

import psycopg2.extras
import sqlalchemy as sa

from .compiler import TEXT_CONFIG
from .document import IndexRow

__all__ = [
    "BATCH_SIZE",
    "Pending",
    "write",
    "write_pending",
    "defer",
    "take",
    "flush",
    "pending_count",
    "guarding",
    "guard_ended",
    "written",
]

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


def _guarded_statement(since: int) -> str:
    """The statement that writes a row only if its dataset is still there in
    the state it was read in (not deleted or purged since), and replaces a
    row only if that one was written before ``since``."""
    return (
        f"INSERT INTO imnet_search_index ({_COLUMNS}) "
        f"SELECT * FROM (VALUES %s) AS read ({_COLUMNS}) "
        "WHERE EXISTS (SELECT 1 FROM package WHERE package.id = read.id "
        "AND (read.doc ->> 'state' IS NULL OR package.state = read.doc ->> 'state')) "
        "ON CONFLICT (index_id) DO UPDATE SET "
        + ", ".join(f"{column} = EXCLUDED.{column}" for column in _UPDATED)
        + f" WHERE imnet_search_index.seq < {int(since)} RETURNING index_id"
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


class Pending(NamedTuple):
    """Deferred rows, oldest first, and the guard they are written under:
    a row written to the index after ``since`` (a value of the index
    sequence) is newer than them; ``None``: unguarded."""

    rows: list[IndexRow]
    since: int | None


def _latest(rows: Iterable[IndexRow]) -> dict[str, IndexRow]:
    latest: dict[str, IndexRow] = {}
    for row in rows:
        latest.pop(row["index_id"], None)
        latest[row["index_id"]] = row
    return latest


def write(
    connection: sa.engine.Connection,
    rows: Iterable[IndexRow],
    since: int | None = None,
) -> None:
    """Insert or replace ``rows`` on ``connection`` (in its transaction).

    A row written twice keeps its last version, as a document added twice.
    With ``since`` (rows read by a rebuild after it was drawn), a row already
    in the index that was written after it (its ``seq`` greater) is kept
    instead, and a row of a dataset deleted or purged since is left out.
    """
    latest = _latest(rows)
    if not latest:
        return
    cursor = connection.connection.cursor()
    try:
        if since is None:
            psycopg2.extras.execute_values(
                cursor,
                _STATEMENT,
                [_parameters(row) for row in latest.values()],
                template=_TEMPLATE,
                page_size=BATCH_SIZE,
            )
            return
        written_ids = psycopg2.extras.execute_values(
            cursor,
            _guarded_statement(since),
            [_parameters(row) for row in latest.values()],
            template=_TEMPLATE,
            page_size=BATCH_SIZE,
            fetch=True,
        )
    finally:
        cursor.close()
    left_out = len(latest) - len(written_ids)
    if left_out:
        log.info(
            "%d of %d rows read by the rebuild left out: their datasets were "
            "indexed, deleted or purged by another process since",
            left_out,
            len(latest),
        )


def write_pending(
    connection: sa.engine.Connection,
    pending: Pending,
    rows: Iterable[IndexRow] = (),
) -> None:
    """Write the deferred rows (under their guard), then ``rows`` -- written
    now, and newer than any deferred row of the same dataset."""
    now = _latest(rows)
    write(
        connection,
        [row for row in pending.rows if row["index_id"] not in now],
        pending.since,
    )
    write(connection, now.values())


# This process's deferred rows, in the order they were added; while guarded
# (``_guards``), the index sequence's value drawn before any was read.
_pending: list[IndexRow] = []
_since: int | None = None
_guards = 0
_lock = threading.Lock()


def defer(rows: Iterable[IndexRow]) -> bool:
    """Keep ``rows`` for a later write; True when a batch is full."""
    with _lock:
        _pending.extend(rows)
        return len(_pending) >= BATCH_SIZE


def take() -> Pending:
    """Remove and return the deferred rows, oldest first, with their guard."""
    with _lock:
        pending = Pending(list(_pending), _since)
        _pending.clear()
    return pending


def written(generation: int) -> None:
    """After a committed write, ``generation`` drawn from the index sequence:
    while guarded with nothing deferred, the rows deferred next are read
    after it."""
    global _since
    with _lock:
        if _pending:
            return
        _since = generation if _guards else None


@contextlib.contextmanager
def guarding(draw: Callable[[], int]) -> Iterator[None]:
    """Guard the rows deferred until the end (see the module's docstring);
    ``draw`` advances the index sequence and returns its value. Unguarded
    rows deferred before are written first, as they were; guarded ones (an
    earlier rebuild's) keep their older value, which holds for the rows read
    after it too. The rows still deferred at the end keep their guard until
    written (``search.commit()``, as CKAN's commands do next)."""
    global _since, _guards
    with _lock:
        unguarded = bool(_pending) and _since is None
    if unguarded:
        flush()
    generation = draw()
    with _lock:
        _guards += 1
        if _since is None or not _pending:
            _since = generation
    try:
        yield
    finally:
        with _lock:
            _guards -= 1
            if not _guards and not _pending:
                _since = None


def guard_ended() -> bool:
    """True while rows of a guard that has ended wait to be written: rows
    deferred now must not join them (write them first)."""
    with _lock:
        return _since is not None and not _guards and bool(_pending)


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
    global _since, _guards
    _pending.clear()
    _since, _guards = None, 0


def _in_multiprocessing_child(_: _Process) -> None:
    """A ``multiprocessing`` child (CKAN's ``search-index rebuild-fast``) ends
    without ``atexit``: its pending rows are written by its finaliser."""
    multiprocessing.util.Finalize(None, _flush_at_exit, exitpriority=10)


atexit.register(_flush_at_exit)
os.register_at_fork(after_in_child=_forked)
multiprocessing.util.register_after_fork(_THIS_PROCESS, _in_multiprocessing_child)
