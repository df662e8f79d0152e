"""Facts about data owners read from core tables: the catalogue's organisations,
and every dataset's stored data owner (for ``ckan imnet data-owners``)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

# Organisations and package extras live in core tables; reading them here
# keeps validation and facet labelling free of actions and their auth checks.
from ckan import model

from . import read_ahead

__all__ = ["Organisation", "organisations", "dataset_names"]


@dataclass(frozen=True)
class Organisation:
    """A CKAN organisation of the catalogue, as a data owner sees it."""

    id: str
    name: str
    title: str
    active: bool


@read_ahead.once_per_block
def organisations() -> list[Organisation]:
    """Every organisation of the catalogue, deleted ones included (a dataset may
    still name one), by name."""
    statement = (
        sa.select(
            model.Group.id, model.Group.name, model.Group.title, model.Group.state
        )
        .where(model.Group.is_organization.is_(True))
        .order_by(model.Group.name)
    )
    return [
        Organisation(
            id=row.id,
            name=row.name,
            title=row.title or "",
            active=row.state == "active",
        )
        for row in model.Session.execute(statement)
    ]


def dataset_names() -> list[str]:
    """The names of every dataset (private, draft and deleted ones included)."""
    statement = (
        sa.select(model.Package.name)
        .where(model.Package.type == "dataset")
        .order_by(model.Package.name)
    )
    return list(model.Session.scalars(statement))
