"""What one serialisation does once, however many datasets it writes.

ckanext-dcat builds a catalogue page in one graph, with a new profile instance
for every dataset. What is the same for all of them is kept with the graph
(and dropped with it): the data owners' directory, read from the database
once a page instead of once a dataset, and the nodes already described --
a place, a concept or a file type shared by many datasets is described by the
first (its triples would be the same: a graph is a set).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from rdflib.graph import Graph

from ckanext.imnet import owners

__all__ = ["GraphMemo", "for_graph"]


@dataclass
class GraphMemo:
    """Reference data and described nodes of one graph being serialised."""

    _directory: owners.Directory | None = None
    described: set[Any] = field(default_factory=set)

    def directory(self) -> owners.Directory:
        """The data owners' directory, as it was when this graph began."""
        if self._directory is None:
            self._directory = owners.directory()
        return self._directory

    def first_time(self, node: Any) -> bool:
        """True the first time ``node`` is asked about (it is to be described)."""
        if node in self.described:
            return False
        self.described.add(node)
        return True


# By identity: rdflib graphs compare by their identifier, which two graphs may
# share. An entry goes when its graph does, before its id can be reused.
_memos: dict[int, GraphMemo] = {}


def for_graph(graph: Graph) -> GraphMemo:
    """The memo of ``graph``, created on first use."""
    key = id(graph)
    memo = _memos.get(key)
    if memo is None:
        memo = _memos[key] = GraphMemo()
        weakref.finalize(graph, _memos.pop, key, None)
    return memo
