"""What this package needs of ckanext-harvest's objects: the access policy
reads them; the harvester's record of an import is one extra on an object."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

# The dataset an object belongs to, by id or name, as core knows it.
from ckan import model

from .users import session

__all__ = ["harvest_object_summary", "last_import_extra", "set_object_extra"]


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
    return {"source_id": found.harvest_source_id, "package_id": found.package_id}


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
