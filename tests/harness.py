"""What CKAN's test fixtures recompute on every test from what does not change.

CKAN's ``with_plugins`` and ``app`` fixtures unload and load every plugin and
make a new Flask app for each test, and ``clean_db`` runs each plugin's
migrations again. Sampled over the whole suite (py-spy, two workers), about
two fifths of the suite's time went to answers that cannot change while the
run lasts:

* **entry points** (a quarter of the time): ``ckan.plugins.core`` looks each
  plugin up with ``importlib.metadata.entry_points(group=..., name=...)``,
  which reads the entry points of every installed distribution, for each of
  the two dozen plugins at each load and unload;
* **YAML files** (a tenth): CKAN's config declaration, each plugin's
  declaration and ckanext-scheming's schemas are parsed again at each load,
  and CKAN's declaration of its own ~180 options validated again;
* **migrations** (a twelfth): alembic loads each plugin's migration scripts
  to find that there is nothing to do;
* **connections**: CKAN's migrations bind the session to an engine of their
  own, without a pool, and every test starts with them (``clean_db``), so
  each later checkout opened a new PostgreSQL connection -- hundreds a test,
  a tenth of its time. ``pooled_engine`` binds it back to a pooled engine,
  one per database for the run, as a deployment's process has.

Each is kept here for the run, keyed so that a change would be seen: entry
points by their arguments (installed distributions do not change while a run
lasts), a YAML file by its path, size and modification time (each caller
gets its own copy), a plugin's migrations by its version table holding the
head revision. The behaviour of CKAN is otherwise the same; ``tests/
test_harness.py`` checks that the kept answers equal fresh ones.
"""

from __future__ import annotations

import functools
import os
import pathlib
from collections.abc import Callable
from typing import Any

import ckan.plugins as p
import ckan.plugins.core as plugins_core
import sqlalchemy as sa
import yaml
from ckan import model

__all__ = ["install", "migrate"]

_INSTALLED = "_imnet_harness"


def _keep_entry_points() -> None:
    """``entry_points`` in ``ckan.plugins.core``, answered once per arguments.

    ``ckanext.imnet.backports`` keeps only ``find_system_plugins`` (what a
    deployment iterates over on each request); looking plugins up by name
    happens once at a deployment's start, so only the tests need this."""
    scan = plugins_core.entry_points
    if getattr(scan, _INSTALLED, False):
        return

    @functools.cache
    def kept(items: tuple[tuple[str, Any], ...]) -> Any:
        return scan(**dict(items))

    @functools.wraps(scan)
    def entry_points(**params: Any) -> Any:
        # Selected entry points are an immutable tuple: safe to share.
        return kept(tuple(sorted(params.items()))) if params else scan()

    setattr(entry_points, _INSTALLED, True)
    entry_points.original = scan  # type: ignore[attr-defined]
    plugins_core.entry_points = entry_points


def _copy(value: Any) -> Any:
    """A copy of the dicts and lists of ``value``; the rest (strings, numbers,
    CKAN's config ``Key`` objects, validators) shared, as none is changed."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _file_key(stream: Any) -> tuple[str, int, int] | None:
    """Path, size and modification time of the file ``stream`` reads, if any."""
    name = getattr(stream, "name", None)
    if not isinstance(name, str) or not os.path.isfile(name):
        return None
    if stream.tell() != 0:
        return None
    status = os.stat(name)
    return (os.path.realpath(name), status.st_size, status.st_mtime_ns)


def _keep_yaml_files() -> None:
    """``yaml.safe_load`` of a whole file parsed once; a string as before."""
    parse = yaml.safe_load
    if getattr(parse, _INSTALLED, False):
        return
    parsed: dict[tuple[str, int, int], Any] = {}

    @functools.wraps(parse)
    def safe_load(stream: Any) -> Any:
        key = _file_key(stream)
        if key is None:
            return parse(stream)
        if key not in parsed:
            parsed[key] = parse(stream)
        else:
            stream.read()  # as if parsed: the caller's file is read to its end
        return _copy(parsed[key])

    setattr(safe_load, _INSTALLED, True)
    safe_load.original = parse  # type: ignore[attr-defined]
    yaml.safe_load = safe_load


def _keep_core_declaration() -> None:
    """CKAN's own config declaration (``config_declaration.yaml``) parsed and
    validated once; its options are made from a copy each time, as before."""
    from ckan.config.declaration import load as declaration_load
    from ckan.lib.navl import dictization_functions as navl

    handlers: dict[str, Callable[..., Any]] = declaration_load.handler._types
    if getattr(handlers["core"], _INSTALLED, False):
        return
    source = (
        pathlib.Path(declaration_load.__file__).parent
        / ".."
        / "config_declaration.yaml"
    )
    kept: dict[tuple[int, int], tuple[Any, Any]] = {}  # parsed, validated

    def load_core(declaration: Any) -> None:
        status = source.stat()
        key = (status.st_size, status.st_mtime_ns)
        if key not in kept:
            import msgspec

            kept[key] = (msgspec.yaml.decode(source.read_bytes()), None)
        parsed = kept[key][0]
        definition = _copy(parsed)
        validate = navl.validate

        def validate_once(data: Any, schema: Any, context: Any = None) -> Any:
            # Only the call ``load_dict`` makes for this definition (a shallow
            # copy of it); any other, e.g. from another thread, as before.
            if not isinstance(data, dict) or data.get("groups") is not definition.get(
                "groups"
            ):
                return validate(data, schema, context)
            if kept[key][1] is None:
                answer, errors = validate(data, schema, context)
                if errors:
                    return answer, errors
                kept[key] = (parsed, _copy(answer))
            return _copy(kept[key][1]), {}

        navl.validate = validate_once
        try:
            handlers["dict"](declaration, definition)
        finally:
            navl.validate = validate

    setattr(load_core, _INSTALLED, True)
    load_core.original = handlers["core"]  # type: ignore[attr-defined]
    handlers["core"] = load_core


def install() -> None:
    """Keep entry points, parsed YAML files and CKAN's validated config
    declaration for the run (idempotent)."""
    _keep_entry_points()
    _keep_yaml_files()
    _keep_core_declaration()


@functools.cache
def _head(plugin: str) -> tuple[str, ...]:
    """The head revisions of a plugin's migrations."""
    from alembic.script import ScriptDirectory
    from ckan.cli.db import _resolve_alembic_config

    directory = os.path.dirname(_resolve_alembic_config(plugin))
    return tuple(sorted(ScriptDirectory(directory).get_heads()))


def _current(plugin: str) -> tuple[str, ...]:
    """The revisions a plugin's version table holds (none: not migrated)."""
    table = f"{plugin}_alembic_version"
    connection = model.Session.connection()
    if not sa.inspect(connection).has_table(table):
        return ()
    rows = connection.execute(sa.text(f"SELECT version_num FROM {table}"))
    return tuple(sorted(row[0] for row in rows))


def migrate(plugin: str, migrate_db_for: Callable[[str], None]) -> None:
    """Run a loaded plugin's migrations unless its tables are at their head."""
    if not p.plugin_loaded(plugin):
        return
    if _current(plugin) != _head(plugin):
        migrate_db_for(plugin)
    model.Session.commit()


_POOLED: dict[str, sa.engine.Engine] = {}


def pooled_engine() -> sa.engine.Engine:
    """Bind CKAN's session to the database's pooled engine (made once)."""
    from ckan.plugins import toolkit

    url = toolkit.config["sqlalchemy.url"]
    if url not in _POOLED:
        _POOLED[url] = sa.engine_from_config(dict(toolkit.config), "sqlalchemy.")
    engine = _POOLED[url]
    if model.meta.engine is not engine:
        model.init_model(engine)
    return engine
