"""Where the PostgreSQL search backend plugs into CKAN -- the only such place.

CKAN 2.11 has no search-backend interface. Its indexing and query classes
(``PackageSearchIndex``, ``PackageSearchQuery``, also instantiated directly by
``bulk_update_*``), the helpers ``clear_index``/``is_available`` and other
extensions (ckanext-harvest's ``harvest_source_index_clear``) all obtain their
Solr client from ``ckan.lib.search.common.make_connection`` -- many of them
through a name imported at *their* import time (``from ckan.lib.search.common
import make_connection``), which may come before this plugin loads.

So the redirection is made on the function object, not on a name: its code is
replaced by a short trampoline into this module, and every reference to it,
whenever and wherever it was imported, reaches ``make_connection`` below. The
same is done for ``check_solr_schema_version``, which would fetch Solr's
schema over HTTP at start-up; with the backend active the index schema is
this package's alembic migrations, so the check passes unless an explicit
schema file is being checked.

The redirections are installed once and decide on every call: while the
``imnet_search`` plugin is enabled they answer from PostgreSQL, otherwise they
run CKAN's original code, so disabling the plugin restores stock (Solr)
behaviour. "Enabled" means loaded or listed in ``ckan.plugins``: the same in
a running site, and it keeps the index answering while CKAN reloads plugins
(as its test fixtures do between tests).
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

# The two functions redirected: see the module docstring.
import ckan.lib.search as search
import ckan.lib.search.common as search_common
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from .connection import PostgresConnection

__all__ = ["install", "uninstall", "is_active", "PLUGIN_NAME"]

PLUGIN_NAME = "imnet_search"

# Set on each redirected CKAN function: a copy of it with its original code,
# called while the plugin is disabled. Kept on the function itself, so that a
# reload of this module still finds it.
_ORIGINAL = "_imnet_search_original"


def is_active() -> bool:
    """True while the ``imnet_search`` plugin is loaded or configured."""
    if p.plugin_loaded(PLUGIN_NAME):
        return True
    return PLUGIN_NAME in tk.aslist(tk.config.get("ckan.plugins"))


def make_connection(decode_dates: bool = True) -> Any:
    """CKAN's search connection: the PostgreSQL backend while it is enabled."""
    if is_active():
        return PostgresConnection(decode_dates=decode_dates)
    return _original(search_common.make_connection)(decode_dates)


def check_solr_schema_version(schema_file: str | None = None) -> bool:
    """CKAN's start-up schema check: nothing to fetch while the backend is on."""
    if is_active() and schema_file is None:
        return True
    return _original(search.check_solr_schema_version)(schema_file)


# The trampolines whose code replaces CKAN's functions' code. They run with the
# globals of CKAN's modules, so they reach this module by importing it (a
# lookup in ``sys.modules`` once loaded); their signatures are CKAN's.


def _make_connection_trampoline(decode_dates: bool = True) -> Any:
    from ckanext.imnet.search import hooks

    return hooks.make_connection(decode_dates)


def _check_solr_schema_version_trampoline(schema_file: str | None = None) -> bool:
    from ckanext.imnet.search import hooks

    return hooks.check_solr_schema_version(schema_file)


def _original(function: Any) -> Callable[..., Any]:
    return getattr(function, _ORIGINAL, function)


def _copy(function: types.FunctionType) -> types.FunctionType:
    copy = types.FunctionType(
        function.__code__,
        function.__globals__,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


def _functions() -> tuple[tuple[Any, Any], ...]:
    """CKAN's redirected functions, each with its trampoline."""
    return (
        (search_common.make_connection, _make_connection_trampoline),
        (search.check_solr_schema_version, _check_solr_schema_version_trampoline),
    )


def install() -> None:
    """Route every caller of CKAN's search connection here (idempotent)."""
    for function, trampoline in _functions():
        if not hasattr(function, _ORIGINAL):
            setattr(function, _ORIGINAL, _copy(function))
        function.__code__ = trampoline.__code__


def uninstall() -> None:
    """Give CKAN's functions their own code back (used by the tests)."""
    for function, _trampoline in _functions():
        original = getattr(function, _ORIGINAL, None)
        if original is not None:
            function.__code__ = original.__code__
            delattr(function, _ORIGINAL)
