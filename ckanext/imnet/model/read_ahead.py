"""Reading ahead while many datasets are indexed, one by one.

CKAN indexes datasets one at a time, and this package's index hooks read a
few rows of its own for each one: the dataset's stored level and owner, its
freshness confirmation, review, endorsement and failing link checks, and the
data owners' directory -- six small queries a dataset, a quarter of a
rebuild's time (README, *Benchmark*). While a read-ahead is open over the
datasets about to be indexed, in the order they will be, each of those
readers reads the rows of the next ``BLOCK`` datasets in one query and
answers the next calls from them.

What a reader answers is what it would have read when its block was read, up
to ``BLOCK`` datasets earlier: a row written since is seen when the dataset is
indexed again. The rows read ahead are the index hooks' own (freshness,
review, endorsement, link checks, the level and owner redaction asks); what
decides who finds a dataset -- its permission labels, the level its stored
document is redacted by -- is read from the dataset when it is indexed. A
read-ahead is open only for a rebuild (``search/rebuild.py``,
``search/reindex.py``), which writes none of these rows; outside one every
reader reads the database on each call.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

__all__ = ["BLOCK", "datasets", "reads_ahead", "once_per_block", "is_open"]

# Datasets whose rows one query reads: a few hundred ids in ``IN (...)``.
BLOCK = 500

_Reader = TypeVar("_Reader", bound=Callable[..., Any])


class _ReadAhead:
    """The datasets of one rebuild, in order, and each reader's current block."""

    def __init__(self, package_ids: Iterable[str]) -> None:
        self.ids = list(package_ids)
        self.position: dict[str, int] = {}
        for place, package_id in enumerate(self.ids):
            self.position.setdefault(package_id, place)
        # reader -> (first position, end position, rows by dataset id)
        self.blocks: dict[Any, tuple[int, int, Mapping[str, Any]]] = {}
        # reader -> [datasets asked for, blocks read]
        self.counts: dict[Any, list[int]] = {}
        # reader -> (calls since read, answer)
        self.kept: dict[Any, tuple[int, Any]] = {}

    def lookup(
        self,
        reader: Any,
        package_id: str,
        bulk: Callable[[list[str]], Mapping[str, Any]],
        absent: Any,
    ) -> tuple[bool, Any]:
        """``(True, answer)`` from the block holding the dataset (read now if
        needed); ``(False, None)`` for a dataset outside the read-ahead."""
        place = self.position.get(package_id)
        if place is None:
            return False, None
        counts = self.counts.setdefault(reader, [0, 0])
        counts[0] += 1
        block = self.blocks.get(reader)
        if block is None or not block[0] <= place < block[1]:
            # Indexed in another order than the list's, a block would serve
            # one dataset: each block must have served a tenth of its size.
            if counts[1] * max(1, BLOCK // 10) > counts[0]:
                return False, None
            end = min(place + BLOCK, len(self.ids))
            block = (place, end, bulk(self.ids[place:end]))
            self.blocks[reader] = block
            counts[1] += 1
        return True, block[2].get(package_id, absent)


_open: contextvars.ContextVar[_ReadAhead | None] = contextvars.ContextVar(
    "imnet_read_ahead", default=None
)


@contextlib.contextmanager
def datasets(package_ids: Iterable[str]) -> Iterator[None]:
    """Read ahead over these datasets, to be indexed in this order."""
    token = _open.set(_ReadAhead(package_ids))
    try:
        yield
    finally:
        _open.reset(token)


def is_open() -> bool:
    """True while a read-ahead is open in this context."""
    return _open.get() is not None


def reads_ahead(
    bulk: Callable[[list[str]], Mapping[str, Any]], absent: Any = None
) -> Callable[[_Reader], _Reader]:
    """Decorate the reader of one dataset's row (its first argument the
    dataset's id): while a read-ahead is open it answers from ``bulk``'s rows
    for the block of datasets holding that one, ``absent`` for a dataset
    without a row; otherwise, or for a dataset outside the read-ahead (a name
    rather than an id), it reads as written."""

    def decorate(single: _Reader) -> _Reader:
        @functools.wraps(single)
        def reader(package_id: str, *args: Any, **kwargs: Any) -> Any:
            ahead = _open.get()
            if ahead is not None and not args and not kwargs and package_id:
                found, answer = ahead.lookup(single, package_id, bulk, absent)
                if found:
                    return answer
            return single(package_id, *args, **kwargs)

        return reader  # type: ignore[return-value]

    return decorate


def once_per_block(read: _Reader) -> _Reader:
    """Decorate a reader without arguments (one small table, read whole): while
    a read-ahead is open it reads once per ``BLOCK`` calls, and each caller
    gets its own copy of the answer."""

    @functools.wraps(read)
    def reader() -> Any:
        ahead = _open.get()
        if ahead is None:
            return read()
        calls, answer = ahead.kept.get(read, (BLOCK, None))
        if calls >= BLOCK:
            calls, answer = 0, read()
        ahead.kept[read] = (calls + 1, answer)
        return copy.copy(answer)

    return reader  # type: ignore[return-value]
