"""One SQL statement answers a Solr select: the hits, the page, the facets.

The matched rows are read once, into a materialised CTE holding only what
the answer needs of each -- its key, its sort keys and its faceted fields --
and the count, the page and every facet are computed from that CTE. Reading
the index three times (count, page, facets) cost three scans of the matched
rows' heap pages, the bulk of a search's time at 100,000 datasets. The page's
stored documents are read for its rows only, after the top ``rows`` are
chosen.

The answer comes back as one ``UNION ALL`` of rows tagged by ``kind``; their
order is restored here (``position``: the rank on the page, or the facet's
place in ``facet.field``).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from . import functions
from .compiler import COLUMNS, INDEX
from .errors import QueryError
from .fields import SolrSchema
from .layout import TERMS
from .params import SearchParams

__all__ = ["answer"]

_HITS, _DOC, _FACET = 0, 1, 2
_STORED = ("data_dict", "validated_data_dict")


def answer(
    connection: sa.engine.Connection,
    schema: SolrSchema,
    where: Any,
    score: Any,
    params: SearchParams,
) -> dict[str, Any]:
    """Solr's response to a select -- ``numFound``, the page's documents and
    the facet counts -- for the rows matching ``where``, ranked by ``score``."""
    facet_fields = _facet_fields(schema, params)
    keys = [
        (_sort_key(schema, name, score), descending) for name, descending in params.sort
    ]
    columns = [COLUMNS.index_id, COLUMNS.seq]
    if params.rows > 0:
        # Sort keys (the score among them) only for a page to order: a count
        # or a facet search reads no text vector and no sort field.
        columns += [key.label(f"s{i}") for i, (key, _) in enumerate(keys)]
    columns += [TERMS[name].label(f"f{i}") for i, name in enumerate(facet_fields)]
    matched = (
        sa.select(*columns).where(where).cte("matched").prefix_with("MATERIALIZED")
    )

    parts = [_hits(matched)]
    wanted = params.fields
    stored = [name for name in _STORED if "*" in wanted or name in wanted]
    if params.rows > 0:
        parts.append(_page(matched, keys, score, stored, params))
    parts += _facets(matched, facet_fields, params)
    hits = 0
    docs: list[tuple[int, dict[str, Any]]] = []
    facets: dict[str, list[Any]] = {name: [] for name in params.facet_fields}
    for row in connection.execute(sa.union_all(*parts)):
        if row.kind == _HITS:
            hits = row.number
        elif row.kind == _DOC:
            docs.append((row.position, _document(row, wanted, stored)))
        else:
            facets[params.facet_fields[row.position]].append((row.value, row.number))
    for name, counts in facets.items():
        # Most frequent first, equal counts by value, as Solr sorts facets.
        counts.sort(key=lambda pair: (-pair[1], pair[0].encode()))
        facets[name] = [item for pair in counts for item in pair]
    docs.sort(key=lambda pair: pair[0])
    return {
        "response": {
            "numFound": hits,
            "start": params.start,
            "docs": [doc for _, doc in docs],
        },
        "facet_counts": {"facet_fields": facets},
    }


def _facet_fields(schema: SolrSchema, params: SearchParams) -> list[str]:
    """The requested facet fields that can be counted, each once."""
    fields: list[str] = []
    for name in params.facet_fields:
        spec = schema.field(name)
        if spec is None or spec.kind.is_text or name in fields:
            continue
        fields.append(name)
    return fields


def _sort_key(schema: SolrSchema, name: str, score: Any) -> Any:
    """The SQL expression a ``sort`` entry orders by."""
    if name == "score":
        return score
    if "(" in name:
        # A function sort, as Solr allows (the place search sends one).
        return functions.parse_function(name, schema, TERMS)
    spec = schema.field(name)
    if spec is None:
        raise QueryError(f"sort param field can't be found: {name}")
    if spec.kind.is_text:
        return COLUMNS.texts[name][0].astext.collate("C")
    value = TERMS[name][0].astext
    if spec.kind.is_numeric:
        return sa.cast(value, sa.Numeric)
    return value.collate("C")


def _row(kind: int, position: Any = 0, **values: Any) -> list[Any]:
    """The columns every part of the union has, in order."""
    typed: dict[str, Any] = {
        "value": sa.Text,
        "number": sa.BigInteger,
        "doc": JSONB,
        "score": sa.Float,
        "data_dict": sa.Text,
        "validated_data_dict": sa.Text,
    }
    columns = [
        sa.literal(kind).label("kind"),
        sa.cast(position, sa.Integer).label("position"),
    ]
    for name, type_ in typed.items():
        value = values.get(name)
        columns.append(
            (value if value is not None else sa.cast(sa.null(), type_)).label(name)
        )
    return columns


def _hits(matched: Any) -> Any:
    return sa.select(*_row(_HITS, number=sa.func.count())).select_from(matched)


def _page(
    matched: Any,
    keys: list[tuple[Any, bool]],
    score: Any,
    stored: list[str],
    params: SearchParams,
) -> Any:
    """The page's rows: the top ``rows`` after ``start``, then their documents."""

    def order(source: Any) -> list[Any]:
        terms = []
        for i, (_, descending) in enumerate(keys):
            key = source.c[f"s{i}"]
            terms.append((key.desc() if descending else key.asc()).nulls_last())
        # Equal keys keep index order, as Lucene keeps document order.
        return [*terms, source.c.seq.asc()]

    chosen = (
        sa.select(matched)
        .order_by(*order(matched))
        .limit(params.rows)
        .offset(params.start)
        .subquery("chosen")
    )
    rank = sa.func.row_number().over(order_by=order(chosen))
    values = {name: COLUMNS[name] for name in stored}
    return sa.select(
        *_row(_DOC, rank, doc=COLUMNS.doc, score=score, **values)
    ).select_from(chosen.join(INDEX, INDEX.c.index_id == chosen.c.index_id))


def _facets(matched: Any, fields: list[str], params: SearchParams) -> list[Any]:
    """Per faceted field, its values' counts among the matched rows.

    The rows are first counted by their whole list of values -- few distinct
    lists (an organisation, a sector or two) among thousands of rows --, then
    those lists are split into values: splitting every row's list cost most of
    a search's facet time (at 25,000 matched rows, ten facets took 210 ms,
    now 135 ms). A value is in a row's list once (``document``), so the sums
    are the numbers of rows holding each value."""
    parts = []
    for i, name in enumerate(fields):
        lists = matched.c[f"f{i}"]
        grouped = (
            sa.select(lists.label("list"), sa.func.count().label("rows"))
            .group_by(lists)
            .subquery()
        )
        values = sa.select(
            sa.func.jsonb_array_elements_text(grouped.c.list).label("value"),
            grouped.c.rows,
        ).subquery()
        count = sa.cast(sa.func.sum(values.c.rows), sa.BigInteger)
        part = (
            sa.select(
                *_row(
                    _FACET,
                    sa.literal(params.facet_fields.index(name)),
                    value=values.c.value,
                    number=count,
                )
            )
            .group_by(values.c.value)
            .having(count >= params.facet_mincount)
            .order_by(count.desc(), values.c.value.collate("C"))
        )
        if params.facet_limit >= 0:
            part = part.limit(params.facet_limit)
        parts.append(part.subquery().select())
    return parts


def _document(row: Any, wanted: set[str], stored: list[str]) -> dict[str, Any]:
    """The Solr document of a page row, with only the ``fl`` fields."""
    if "*" in wanted:
        doc = dict(row.doc)
    else:
        doc = {name: row.doc[name] for name in wanted if name in row.doc}
    for name in stored:
        if getattr(row, name) is not None:
            doc[name] = getattr(row, name)
    if "score" in wanted:
        doc["score"] = float(row.score)
    return doc
