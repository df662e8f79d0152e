"""Where the PostgreSQL search backend plugs into CKAN -- the only such place.

CKAN 2.11 has no search-backend interface. Its indexing and query classes
(``PackageSearchIndex``, ``PackageSearchQuery``, also instantiated directly by
``bulk_update_*``) and the helpers ``clear_index``/``is_available`` all obtain
their Solr client from ``make_connection()``, imported by name into
``ckan.lib.search``, ``.common``, ``.index`` and ``.query``. Replacing that one
factory in those four namespaces routes every search path through
``PostgresConnection`` while CKAN keeps preparing documents and queries itself.

``check_solr_schema_version`` would fetch Solr's schema over HTTP at start-up;
with the backend active the index schema is this package's alembic migrations,
so the check passes unless an explicit schema file is being checked.

The replacements are installed once and decide on every call: while the
``imnet_search`` plugin is enabled they answer from PostgreSQL, otherwise they
call CKAN's originals, so disabling the plugin restores stock (Solr)
behaviour. "Enabled" means loaded or listed in ``ckan.plugins``: the same in
a running site, and it keeps the index answering while CKAN reloads plugins
(as its test fixtures do between tests).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The patched namespaces: see the module docstring.
import ckan.lib.search as search
import ckan.lib.search.common as search_common
import ckan.lib.search.index as search_index
import ckan.lib.search.query as search_query
import ckan.plugins as p
import ckan.plugins.toolkit as tk

from .connection import PostgresConnection

__all__ = ["install", "is_active", "PLUGIN_NAME"]

PLUGIN_NAME = "imnet_search"

_NAMESPACES = (search, search_common, search_index, search_query)
_originals: dict[str, Callable[..., Any]] = {}


def is_active() -> bool:
    if p.plugin_loaded(PLUGIN_NAME):
        return True
    return PLUGIN_NAME in tk.aslist(tk.config.get("ckan.plugins"))


def make_connection(decode_dates: bool = True) -> Any:
    if is_active():
        return PostgresConnection(decode_dates=decode_dates)
    return _originals["make_connection"](decode_dates)


def check_solr_schema_version(schema_file: str | None = None) -> bool:
    if is_active() and schema_file is None:
        return True
    return _originals["check_solr_schema_version"](schema_file)


def install() -> None:
    """Route CKAN's search through this package (idempotent)."""
    if _originals:
        return
    _originals["make_connection"] = search_common.make_connection
    _originals["check_solr_schema_version"] = search.check_solr_schema_version
    for namespace in _NAMESPACES:
        if hasattr(namespace, "make_connection"):
            namespace.make_connection = make_connection
    search.check_solr_schema_version = check_solr_schema_version


def uninstall() -> None:
    """Put CKAN's own functions back (used by the tests of this module)."""
    if not _originals:
        return
    for namespace in _NAMESPACES:
        if hasattr(namespace, "make_connection"):
            namespace.make_connection = _originals["make_connection"]
    search.check_solr_schema_version = _originals["check_solr_schema_version"]
    _originals.clear()
