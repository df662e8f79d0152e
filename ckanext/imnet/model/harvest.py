"""What this package needs of ckanext-harvest's objects and sources: the
access policy and the provenance of harvested datasets read them; the
harvester's record of an import is one extra on an object."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from typing import Any

import ckan.plugins as plugins
import sqlalchemy as sa

# The dataset an object belongs to, by id or name, as core knows it; a
# source's name and state are those of its CKAN dataset.
from ckan import model

from ..compat import dataset_extra_is
from .users import session

__all__ = [
    "harvest_object_summary",
    "harvest_origin",
    "harvest_source_titles",
    "datasets_of_guid",
    "importers_of_guid",
    "keep_holders_current",
    "harvest_source_config",
    "last_import_extra",
    "set_object_extra",
]


def harvest_object_summary(
    object_id: str | None = None, dataset_id: str | None = None
) -> dict[str, Any] | None:
    """The source and dataset of a harvest object, found as
    ``harvest_object_show`` finds it (by id, or the current object of a
    dataset); ``None`` if there is none."""
    # Imported here: ckanext-harvest is optional to this package.
    from ckanext.harvest.model import HarvestObject

    statement = sa.select(HarvestObject)
    if object_id:
        statement = statement.where(HarvestObject.id == object_id)
    elif dataset_id:
        package = model.Package.get(dataset_id)
        if package is None:
            return None
        statement = (
            statement.where(
                HarvestObject.package_id == package.id,
                HarvestObject.current.is_(True),
            )
            .order_by(HarvestObject.import_finished.desc())
            .limit(1)
        )
    else:
        return None
    found = session().scalars(statement).first()
    if found is None:
        return None
    return {
        "object_id": found.id,
        "source_id": found.harvest_source_id,
        "package_id": found.package_id,
    }


def datasets_of_guid(guid: str) -> list[tuple[str, str | None]]:
    """The active datasets ckanext-dcat knows by ``guid`` (its ``guid``
    extra), each with the source whose current harvest object holds it
    (``None`` for none)."""
    from ckanext.harvest.model import HarvestObject

    statement = (
        sa.select(model.Package.id, HarvestObject.harvest_source_id)
        .outerjoin(
            HarvestObject,
            sa.and_(
                HarvestObject.package_id == model.Package.id,
                HarvestObject.current.is_(True),
            ),
        )
        .where(
            dataset_extra_is("guid", guid),
            model.Package.state == "active",
        )
        .distinct()
    )
    return [(row[0], row[1]) for row in session().execute(statement).all()]


def importers_of_guid(guid: str) -> list[tuple[str, str]]:
    """The active datasets carrying ``guid`` with each source that imported
    them (a complete harvest object), whatever objects are flagged current
    in the session -- ckanext-dcat flags the last one as not current before
    an import is decided."""
    from ckanext.harvest.model import HarvestObject

    statement = (
        sa.select(model.Package.id, HarvestObject.harvest_source_id)
        .join(HarvestObject, HarvestObject.package_id == model.Package.id)
        .where(
            dataset_extra_is("guid", guid),
            model.Package.state == "active",
            HarvestObject.state == "COMPLETE",
        )
        .distinct()
    )
    return [(row[0], row[1]) for row in session().execute(statement).all()]


def keep_holders_current(harvest_object: Any, package_ids: set[str]) -> None:
    """Undo, for a record refused because other sources hold it, ckanext-dcat's
    flagging of the holders' objects as no longer current (it flags the last
    object of the guid, whichever source's, before the import is decided):
    each held dataset's latest object is current again, the refused one not."""
    from ckanext.harvest.model import HarvestObject

    harvest_object.current = False
    for package_id in package_ids:
        latest = (
            session()
            .scalars(
                sa.select(HarvestObject)
                .where(
                    HarvestObject.guid == harvest_object.guid,
                    HarvestObject.package_id == package_id,
                    HarvestObject.id != harvest_object.id,
                )
                .order_by(HarvestObject.import_finished.desc().nulls_last())
                .limit(1)
            )
            .first()
        )
        if latest is not None:
            latest.current = True


def last_import_extra(harvest_object: Any, key: str) -> str | None:
    """The extra ``key`` of the last object imported (``COMPLETE``) from the
    same source for the same dataset (``guid``) before ``harvest_object``."""
    from ckanext.harvest.model import HarvestObject, HarvestObjectExtra

    statement = (
        sa.select(HarvestObjectExtra.value)
        .join(HarvestObject, HarvestObjectExtra.harvest_object_id == HarvestObject.id)
        .where(
            HarvestObject.guid == harvest_object.guid,
            HarvestObject.harvest_source_id == harvest_object.harvest_source_id,
            HarvestObject.id != harvest_object.id,
            HarvestObject.state == "COMPLETE",
            HarvestObjectExtra.key == key,
        )
        .order_by(HarvestObject.import_finished.desc())
        .limit(1)
    )
    return session().scalars(statement).first()


def set_object_extra(harvest_object: Any, key: str, value: str) -> None:
    """Set the extra ``key`` of ``harvest_object``; saved with the object
    (ckanext-harvest commits it at the end of the import)."""
    from ckanext.harvest.model import HarvestObjectExtra

    for extra in harvest_object.extras:
        if extra.key == key:
            extra.value = value
            return
    harvest_object.extras.append(HarvestObjectExtra(key=key, value=value))


def _harvest_loaded() -> bool:
    # Its tables exist only where its plugin is loaded (and migrated).
    return plugins.plugin_loaded("harvest")


def harvest_origin(package_id: str) -> dict[str, Any] | None:
    """Where a dataset was harvested from, as its current harvest object says:
    the source (id, name, title, URL, type, whether its page is up), the
    object's guid, its import time and -- for a CKAN source, whose object is
    the remote dataset -- the remote dataset's name. ``None`` for a dataset
    that no harvest source currently holds (local, or deleted at its origin)."""
    if not package_id or not _harvest_loaded():
        return None
    from ckanext.harvest.model import HarvestObject, HarvestSource

    statement = (
        sa.select(HarvestObject, HarvestSource, model.Package)
        .join(HarvestSource, HarvestObject.harvest_source_id == HarvestSource.id)
        .join(model.Package, model.Package.id == HarvestSource.id)
        .where(
            HarvestObject.package_id == package_id,
            HarvestObject.current.is_(True),
        )
        .order_by(HarvestObject.import_finished.desc().nulls_last())
        .limit(1)
    )
    row = session().execute(statement).first()
    if row is None:
        return None
    found, source, source_package = row
    imported: datetime.datetime | None = found.import_finished or found.gathered
    return {
        "source_id": source.id,
        "source_name": source_package.name,
        "source_title": source_package.title or source.title or source_package.name,
        "source_url": source.url,
        "source_type": source.type,
        "source_active": source_package.state == "active",
        "guid": found.guid,
        "imported": imported,
        "remote_name": _remote_name(found.content) if source.type == "ckan" else None,
    }


def _remote_name(content: str | None) -> str | None:
    try:
        remote = json.loads(content or "")
    except ValueError:
        return None
    name = remote.get("name") if isinstance(remote, dict) else None
    return name if isinstance(name, str) and name else None


def harvest_source_titles(source_ids: Iterable[str]) -> dict[str, str]:
    """The titles of harvest sources by id (their dataset's title, else name)."""
    wanted = [source_id for source_id in set(source_ids) if source_id]
    if not wanted:
        return {}
    statement = sa.select(
        model.Package.id, model.Package.title, model.Package.name
    ).where(model.Package.id.in_(wanted))
    return {row.id: row.title or row.name for row in session().execute(statement).all()}


def harvest_source_config(id_or_name: str) -> str | None:
    """A harvest source's configuration as saved (its dataset's ``config``
    extra), or ``None`` for no configuration or no such source."""
    package = model.Package.get(id_or_name) if id_or_name else None
    if package is None or package.type != "harvest":
        return None
    return package.extras.get("config") or None
