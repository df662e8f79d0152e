"""What the access policy needs of ckanext-harvest's objects (read only)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

# The dataset an object belongs to, by id or name, as core knows it.
from ckan import model

from .users import session

__all__ = ["harvest_object_summary"]


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
