"""Answers of recent searches, kept until the index next changes.

Solr keeps the results and facet counts of recent queries in memory
(``queryResultCache``, ``filterCache``) and drops them when a commit opens a
new searcher. This does the same for the embedded backend: the answer of a
search is kept in this process under the *generation* of the index, which
every index write and delete advances (``bump``), so the next search after
any change, in any process, is answered from the table again.

The generation is read with each search: the index sequence's last value
(every row written draws from it) and the index table's identity (a table
dropped and made again, as CKAN's test reset does, starts a new one).
A write advances it again once committed, so an answer computed while a
write was under way is never found after the write. A search whose answer
depends on the time (Solr date math: ``NOW``) is never kept.

``ckanext.imnet.search.cache_size`` sets how many answers a process keeps
(default 256; 0 turns the cache off).
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

__all__ = ["generation", "bump", "lookup", "store", "key_of", "clear", "MAX_HITS"]

# Answers larger than this many documents are not kept (exports, rebuilds).
MAX_HITS = 1000
_DEFAULT_SIZE = 256

_GENERATION = sa.text(
    "SELECT last_value, is_called, 'imnet_search_index'::regclass::oid "
    "FROM imnet_search_index_seq"
)
_BUMP = sa.text("SELECT nextval('imnet_search_index_seq')")

_answers: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def _size() -> int:
    try:
        return tk.asint(tk.config.get("ckanext.imnet.search.cache_size", _DEFAULT_SIZE))
    except ValueError:
        return _DEFAULT_SIZE


def generation(connection: sa.engine.Connection) -> tuple[Any, ...]:
    """The index's current generation, read on ``connection``."""
    last, called, table = connection.execute(_GENERATION).one()
    return (str(connection.engine.url), table, last, called)


def bump(connection: sa.engine.Connection) -> int:
    """Advance the generation (after a committed write or delete); returns
    the index sequence's new value."""
    return int(connection.execute(_BUMP).scalar_one())


def key_of(q: str | None, raw: dict[str, Any]) -> str | None:
    """The cache key of a search's parameters; None if it must not be kept."""
    if _size() <= 0:
        return None
    try:
        text = json.dumps([q, raw], sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
    if "NOW" in text:
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def lookup(generation_: tuple[Any, ...], key: str) -> dict[str, Any] | None:
    """A copy of the kept answer, or None."""
    with _lock:
        answer = _answers.get((generation_, key))
        if answer is None:
            return None
        _answers.move_to_end((generation_, key))
    return copy.deepcopy(answer)


def store(generation_: tuple[Any, ...], key: str, answer: dict[str, Any]) -> None:
    """Keep a copy of ``answer`` under this generation (oldest dropped first)."""
    size = _size()
    if size <= 0 or len(answer["response"]["docs"]) > MAX_HITS:
        return
    kept = copy.deepcopy(answer)
    with _lock:
        # Answers of an earlier generation can never be found again.
        for old in [k for k in _answers if k[0] != generation_]:
            del _answers[old]
        _answers[(generation_, key)] = kept
        while len(_answers) > size:
            _answers.popitem(last=False)


def clear() -> None:
    """Forget every kept answer (tests)."""
    with _lock:
        _answers.clear()
