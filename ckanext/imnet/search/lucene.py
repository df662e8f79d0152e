"""Parse the query languages CKAN sends to Solr into luqum syntax trees.

Two parsers, as in Solr:

* the standard Lucene parser (``defType=lucene``, and every ``fq``);
* DisMax (``defType=dismax``/``edismax``, what CKAN uses for ``q`` without a
  colon): only quotes, ``+``/``-`` and ``AND``/``OR``/``NOT`` are syntax, every
  other special character is a literal, unbalanced quotes are dropped, and the
  parser never fails on user input.

Both produce luqum trees; ``compiler`` turns a tree into parameterised SQL.
"""

from __future__ import annotations

import threading

from luqum.exceptions import ParseError
from luqum.parser import parser as _luqum_parser
from luqum.tree import Item

from .errors import QueryError

__all__ = ["parse_lucene", "parse_dismax", "unescape", "has_wildcard"]

# luqum's PLY parser keeps state between calls; CKAN may serve threads.
_lock = threading.Lock()

# What luqum raises for bad input: its own errors, and a few from building
# nodes (eg. decimal.InvalidOperation, an ArithmeticError, for "~.").
_PARSE_ERRORS = (ParseError, RecursionError, ArithmeticError, ValueError, TypeError)

# Characters the Lucene parser treats as syntax. DisMax keeps ``"``, ``+`` and
# ``-`` as syntax and escapes the rest (Solr's ``partialEscape``).
_DISMAX_ESCAPED = set("\\!():^[]{}~*?/&|")


def _parse(text: str) -> Item:
    with _lock:
        return _luqum_parser.parse(text)


def parse_lucene(text: str, param: str = "q") -> Item:
    """Parse standard Lucene syntax; bad syntax is the client's error."""
    if not text.strip():
        raise QueryError(f"Cannot parse '{param}': the query is empty")
    try:
        return _parse(text)
    except _PARSE_ERRORS as error:
        raise QueryError(
            f"Cannot parse '{param}={_shorten(text)}': {_describe(error)}"
        ) from None


def parse_dismax(text: str) -> Item | None:
    """Parse a DisMax user query. Returns ``None`` for a query with no terms."""
    for word in text.split():
        # Solr rejects doubled operators ("--included") even in DisMax.
        if len(word) > 1 and word[0] in "+-" and word[1] in "+-":
            raise QueryError(
                f"Cannot parse '{_shorten(text)}': unexpected '{word[1]}' in '{word}'"
            )
    escaped = _dismax_escape(text)
    if not escaped.strip():
        return None
    try:
        return _parse(escaped)
    except _PARSE_ERRORS:
        pass
    # Dangling operators ("foo -", "AND", "a OR"): Solr's DisMax drops them;
    # we read every word as a literal term instead of failing.
    literal = " ".join(
        '"' + word.replace('"', "") + '"'
        for word in escaped.split()
        if word.replace('"', "").strip("+-")
    )
    if not literal:
        return None
    try:
        return _parse(literal)
    except _PARSE_ERRORS:
        return None


def _dismax_escape(text: str) -> str:
    # Solr drops the last quote when quotes are unbalanced.
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + text[cut + 1 :]
    out = []
    for char in text:
        if char in _DISMAX_ESCAPED:
            out.append("\\")
        out.append(char)
    return "".join(out)


def unescape(value: str) -> str:
    """Drop Lucene backslash escapes: ``country\\-sweden`` -> ``country-sweden``."""
    out = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            out.append(next(chars, ""))
        else:
            out.append(char)
    return "".join(out)


def has_wildcard(value: str) -> bool:
    """True if the raw term has an unescaped ``*`` or ``?``."""
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "*?":
            return True
    return False


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _describe(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "the query is nested too deeply"
    if not isinstance(error, ParseError):
        return "invalid syntax"
    message = str(error)
    if "unexpected end of expression" in message:
        return (
            "unexpected end of query (unbalanced parentheses or a dangling operator?)"
        )
    if "Illegal character" in message:
        return message.replace("Illegal character", "unexpected character")
    return message.replace("Syntax error in input : ", "").strip()
