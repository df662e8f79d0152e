"""CKAN's ``search-index rebuild``, reading ahead for this package's index hooks.

CKAN's ``ckan.lib.search.rebuild`` -- behind ``ckan search-index rebuild``,
``rebuild-fast`` (one call per process, with its share of the ids) and the
tests' ``search.rebuild()`` -- indexes the datasets one by one. Wrapped here,
it runs unchanged inside a read-ahead (``model/read_ahead.py``) over the
datasets it is about to index, in its order, so that the index hooks read
their rows for a block of datasets at a time rather than for each one.

The list is the one CKAN's rebuild makes: the ids it was given, or every
dataset (the deleted ones left out when ``ckan.search.remove_deleted_packages``
is on, as CKAN leaves them out), read in the same statement and so in the
same order. A single dataset (``package_id``) and ``only_missing`` (which
CKAN orders as a set) are indexed without one. A dataset missing from the
list is only read as it would be without a read-ahead.

On the embedded backend the rows a rebuild defers are also *guarded*
(``writer.guarding``): a dataset indexed afresh by another process while its
row waits in a batch -- made private by a curator during a rebuild -- keeps
that newer row.

``search.rebuild`` is replaced on CKAN's module when the ``imnet`` plugin is
configured, and stays so: a caller that imported the name before then calls
CKAN's own, without a read-ahead (CKAN's callers import it when they run).
Without the ``imnet`` plugin nothing reads ahead: the wrapper opens a
read-ahead that no reader asks.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk

# The wrapped function and the model it lists datasets from (see above).
from ckan import model
from ckan.lib import search

from ckanext.imnet.model import read_ahead

from . import hooks
from .connection import PostgresConnection

__all__ = ["install"]

_WRAPPED = "_imnet_reads_ahead"


def _datasets_to_index(arguments: dict[str, Any]) -> list[str] | None:
    """The ids CKAN's rebuild will index, in its order; ``None`` when it
    indexes one dataset or orders them in a way not known here."""
    if arguments.get("package_id") or arguments.get("only_missing"):
        return None
    if arguments.get("package_ids") is not None:
        return [str(package_id) for package_id in arguments["package_ids"]]
    packages = model.Session.query(model.Package.id)
    if tk.asbool(tk.config.get("ckan.search.remove_deleted_packages")):
        packages = packages.filter(model.Package.state != "deleted")
    return [row[0] for row in packages.all()]


@contextlib.contextmanager
def _guarded() -> Iterator[None]:
    """The rows deferred meanwhile guarded, on the embedded backend."""
    if not hooks.is_active():
        yield
        return
    with PostgresConnection().guarding_deferred():
        yield


def _reading_ahead(rebuild: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(rebuild)

    @functools.wraps(rebuild)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind_partial(*args, **kwargs)
        if bound.arguments.get("package_id") or read_ahead.is_open():
            # One dataset, written at once; or within a read-ahead already.
            return rebuild(*bound.args, **bound.kwargs)
        ids = _datasets_to_index(bound.arguments)
        with _guarded():
            if ids is None:
                return rebuild(*bound.args, **bound.kwargs)
            if bound.arguments.get("package_ids") is not None:
                # Given as an iterator, the ids were read here: CKAN gets
                # the list.
                bound.arguments["package_ids"] = ids
            with read_ahead.datasets(ids):
                return rebuild(*bound.args, **bound.kwargs)

    setattr(wrapped, _WRAPPED, True)
    return wrapped


def install() -> None:
    """Wrap ``ckan.lib.search.rebuild`` (idempotent). Callers that import it
    when they run -- CKAN's CLI, ``rebuild-fast``, ``reindex`` -- get the
    wrapped one."""
    if not getattr(search.rebuild, _WRAPPED, False):
        search.rebuild = _reading_ahead(search.rebuild)
