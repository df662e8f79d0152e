"""The Solr request parameters CKAN sends, read and checked like Solr does."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pysolr

from .errors import QueryError

__all__ = ["SearchParams", "min_should_match"]


def _one(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return value[-1] if value else None
    return value


def _many(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [str(item) for item in items if item is not None]


def _int(raw: dict[str, Any], name: str, default: int) -> int:
    value = _one(raw.get(name))
    if value is None or value == "":
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        raise QueryError(
            f"Invalid value for '{name}': {str(value)[:40]!r} is not an integer"
        ) from None


def _text(value: Any) -> str:
    # PostgreSQL text cannot carry NUL; Solr ignores it too.
    return ("" if value is None else str(value)).replace("\x00", "")


@dataclass
class SearchParams:
    q: str
    fq: list[str]
    rows: int = 10
    start: int = 0
    sort: list[tuple[str, bool]] = field(default_factory=lambda: [("score", True)])
    fields: set[str] = field(default_factory=lambda: {"*"})
    def_type: str = "lucene"
    q_op: str = "OR"
    df: str = "text"
    mm: str = "100%"
    bf: list[str] = field(default_factory=list)
    facet_fields: list[str] = field(default_factory=list)
    facet_limit: int = 100
    facet_mincount: int = 1

    @classmethod
    def parse(cls, q: Any, raw: dict[str, Any]) -> SearchParams:
        query = _text(_one(q if q is not None else raw.get("q"))) or "*:*"
        fq = [_text(v) for v in _many(raw.get("fq")) + _many(raw.get("fq_list"))]
        params = cls(q=query, fq=[v for v in fq if v.strip()])
        params.rows = _int(raw, "rows", 10)
        params.start = _int(raw, "start", 0)
        if params.rows < 0:
            raise QueryError("'rows' parameter cannot be negative")
        if params.start < 0:
            raise QueryError("'start' parameter cannot be negative")
        if raw.get("sort"):
            params.sort = parse_sort(_text(_one(raw["sort"])))
        fl = " ".join(_many(raw.get("fl"))).replace(",", " ").split()
        if fl:
            params.fields = set(fl)
        params.def_type = _text(_one(raw.get("defType")) or "lucene").lower()
        params.q_op = _text(_one(raw.get("q.op")) or "OR").upper()
        params.df = _text(_one(raw.get("df")) or "text")
        params.mm = _text(_one(raw.get("mm")) or "100%")
        params.bf = [_text(v) for v in _many(raw.get("bf")) if _text(v).strip()]
        if str(_one(raw.get("facet", "false"))).lower() == "true":
            params.facet_fields = [_text(v) for v in _many(raw.get("facet.field"))]
            params.facet_limit = _int(raw, "facet.limit", 100)
            # Solr lists zero counts when asked; those would name values of
            # datasets the user may not see, so at least one hit is required.
            params.facet_mincount = max(1, _int(raw, "facet.mincount", 1))
        return params


def parse_sort(text: str) -> list[tuple[str, bool]]:
    """``"score desc, metadata_modified desc"`` -> ``[("score", True), ...]``.

    A key may be a function (``termfreq(f,'a,b') desc``): commas inside its
    parentheses or quotes do not separate keys.
    """
    order = []
    for spec in _split_sort(text):
        words = spec.rsplit(None, 1)
        if not words:
            continue
        if len(words) != 2 or words[1].lower() not in ("asc", "desc"):
            # CKAN recognises Solr's wording and answers 'Invalid "sort" parameter'.
            raise pysolr.SolrError(
                "Can't determine a Sort Order (asc or desc) in sort spec "
                f"'{spec.strip()}'"
            )
        key = words[0].strip()
        if "(" not in key and len(key.split()) > 1:
            raise pysolr.SolrError(
                "Can't determine a Sort Order (asc or desc) in sort spec "
                f"'{spec.strip()}'"
            )
        order.append((key, words[1].lower() == "desc"))
    return order or [("score", True)]


def _split_sort(text: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth, quote, escaped = 0, "", False
    for char in text:
        if escaped:
            escaped = False
        elif quote and char == "\\":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth <= 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


def min_should_match(spec: str) -> Callable[[int], int]:
    """Solr's ``mm``: how many optional clauses of ``n`` must match."""
    spec = spec.strip() or "100%"
    rules: list[tuple[int, str]] = []
    try:
        for condition in spec.split():
            if "<" in condition:
                threshold, value = condition.split("<", 1)
                rules.append((int(threshold), value))
                _apply(value, 1)
            elif len(spec.split()) == 1:
                _apply(condition, 1)
            else:
                raise ValueError(condition)
    except ValueError:
        raise QueryError(f"Invalid 'mm' parameter: {spec[:40]!r}") from None
    rules.sort()

    def needed(count: int) -> int:
        if not rules:
            result = _apply(spec, count)
        else:
            result = count
            for threshold, value in rules:
                if count > threshold:
                    result = _apply(value, count)
        return max(1, min(count, result))

    return needed


def _apply(value: str, count: int) -> int:
    if value.endswith("%"):
        percent = int(value[:-1])
        if percent < 0:
            return count - math.floor(count * -percent / 100)
        return math.floor(count * percent / 100)
    number = int(value)
    return count + number if number < 0 else number
