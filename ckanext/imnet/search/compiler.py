"""Compile luqum syntax trees into SQLAlchemy conditions on the index table.

Every user value reaches PostgreSQL as a bound parameter; field names are
looked up in the Solr schema (``fields``) and also bound, never spliced into
SQL text. Matching follows the Solr field type:

* the default field ``text`` and other stemmed text fields use PostgreSQL
  full-text search (``tsvector @@ tsquery``); Myanmar-script words, which are
  written without spaces between them, match by prefix;
* exact fields (strings, numbers, dates, booleans) use JSONB containment on
  the normalised ``terms``, with ranges and wildcards as ``EXISTS`` over the
  field's values;
* n-gram fields (autocomplete) match substrings.

Boolean logic follows Lucene's ``BooleanQuery``: MUST, SHOULD and MUST_NOT
clauses, ``q.op`` for implicit operators and DisMax's minimum-should-match.
Clauses that analyse to nothing (stop words, lone punctuation) are dropped
like Solr drops them, by combining default-field terms with the ``tsquery``
operators, which ignore empty operands.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from luqum import tree as lq
from sqlalchemy.sql.elements import ColumnElement

from ckanext.imnet.model.search_index import SearchIndexEntry

from . import datemath, wildcards
from .document import solr_date
from .errors import QueryError
from .fields import Kind, SolrSchema
from .layout import TERMS
from .lucene import has_wildcard, unescape

__all__ = [
    "Compiler",
    "Cond",
    "MATCH_ALL",
    "Text",
    "all_of",
    "TEXT_CONFIG",
    "GENERAL_CONFIG",
    "rank",
    "regconfig",
    "MinShouldMatch",
]

INDEX = SearchIndexEntry.__table__
COLUMNS = INDEX.c

# Created by the imnet_search migrations: English stemming, no stop words.
TEXT_CONFIG = "imnet_english"
GENERAL_CONFIG = "simple"
# ts_rank weights for D, C, B, A (see document.WEIGHTS), after CKAN's
# ``qf = name^4 title^4 tags^2 groups^2 text``.
RANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"

# Myanmar, Myanmar Extended-A and -B: words run together without spaces.
_MYANMAR = re.compile("[\u1000-\u109f\uaa60-\uaa7f\ua9e0-\ua9ff]")


def regconfig(name: str) -> ColumnElement:
    # Only the two constants above ever reach this.
    return sa.literal_column(f"'{name}'::regconfig")


@dataclass(frozen=True)
class Text:
    """A ``tsquery`` over the default search field."""

    tsquery: ColumnElement


@dataclass(frozen=True)
class Cond:
    """A boolean SQL condition; ``contains`` when it is ``terms @> contains``
    (such conditions joined by AND are tested as one: ``terms`` read once)."""

    expr: ColumnElement
    contains: dict[str, list[str]] | None = None


def _containment(contains: dict[str, list[str]]) -> Cond:
    return Cond(TERMS.contains(contains), contains)


def _merge_containments(clauses: list[Text | Cond]) -> list[Text | Cond]:
    """The clauses, their ``terms @> ...`` ones merged into one (same meaning:
    a document contains every value of every one)."""
    tests = [c for c in clauses if isinstance(c, Cond) and c.contains is not None]
    if len(tests) < 2:
        return clauses
    merged: dict[str, list[str]] = {}
    for test in tests:
        for name, values in (test.contains or {}).items():
            kept = merged.setdefault(name, [])
            kept += [v for v in values if v not in kept]
    others = [c for c in clauses if not (isinstance(c, Cond) and c.contains)]
    return [_containment(merged), *others]


Clause = Text | Cond | None
MATCH_ALL = Cond(sa.true())


class Occur(enum.Enum):
    MUST = "must"
    SHOULD = "should"
    MUST_NOT = "must_not"


MinShouldMatch = Callable[[int], int]


def _as_cond(clause: Text | Cond) -> ColumnElement:
    if isinstance(clause, Text):
        return COLUMNS.search_vector.op("@@")(clause.tsquery)
    return clause.expr


def _balanced(combine: Any, items: list[Any]) -> Any:
    """``combine`` applied over ``items`` as a balanced tree: a long query
    nests its SQL log(n) deep, not n deep (which would overflow the stack
    of SQLAlchemy's compiler)."""
    while len(items) > 1:
        pairs = zip(items[::2], items[1::2], strict=False)
        paired = [combine(a, b) for a, b in pairs]
        items = paired + ([items[-1]] if len(items) % 2 else [])
    return items[0]


def _and(clauses: list[Text | Cond]) -> Text | Cond:
    if len(clauses) == 1:
        return clauses[0]
    texts = [c for c in clauses if isinstance(c, Text)]
    if len(texts) == len(clauses):
        return Text(_balanced(sa.func.tsquery_and, [c.tsquery for c in texts]))
    clauses = _merge_containments(clauses)
    if len(clauses) == 1:
        return clauses[0]
    return Cond(sa.and_(*[_as_cond(c) for c in clauses]))


def all_of(clauses: list[Text | Cond]) -> ColumnElement:
    """The condition that every clause holds (a query and its filters)."""
    kept = [c for c in clauses if c is not MATCH_ALL] or [MATCH_ALL]
    return _as_cond(_and(kept))


def _or(clauses: list[Text | Cond]) -> Text | Cond:
    if len(clauses) == 1:
        return clauses[0]
    texts = [c for c in clauses if isinstance(c, Text)]
    if len(texts) == len(clauses):
        return Text(_balanced(sa.func.tsquery_or, [c.tsquery for c in texts]))
    return Cond(sa.or_(*[_as_cond(c) for c in clauses]))


def _not(clause: Text | Cond) -> Text | Cond:
    if isinstance(clause, Text):
        return Text(sa.func.tsquery_not(clause.tsquery))
    return Cond(sa.not_(clause.expr))


def _at_least(count: int, clauses: list[Text | Cond]) -> Cond:
    hits: list[Any] = [sa.case((_as_cond(c), 1), else_=0) for c in clauses]
    # The OR lets PostgreSQL use the indexes before counting matches.
    total = _balanced(lambda a, b: a + b, hits)
    return Cond(sa.and_(_as_cond(_or(clauses)), total >= count))


def _quote_lexeme(text: str) -> str:
    """Quote text as one ``tsquery`` operand (it still goes in as a parameter)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _prefix_tsquery(analysis: Any, head: str) -> ColumnElement:
    """``head*`` on a stemmed field: stems that begin with ``head`` as typed
    (Solr's rule: ``cens*`` finds "census"), or the stem of ``head`` itself
    (``population*`` finds "population", whose stem is "popul"). Not stems
    that begin with the stem of ``head``: "cens" is "cen", and "central" is
    no match for ``cens*``."""
    quoted = _quote_lexeme(head)
    as_typed = sa.func.to_tsquery(regconfig(GENERAL_CONFIG), quoted + ":*")
    return as_typed.op("||")(sa.func.to_tsquery(analysis, quoted))


def _words(values: Any) -> ColumnElement:
    """The words of text ``values`` as written, in lower case, as a tsvector."""
    return sa.func.to_tsvector(regconfig(GENERAL_CONFIG), values)


def _phrase_text(raw: str) -> str:
    return unescape(raw[1:-1]) if len(raw) >= 2 else ""


def rank(tsquery: ColumnElement | None) -> ColumnElement:
    if tsquery is None:
        return sa.literal(1.0, sa.Float)
    return sa.func.ts_rank(
        sa.literal_column(f"'{RANK_WEIGHTS}'::float4[]"), COLUMNS.search_vector, tsquery
    )


class Compiler:
    """Compiles the trees of one request; collects the terms that score it."""

    def __init__(
        self,
        schema: SolrSchema,
        default_field: str = "text",
        default_operator: str = "AND",
    ) -> None:
        self.schema = schema
        self.default_field = default_field or "text"
        self.default_occur = (
            Occur.SHOULD if str(default_operator).upper() == "OR" else Occur.MUST
        )
        self.rank_terms: list[ColumnElement] = []
        self._negated = 0

    # -- entry points -----------------------------------------------------

    def condition(
        self, tree: lq.Item | None, min_should: MinShouldMatch | None = None
    ) -> ColumnElement:
        """The SQL condition for a whole query (no clauses: nothing matches)."""
        return _as_cond(self.clause(tree, min_should))

    def clause(
        self, tree: lq.Item | None, min_should: MinShouldMatch | None = None
    ) -> Text | Cond:
        """The clause of a whole query, to be joined with others by
        ``all_of`` (no clauses: nothing matches)."""
        clause = self._visit(tree, None, min_should) if tree is not None else None
        return Cond(sa.false()) if clause is None else clause

    def rank_query(self) -> ColumnElement | None:
        if not self.rank_terms:
            return None
        return _balanced(sa.func.tsquery_or, self.rank_terms)

    # -- tree walking -----------------------------------------------------

    def _visit(
        self, node: lq.Item, field: str | None, min_should: MinShouldMatch | None = None
    ) -> Clause:
        if isinstance(node, lq.SearchField):
            if field is not None:
                raise QueryError(
                    f"Cannot parse the query: field '{node.name}' inside '{field}'"
                )
            if node.name == "*":
                if isinstance(node.expr, lq.Word) and node.expr.value == "*":
                    return MATCH_ALL
                return self._visit(node.expr, self.default_field)
            return self._visit(node.expr, node.name)
        if isinstance(node, (lq.Group, lq.FieldGroup)):
            return self._visit(node.expr, field, min_should)
        if isinstance(node, lq.AndOperation):
            return self._boolean(node.children, field, Occur.MUST)
        if isinstance(node, lq.OrOperation):
            return self._boolean(node.children, field, Occur.SHOULD)
        if isinstance(node, lq.UnknownOperation):
            return self._boolean(node.children, field, self.default_occur, min_should)
        if isinstance(node, (lq.Not, lq.Prohibit)):
            return self._boolean([node], field, Occur.MUST)
        if isinstance(node, lq.Plus):
            return self._visit(node.a, field)
        if isinstance(node, lq.Boost):
            return self._visit(node.expr, field)
        if isinstance(node, (lq.Fuzzy, lq.Proximity)):
            return self._visit(node.term, field)
        return self._leaf(node, field or self.default_field)

    def _boolean(
        self,
        children: list[lq.Item],
        field: str | None,
        default: Occur,
        min_should: MinShouldMatch | None = None,
    ) -> Clause:
        groups: dict[Occur, list[Text | Cond]] = {occur: [] for occur in Occur}
        for child in children:
            occur, inner = default, child
            if isinstance(child, (lq.Not, lq.Prohibit)):
                occur, inner = Occur.MUST_NOT, child.a
            elif isinstance(child, lq.Plus):
                occur, inner = Occur.MUST, child.a
            if occur is Occur.MUST_NOT:
                self._negated += 1
            try:
                clause = self._visit(inner, field)
            finally:
                if occur is Occur.MUST_NOT:
                    self._negated -= 1
            if clause is not None:
                groups[occur].append(clause)

        musts, shoulds, nots = (groups[o] for o in Occur)
        if not (musts or shoulds or nots):
            return None
        if musts:
            # With MUST clauses present, SHOULD clauses only add to the score.
            positive: Text | Cond = _and(musts)
        elif shoulds:
            needed = min_should(len(shoulds)) if min_should else 1
            if needed <= 1:
                positive = _or(shoulds)
            elif needed >= len(shoulds):
                positive = _and(shoulds)
            else:
                positive = _at_least(needed, shoulds)
        else:
            # A purely negative query means "everything except", as in Solr.
            positive = MATCH_ALL
        if not nots:
            return positive
        excluded = _not(_or(nots))
        if positive is MATCH_ALL:
            return excluded
        return _and([positive, excluded])

    # -- leaves -----------------------------------------------------------

    def _leaf(self, node: lq.Item, field: str) -> Clause:
        if isinstance(node, lq.Regex):
            raise QueryError("Regular expression queries are not supported")
        if field == self.default_field or field == "text":
            return self._default_text(node)
        spec = self.schema.field(field)
        if spec is None:
            raise QueryError(f"undefined field {field}")
        if spec.kind is Kind.NGRAM:
            return self._ngram(node, field)
        if spec.kind.is_text:
            return self._field_text(node, field, spec.kind)
        return self._exact(node, field, spec.kind)

    def _default_text(self, node: lq.Item) -> Clause:
        if isinstance(node, lq.Word) and has_wildcard(node.value):
            if wildcards.is_match_any(node.value):
                return MATCH_ALL
            if not wildcards.is_prefix(node.value):
                # The stems of every field, or a word of a text field as written.
                words = sa.func.coalesce(
                    COLUMNS.texts, sa.literal_column("'{}'::jsonb")
                )
                return Cond(
                    sa.or_(
                        wildcards.lexeme_like(COLUMNS.search_vector, node.value),
                        wildcards.lexeme_like(_words(words), node.value),
                    )
                )
        tsquery = self._tsquery(node, TEXT_CONFIG, "text")
        if not self._negated:
            self.rank_terms.append(tsquery)
        return Text(tsquery)

    def _field_text(self, node: lq.Item, field: str, kind: Kind) -> Clause:
        values = sa.func.coalesce(
            COLUMNS.texts[field], sa.literal_column("'[]'::jsonb")
        )
        config = TEXT_CONFIG if kind is Kind.TEXT else GENERAL_CONFIG
        vector = sa.func.to_tsvector(regconfig(config), values)
        if isinstance(node, lq.Word) and has_wildcard(node.value):
            if wildcards.is_match_any(node.value):
                return Cond(COLUMNS.texts.has_key(field))
            if not wildcards.is_prefix(node.value):
                # A stem, as Solr matches; or a word as written ("*rakhine*"
                # when the stem is "rakhin").
                match = wildcards.lexeme_like(vector, node.value)
                if config != GENERAL_CONFIG:
                    match = sa.or_(
                        match, wildcards.lexeme_like(_words(values), node.value)
                    )
                return Cond(match)
        tsquery = self._tsquery(node, config, field)
        condition: Any = vector.op("@@")(tsquery)
        if kind is Kind.TEXT and "text" in self.schema.copy_targets(field):
            # Same analysis as the indexed default field: narrow with its index.
            condition = sa.and_(COLUMNS.search_vector.op("@@")(tsquery), condition)
            if not self._negated:
                self.rank_terms.append(tsquery)
        return Cond(condition)

    def _tsquery(self, node: lq.Item, config: str, field: str) -> ColumnElement:
        analysis = regconfig(config)
        if isinstance(node, lq.Phrase):
            return sa.func.phraseto_tsquery(analysis, _phrase_text(node.value))
        if isinstance(node, lq.Word):
            if has_wildcard(node.value):
                return _prefix_tsquery(analysis, wildcards.prefix(node.value))
            text = unescape(node.value)
            if _MYANMAR.search(text):
                return sa.func.to_tsquery(analysis, _quote_lexeme(text) + ":*")
            return sa.func.plainto_tsquery(analysis, text)
        raise QueryError(f"Range queries are not supported on the text field '{field}'")

    def _ngram(self, node: lq.Item, field: str) -> Clause:
        if isinstance(node, lq.Phrase):
            text = _phrase_text(node.value)
        elif isinstance(node, lq.Word):
            text = unescape(node.value).replace("*", " ").replace("?", " ")
        else:
            raise QueryError(f"Range queries are not supported on '{field}'")
        tokens = text.lower().split()
        if not tokens:
            return None
        values = sa.func.jsonb_array_elements_text(COLUMNS.texts[field]).table_valued(
            "value"
        )
        lowered = sa.func.lower(values.c.value)
        return Cond(
            sa.exists()
            .select_from(values)
            .where(*[lowered.contains(token, autoescape=True) for token in tokens])
        )

    def _exact(self, node: lq.Item, field: str, kind: Kind) -> Clause:
        if isinstance(node, (lq.Range, lq.From, lq.To)):
            return self._range(node, field, kind)
        if isinstance(node, lq.Phrase):
            return self._equals(field, kind, _phrase_text(node.value))
        if not isinstance(node, lq.Word):
            raise QueryError(f"Cannot parse the value of '{field}'")
        raw = node.value
        if has_wildcard(raw):
            if wildcards.is_match_any(raw):
                return Cond(TERMS.has_key(field))
            if kind is not Kind.STRING:
                raise QueryError(
                    f"Wildcards are only supported on string fields, not '{field}'"
                )
            values = self._values(field)
            return Cond(
                sa.exists()
                .select_from(values)
                .where(values.c.value.like(wildcards.like_pattern(raw), escape="\\"))
            )
        return self._equals(field, kind, unescape(raw))

    def _equals(self, field: str, kind: Kind, text: str) -> Cond:
        term = self._term(field, kind, text)
        return _containment({field: [term]})

    def _term(self, field: str, kind: Kind, text: str) -> str:
        if kind is Kind.DATE:
            return solr_date(datemath.evaluate(text))
        if kind is Kind.BOOLEAN:
            return "true" if text.strip().lower() == "true" else "false"
        if kind.is_numeric:
            try:
                number = float(text) if kind is Kind.FLOAT else int(text)
            except ValueError:
                raise QueryError(
                    f"Invalid Number: '{text}' for field '{field}'"
                ) from None
            return repr(number) if kind is Kind.FLOAT else str(number)
        return text

    def _values(self, field: str):
        return sa.func.jsonb_array_elements_text(TERMS[field]).table_valued("value")

    def _range(self, node: lq.Item, field: str, kind: Kind) -> Cond:
        if isinstance(node, lq.Range):
            low, high = node.low, node.high
            include_low, include_high = node.include_low, node.include_high
        elif isinstance(node, lq.From):
            low, high, include_low, include_high = node.a, None, node.include, True
        else:
            low, high, include_low, include_high = None, node.a, True, node.include
        values = self._values(field)
        if kind.is_numeric:
            value = sa.cast(values.c.value, sa.Numeric)
        else:
            value = values.c.value.collate("C")
        bounds = []
        for bound, include, is_low in (
            (low, include_low, True),
            (high, include_high, False),
        ):
            text = self._bound_text(bound)
            if text is None:
                continue
            param = self._bound_value(field, kind, text)
            if is_low:
                bounds.append(value >= param if include else value > param)
            else:
                bounds.append(value <= param if include else value < param)
        if not bounds:
            return Cond(TERMS.has_key(field))
        return Cond(sa.exists().select_from(values).where(*bounds))

    @staticmethod
    def _bound_text(bound: lq.Item | None) -> str | None:
        if bound is None:
            return None
        if isinstance(bound, lq.Phrase):
            return _phrase_text(bound.value)
        if isinstance(bound, lq.Word):
            return None if bound.value == "*" else unescape(bound.value)
        raise QueryError("Cannot parse a range bound")

    def _bound_value(self, field: str, kind: Kind, text: str):
        if kind is Kind.DATE:
            return solr_date(datemath.evaluate(text))
        if kind.is_numeric:
            try:
                return float(text)
            except ValueError:
                raise QueryError(
                    f"Invalid Number: '{text}' for field '{field}'"
                ) from None
        return text
