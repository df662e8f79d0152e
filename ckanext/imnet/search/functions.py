"""Solr function queries, for the function ``frange`` filters, ``bf`` boosts and
function sorts that extensions send -- ckanext-spatial's bounding-box search
and this package's place search::

    fq={!frange incl=false l=0 u=1}div(mul(mul(max(0,sub(min(97,maxx),...
    bf=div(mul(...))
    sort=max(mul(2,termfreq(imnet_places,'MMR012001')),...) desc,score desc

Functions are parsed with a small recursive-descent parser (numbers, field
names and ``add``, ``sub``, ``mul``, ``div``, ``min``, ``max``, ``abs``,
``termfreq``) into SQL arithmetic over the index fields; values are bound
parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from .errors import QueryError
from .fields import Kind, SolrSchema

__all__ = ["parse_function", "frange", "FRange"]

_FUNCTIONS = {"add", "sub", "mul", "div", "min", "max", "abs", "termfreq"}
_QUOTES = "'\""
_MAX_DEPTH = 64


@dataclass
class FRange:
    function: str
    lower: float | None
    upper: float | None
    include_lower: bool
    include_upper: bool


class _Parser:
    def __init__(self, text: str, schema: SolrSchema, column) -> None:
        self.text = text
        self.pos = 0
        self.schema = schema
        self.column = column  # layout.TERMS: each field's JSON list of strings

    def error(self, what: str) -> QueryError:
        return QueryError(f"Cannot parse function '{self.text[:80]}': {what}")

    def peek(self) -> str:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.error(f"expected '{char}' at position {self.pos}")
        self.pos += 1

    def word(self) -> str:
        self.peek()
        start = self.pos
        while self.pos < len(self.text) and (
            self.text[self.pos].isalnum() or self.text[self.pos] in "_.-+"
        ):
            self.pos += 1
        return self.text[start : self.pos]

    def expression(self, depth: int = 0) -> ColumnElement:
        if depth > _MAX_DEPTH:
            raise self.error("nested too deeply")
        token = self.word()
        if not token:
            raise self.error(f"expected a number, field or function at {self.pos}")
        try:
            return sa.literal(float(token), sa.Float)
        except ValueError:
            pass
        if self.peek() == "(":
            if token not in _FUNCTIONS:
                raise self.error(f"unsupported function '{token}'")
            self.expect("(")
            if token == "termfreq":
                return self.termfreq()
            args = [self.expression(depth + 1)]
            while self.peek() == ",":
                self.expect(",")
                args.append(self.expression(depth + 1))
            self.expect(")")
            return self.apply(token, args)
        spec = self.schema.field(token)
        if spec is None or not spec.kind.is_numeric:
            raise self.error(f"'{token}' is not a numeric field")
        return sa.cast(self.column[token][0].astext, sa.Float)

    def literal(self) -> str:
        """A quoted string (``'x'`` or ``"x"``, backslash escapes) or a bare word."""
        quote = self.peek()
        if not quote or quote not in _QUOTES:
            return self.word()
        self.pos += 1
        out = []
        while self.pos < len(self.text) and self.text[self.pos] != quote:
            if self.text[self.pos] == "\\":
                self.pos += 1
            out.append(self.text[self.pos : self.pos + 1])
            self.pos += 1
        self.expect(quote)
        return "".join(out)

    def termfreq(self) -> ColumnElement:
        """``termfreq(field,'term')``: 1 if a string field holds the term, else 0.

        Solr counts the term's occurrences; a value is listed once per field
        in this package's documents, so presence is the same number.
        """
        name = self.word()
        spec = self.schema.field(name)
        if spec is None or spec.kind is not Kind.STRING:
            raise self.error(f"termfreq needs a string field, not '{name}'")
        self.expect(",")
        term = self.literal()
        self.expect(")")
        present = self.column.contains({name: [term]})
        return sa.case((present, 1.0), else_=0.0)

    def apply(self, name: str, args: list[ColumnElement]) -> ColumnElement:
        if name == "abs":
            if len(args) != 1:
                raise self.error("abs takes one argument")
            return sa.func.abs(args[0])
        if len(args) < 2:
            raise self.error(f"{name} takes at least two arguments")
        if name in ("min", "max"):
            return (sa.func.least if name == "min" else sa.func.greatest)(*args)
        result = args[0]
        for arg in args[1:]:
            if name == "add":
                result = result + arg
            elif name == "sub":
                result = result - arg
            elif name == "mul":
                result = result * arg
            else:
                # Solr's div by zero gives infinity or NaN; no row matches then.
                result = result / sa.func.nullif(arg, 0.0)
        return result


def parse_function(text: str, schema: SolrSchema, column) -> ColumnElement:
    parser = _Parser(text, schema, column)
    expression = parser.expression()
    if parser.peek():
        raise parser.error(f"unexpected '{parser.peek()}' at position {parser.pos}")
    return expression


def parse_frange(local_params: dict[str, str], function: str) -> FRange:
    def number(key: str) -> float | None:
        if local_params.get(key) in (None, "", "*"):
            return None
        try:
            return float(local_params[key])
        except ValueError:
            raise QueryError(f"Invalid number for '{key}' in frange") from None

    def flag(key: str) -> bool:
        return local_params.get(key, "true").lower() != "false"

    return FRange(function, number("l"), number("u"), flag("incl"), flag("incu"))


def frange(spec: FRange, schema: SolrSchema, column) -> ColumnElement:
    """Documents whose function value lies in the range (none without a value).

    The value is computed once per document: a range containing it, rather
    than one comparison per bound (the map's box search reads four fields).
    """
    value = parse_function(spec.function, schema, column)
    bounds = ("[" if spec.include_lower else "(") + ("]" if spec.include_upper else ")")
    lower, upper = (sa.literal(bound, sa.Numeric) for bound in (spec.lower, spec.upper))
    allowed = sa.func.numrange(lower, upper, bounds)
    return allowed.op("@>")(sa.cast(value, sa.Numeric))
