"""A stand-in for ``pysolr.Solr`` that keeps the index in PostgreSQL.

CKAN's indexing and query code (``ckan.lib.search.index`` and ``.query``)
builds Solr documents and Solr request parameters and hands them to a
connection. This class accepts exactly those calls -- ``add``, ``delete``,
``commit`` and ``search`` -- and answers them from the ``imnet_search_index``
table, so everything CKAN does around them (``before_dataset_index`` hooks,
permission labels, ``data_dict``/``validated_data_dict``, facets post-processing)
stays CKAN's own code.

Index writes are committed at once in a transaction of their own, as Solr
commits an update (deferred ones in batches, see ``writer``): CKAN indexes
from the session's ``before_commit`` hook and from commands (``search-index
clear``) that never commit the session. Searches
run on the session's connection, in a savepoint, so that no query can leave
the caller's transaction unusable.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import psycopg2.extensions
import pysolr
import sqlalchemy as sa

# The index shares CKAN's database session and transaction.
from ckan import model
from ckan.lib.search.common import SearchError, solr_datetime_decoder

# CKAN's own parser of Solr local parameters ({!frange l=0 u=1}).
from ckan.lib.search.query import _parse_local_params
from sqlalchemy import exc as sa_exc

from . import cache, functions, select, writer
from .compiler import COLUMNS, INDEX, MATCH_ALL, Compiler, Cond, Text, all_of, rank
from .document import build_row
from .errors import QueryError
from .fields import SolrSchema, get_schema
from .layout import TERMS
from .lucene import parse_dismax, parse_lucene
from .params import SearchParams, min_should_match

__all__ = ["PostgresConnection"]

log = logging.getLogger(__name__)

_MISSING_TABLE_HINT = (
    "The search index table is missing: run `ckan db upgrade` "
    "(or `ckan db upgrade -p imnet_search`)"
)


def _in_server_transaction(connection: sa.engine.Connection) -> bool:
    """True unless PostgreSQL says the connection is outside any transaction."""
    info = getattr(connection.connection.dbapi_connection, "info", None)
    status = getattr(info, "transaction_status", None)
    return status != psycopg2.extensions.TRANSACTION_STATUS_IDLE


class PostgresConnection:
    """The subset of ``pysolr.Solr`` that CKAN uses, backed by PostgreSQL."""

    url = "postgresql:imnet_search_index"

    def __init__(self, decode_dates: bool = True, schema: SolrSchema | None = None):
        self.decode_dates = decode_dates
        self.schema = schema or get_schema()

    # -- writing ----------------------------------------------------------

    def add(
        self, docs: Iterable[dict[str, Any]], commit: bool = True, **_: Any
    ) -> None:
        """Insert or replace documents; deferred ones (``commit=False``) are
        written in batches (``writer``)."""
        rows = [build_row(doc, self.schema) for doc in docs]
        # CKAN passes commit=False for deferred writes, and for every write
        # when ``ckan.search.solr_commit`` leaves commits to Solr's own
        # auto-commit -- which this backend has not: then written at once.
        if not commit and tk.asbool(tk.config.get("ckan.search.solr_commit", True)):
            if writer.guard_ended():
                # A rebuild's rows, still guarded, are not this caller's.
                self.commit()
            if writer.defer(rows):
                self.commit()
            return
        with self._writing() as connection:
            writer.write_pending(connection, writer.take(), rows)

    def delete(
        self, id: Any = None, q: str | None = None, commit: bool = True, **_: Any
    ) -> None:
        """Delete documents by id or by query, after any deferred writes."""
        if id is None and q is None:
            raise pysolr.SolrError("You must specify 'id' or 'q'.")
        conditions = []
        if id is not None:
            ids = id if isinstance(id, (list, tuple)) else [id]
            conditions.append(COLUMNS.index_id.in_([str(i) for i in ids]))
        if q is not None:
            # Delete-by-query uses the standard parser with Solr's default OR.
            compiler = Compiler(self.schema, "text", "OR")
            conditions.append(compiler.condition(parse_lucene(q)))
        pending = writer.take()
        # Nothing to delete from an index whose table is gone: CKAN 2.12's
        # ``ckan db clean`` drops every table, this one too, then clears it.
        with self._writing(missing_is_empty=not pending.rows) as connection:
            writer.write_pending(connection, pending)
            connection.execute(sa.delete(INDEX).where(sa.or_(*conditions)))

    def commit(self, **_: Any) -> None:
        """Write the deferred documents; the others were written when added."""
        pending = writer.take()
        if pending.rows:
            with self._writing() as connection:
                writer.write_pending(connection, pending)

    def guarding_deferred(self) -> contextlib.AbstractContextManager[None]:
        """Guard the rows deferred meanwhile against overwriting rows written
        after they were read (``writer.guarding``): a rebuild's."""
        return writer.guarding(self._draw)

    def _draw(self) -> int:
        with self._writing() as connection:
            return cache.bump(connection)

    @contextlib.contextmanager
    def _writing(
        self, missing_is_empty: bool = False
    ) -> Iterator[sa.engine.Connection]:
        try:
            with model.Session.get_bind().begin() as connection:
                yield connection
            # Once committed: searches answered before are answered afresh,
            # and rows deferred from now on were read after this write.
            with model.Session.get_bind().connect() as connection:
                writer.written(cache.bump(connection))
        except sa_exc.ProgrammingError as error:
            missing = "imnet_search_index" in str(error.orig) and (
                "does not exist" in str(error.orig)
            )
            if missing and missing_is_empty:
                return
            log.exception("Search index write failed")
            if missing:
                raise pysolr.SolrError(_MISSING_TABLE_HINT) from None
            raise pysolr.SolrError("The search index could not be updated") from None
        except sa_exc.DBAPIError:
            log.exception("Search index write failed")
            raise pysolr.SolrError("The search index could not be updated") from None

    # -- searching --------------------------------------------------------

    def search(self, q: str | None = None, **raw: Any) -> pysolr.Results:
        """Answer a Solr select request; deferred writes are written first."""
        writer.flush()
        params = SearchParams.parse(q, raw)
        schema = self.schema
        compiler = Compiler(schema, params.df, params.q_op)
        condition = self._query_condition(compiler, params)
        filters = [self._filter(fq, params) for fq in params.fq]
        where = all_of([condition, *filters])
        rank_query = compiler.rank_query()
        score = rank(rank_query)
        for boost in params.bf:
            # Additive boost functions (ckanext-spatial ranks bbox overlap so).
            value = functions.parse_function(boost, schema, TERMS)
            score = score + sa.func.coalesce(value, 0.0)
        if rank_query is None and not params.bf:
            # Every document scores the same: sorting by score keeps index order.
            params.sort = [key for key in params.sort if key[0] != "score"]

        key = cache.key_of(q, raw)
        with self._reading() as connection:
            generation = cache.generation(connection) if key else ()
            answer = cache.lookup(generation, key) if key else None
            if answer is None:
                answer = select.answer(connection, schema, where, score, params)
                if key:
                    cache.store(generation, key, answer)

        if self.decode_dates:
            response = answer["response"]
            response["docs"] = [solr_datetime_decoder(doc) for doc in response["docs"]]
        return pysolr.Results(answer)

    def _filter(self, fq: str, params: SearchParams) -> Text | Cond:
        text = fq.lstrip()
        if text.startswith("{!"):
            return Cond(self._local_params_filter(text))
        compiler = Compiler(self.schema, params.df, params.q_op)
        return compiler.clause(parse_lucene(fq, "fq"))

    def _local_params_filter(self, text: str) -> Any:
        """``{!frange ...}function`` -- the only local-params query supported."""
        end = text.find("}")
        if end < 0:
            raise QueryError(f"Cannot parse local parameters: {text[:80]}")
        try:
            parts = _parse_local_params(text[: end + 1])
        except Exception:  # noqa: BLE001 - pyparsing raises several kinds
            raise QueryError(f"Cannot parse local parameters: {text[:80]}") from None
        kind = parts[0] if parts and isinstance(parts[0], str) else ""
        options = {p[0]: p[1] for p in parts if isinstance(p, list) and len(p) == 2}
        kind = options.pop("type", kind)
        if kind != "frange":
            raise QueryError(
                "Local parameters are not supported by the embedded search "
                f"backend, except frange: {text[:80]}"
            )
        spec = functions.parse_frange(options, text[end + 1 :])
        return functions.frange(spec, self.schema, TERMS)

    def _query_condition(self, compiler: Compiler, params: SearchParams) -> Text | Cond:
        q = params.q
        if q.strip() in ("*:*", "*"):
            return MATCH_ALL
        if params.def_type in ("dismax", "edismax"):
            tree = None
            if params.def_type == "edismax":
                with contextlib.suppress(QueryError):
                    tree = parse_lucene(q)
            if tree is None:
                tree = parse_dismax(q)
            return compiler.clause(tree, min_should_match(params.mm))
        return compiler.clause(parse_lucene(q))

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sa.engine.Connection]:
        try:
            connection = model.Session.connection()
            if not _in_server_transaction(connection):
                # A caller ended the transaction with a COMMIT in raw SQL
                # (ckanext-harvest's clear actions do): every statement now
                # commits alone, so none can spoil the next, and a savepoint
                # is impossible.
                yield connection
                return
            # A Core savepoint: releasing a Session.begin_nested() one would
            # fire the session's before_commit hooks, which index again.
            with connection.begin_nested():
                yield connection
        except sa_exc.ProgrammingError as error:
            log.exception("Search query failed")
            if "imnet_search_index" in str(error.orig):
                raise SearchError(_MISSING_TABLE_HINT) from None
            raise SearchError("The search index could not answer this query") from None
        except sa_exc.DBAPIError:
            log.exception("Search query failed")
            raise SearchError("The search index could not answer this query") from None
