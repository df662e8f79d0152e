"""Lucene wildcard terms (``wat*``, ``*ater*``, ``w?ter``) as SQL conditions.

Solr matches a wildcard term against the terms a field indexed, lowercased
but not otherwise analysed: on a stemmed text field, against the stems.
PostgreSQL's ``tsquery`` only knows prefixes (``wat:*``), which serve the
common trailing ``*`` with the text index (stems beginning with the prefix
as typed, or the prefix's own stem: ``population*`` finds "population",
stored as "popul"; see ``compiler._prefix_tsquery``). Any other pattern --
a leading wildcard, one inside the word, a ``?`` -- is matched here on the
lexemes of a ``tsvector``: as Solr does, on the stems; and, since people
type words rather than stems, also on the words of the text fields as written
(``*rakhine*`` finds "Rakhine", whose stem is "rakhin"); on exact fields, on
the values. Such a pattern reads every candidate row, as it does in Solr.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

__all__ = ["is_match_any", "is_prefix", "lexeme_like", "like_pattern", "prefix"]


def like_pattern(raw: str) -> str:
    """A Lucene wildcard term as a LIKE pattern with ``\\`` as escape."""
    out = []
    chars = iter(raw)
    for char in chars:
        if char == "\\":
            char = next(chars, "")
            out.append("\\" + char if char in "%_\\" else char)
        elif char == "*":
            out.append("%")
        elif char == "?":
            out.append("_")
        else:
            out.append("\\" + char if char in "%_" else char)
    return "".join(out)


def prefix(raw: str) -> str:
    """The literal text before the first unescaped wildcard."""
    out = []
    chars = iter(raw)
    for char in chars:
        if char == "\\":
            out.append(next(chars, ""))
        elif char in "*?":
            break
        else:
            out.append(char)
    return "".join(out)


def is_match_any(raw: str) -> bool:
    """True for a term of stars only (``*``): any value at all."""
    return bool(raw) and set(raw) <= {"*"}


def is_prefix(raw: str) -> bool:
    """True for ``literal*``: a non-blank literal, then one ``*`` at the end."""
    head = prefix(raw)
    return bool(head.strip()) and like_pattern(raw) == like_pattern(head) + "%"


def lexeme_like(vector: ColumnElement, raw: str) -> ColumnElement:
    """True where a lexeme of ``vector`` matches the wildcard term ``raw``
    (compared in lower case, as Solr compares wildcard terms)."""
    lexeme = sa.func.unnest(sa.func.tsvector_to_array(vector)).column_valued("lexeme")
    return sa.exists().where(lexeme.like(like_pattern(raw.lower()), escape="\\"))
