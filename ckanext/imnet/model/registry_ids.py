"""The assessments a registry spreadsheet made, found by their registry ID,
and the dataset names already taken (``ckan imnet assessments import``)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

# Package extras live in core tables; a re-import finds its assessments here
# whatever the search index holds (private and unindexed ones included).
from ckan import model

from ckanext.imnet import compat

__all__ = ["assessments_by_registry_id", "names_taken", "registry_id_of"]

_ASSESSMENT = "assessment"


def assessments_by_registry_id(registry_ids: Iterable[str]) -> dict[str, list[str]]:
    """The ids of the assessments (not deleted) carrying each registry ID:
    normally one; several when people gave two the same ID by hand."""
    wanted = sorted({rid for rid in registry_ids if rid})
    found: dict[str, list[str]] = {}
    if not wanted:
        return found
    registry_id = compat.dataset_extra("registry_id")
    statement = (
        sa.select(registry_id, model.Package.id)
        .where(
            registry_id.in_(wanted),
            model.Package.type == _ASSESSMENT,
            model.Package.state != "deleted",
        )
        .order_by(model.Package.metadata_created)
    )
    for value, package_id in model.Session.execute(statement):
        found.setdefault(value, []).append(package_id)
    return found


def names_taken(names: Iterable[str]) -> set[str]:
    """Which of these dataset names are taken, deleted datasets included
    (their names stay reserved in CKAN's table)."""
    wanted = sorted(set(names))
    if not wanted:
        return set()
    statement = sa.select(model.Package.name).where(model.Package.name.in_(wanted))
    return set(model.Session.scalars(statement))


def registry_id_of(package_id: str) -> str:
    """The registry ID an assessment carries as stored ("" if none)."""
    statement = sa.select(compat.dataset_extra("registry_id")).where(
        model.Package.id == package_id
    )
    return str(model.Session.scalars(statement).first() or "")
