"""Turtle written as rdflib writes it, without working out each name again.

rdflib's Turtle serialiser asks for the prefixed name of every URI each time
it meets it (twice per triple: once to collect prefixes, once to write). A
URI with no prefix -- a dataset, a resource, a request page: most URIs of a
catalogue page -- is never remembered as such, and finding that out walks a
trie of every namespace seen so far, which grows with the page: about 40 % of
the time of a 100-dataset ``/catalog.ttl`` page. This serialiser remembers
the answer for each URI during one serialisation. An answer can change only
when a new prefix is bound (rdflib binds one for a predicate without one), so
the remembered answers are dropped when that happens. The output is rdflib's,
byte for byte (tested).
"""

from __future__ import annotations

from typing import Any

import rdflib.plugin
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.serializer import Serializer

__all__ = ["RememberingTurtleSerializer", "install"]


class RememberingTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle serialiser, remembering prefixed names within one run."""

    def reset(self) -> None:
        """Start a serialisation: nothing remembered yet."""
        super().reset()
        self._names: dict[tuple[Any, bool], str | None] = {}
        self._bound = self._count_bound()

    def _count_bound(self) -> int:
        return sum(1 for _ in self.store.namespaces())

    def get_pname(self, uri: Any, gen_prefix: bool = True) -> str | None:
        """The prefixed name of ``uri`` (or ``None``), as rdflib gives it."""
        key = (uri, gen_prefix)
        try:
            return self._names[key]
        except KeyError:
            pass
        name = super().get_pname(uri, gen_prefix)
        if gen_prefix:
            bound = self._count_bound()
            if bound != self._bound:
                # A new prefix: a URI without a name may have one now.
                self._names.clear()
                self._bound = bound
        self._names[key] = name
        return name


def install() -> None:
    """Write ``turtle`` (and ``ttl``, ``text/turtle``) with this serialiser."""
    for name in ("turtle", "ttl", "text/turtle"):
        rdflib.plugin.register(
            name, Serializer, __name__, RememberingTurtleSerializer.__name__
        )
