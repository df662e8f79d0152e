"""What differs between the CKAN versions this package runs on (2.11, 2.12).

Each difference is answered here once, by what the running CKAN has rather
than by its version number, so callers write one code path:

* **Dataset extras** are rows of ``package_extra`` (``model.PackageExtra``)
  up to CKAN 2.11 and a JSONB column ``package.extras`` from CKAN 2.12:
  :func:`dataset_extra_is` finds datasets by one extra's value,
  :func:`dataset_extra` reads one extra's value.

Handled elsewhere, each in its one place: the per-iteration entry-point scan
of CKAN 2.11's plugin loader (``backports.py``; CKAN 2.12 has none), CKAN's
search internals (``search/hooks.py``: the same two functions on both; a
missing index table is empty to ``ckan db clean``, ``search/connection.py``),
ckanext-harvest's reindexing of a source on 2.12
(``harvesting/source_internals.py``), 2.12's bulk actions patching each
dataset (``harvesting/local_edits.py``), 2.12's new template messages
(``i18n_core.py``), 2.12's follow lists asking ``package_show``'s auth of
each followed dataset (``logic/action/listings.py``), the DataStore's SQL
table names given as a generator (``logic/auth.py``) and its dump's access
check (``access/gate.py``), and the one migration that reads extras (its
own SQL, ``migration/imnet``). README "CKAN versions" lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

# Dataset extras are stored differently by the two versions of core's model.
from ckan import model

__all__ = ["dataset_extra_is", "dataset_extra", "dataset_extras"]


def dataset_extra_is(key: str, value: str) -> Any:
    """A ``where`` clause over ``model.Package``: the dataset's active extra
    ``key`` holds ``value``."""
    extra = getattr(model, "PackageExtra", None)
    if extra is None:
        return model.Package.extras[key].astext == value
    return model.Package.id.in_(
        sa.select(extra.package_id).where(
            extra.key == key, extra.value == value, extra.state == "active"
        )
    )


def dataset_extra(key: str) -> Any:
    """A column over ``model.Package``: the dataset's active extra ``key``
    (``None`` where it has none)."""
    extra = getattr(model, "PackageExtra", None)
    if extra is None:
        return model.Package.extras[key].astext
    return (
        sa.select(extra.value)
        .where(
            extra.package_id == model.Package.id,
            extra.key == key,
            extra.state == "active",
        )
        .limit(1)
        .scalar_subquery()
    )


def dataset_extras(
    ids: Iterable[str], keys: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """The extras ``keys`` of the datasets ``ids``, by dataset id, in one query
    and without loading the datasets into the session (as ``package.extras``
    holds them: every row of ``package_extra`` on 2.11, the column on 2.12)."""
    wanted, names = list(ids), list(keys)
    found: dict[str, dict[str, Any]] = {}
    extra = getattr(model, "PackageExtra", None)
    if extra is None:
        statement = sa.select(model.Package.id, model.Package.extras).where(
            model.Package.id.in_(wanted)
        )
        for package_id, extras in model.Session.execute(statement):
            found[package_id] = {k: v for k, v in (extras or {}).items() if k in names}
        return found
    statement = sa.select(extra.package_id, extra.key, extra.value).where(
        extra.package_id.in_(wanted), extra.key.in_(names)
    )
    for package_id, key, value in model.Session.execute(statement):
        found.setdefault(package_id, {})[key] = value
    return found
