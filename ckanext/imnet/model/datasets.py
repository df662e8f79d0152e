"""Dataset and resource facts the access policy needs, read from core tables.

Also ``imnet_dataset_access``: each dataset's access state (level, privacy,
state, owner, permission labels) as last acted upon, so that a change made
through any path is recognised by comparing it with what is stored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

# Core tables are read here so that the policy never goes through actions
# (and their auth checks) to decide an auth check.
from ckan import model
from ckan.lib.dictization import model_dictize
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped

from .. import compat
from . import read_ahead
from .users import now, session

__all__ = [
    "DatasetAccess",
    "dataset_summary",
    "dataset_summaries",
    "dataset_of_resource",
    "resource_urls",
    "packages_of",
    "is_dataset",
    "dataset_of_view",
]


class DatasetAccess(tk.BaseModel):
    """A dataset's access state as last acted upon."""

    __table__ = sa.Table(
        "imnet_dataset_access",
        tk.BaseModel.metadata,
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("sensitivity", sa.Text, nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("owner_org", sa.Text),
        sa.Column("labels", ARRAY(sa.Text), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False, default=now),
    )

    package_id: Mapped[str]
    sensitivity: Mapped[str]
    private: Mapped[bool]
    state: Mapped[str]
    owner_org: Mapped[str | None]
    labels: Mapped[list[str]]
    modified: Mapped[datetime.datetime]


# What a summary holds of a dataset: its columns, and these extras.
_SUMMARY_COLUMNS = (
    "id",
    "name",
    "title",
    "owner_org",
    "creator_user_id",
    "private",
    "state",
    "type",
)
_SUMMARY_EXTRAS = ("title_my", "sensitivity", "access_conditions")


def _summary_of(values: Mapping[str, Any], extras: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": values["id"],
        "name": values["name"],
        "title": values["title"] or values["name"],
        "title_my": extras.get("title_my") or "",
        "owner_org": values["owner_org"],
        "creator_user_id": values["creator_user_id"],
        "private": bool(values["private"]),
        "state": values["state"],
        "type": values["type"],
        "sensitivity": extras.get("sensitivity") or "public",
        "access_conditions": extras.get("access_conditions") or "",
    }


def _summary(package: Any) -> dict[str, Any]:
    values = {name: getattr(package, name) for name in _SUMMARY_COLUMNS}
    return _summary_of(values, package.extras)


def dataset_summaries(ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Summaries of several datasets by id, in two queries; missing ids are left
    out. The datasets are read as rows, not loaded into the session: read ahead
    during a rebuild, a loaded dataset would stay there (its extras' proxy
    refers back to it until the garbage collector runs), and ``package_show``
    and the permission labels would index it as it was when its block was read."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    columns = [getattr(model.Package, name) for name in _SUMMARY_COLUMNS]
    statement = sa.select(*columns).where(model.Package.id.in_(wanted))
    extras = compat.dataset_extras(wanted, _SUMMARY_EXTRAS)
    return {
        row["id"]: _summary_of(row, extras.get(row["id"], {}))
        for row in session().execute(statement).mappings()
    }


@read_ahead.reads_ahead(dataset_summaries)
def dataset_summary(id_or_name: str) -> dict[str, Any] | None:
    """What the policy needs of a dataset (by id or name), or ``None``."""
    package = model.Package.get(id_or_name) if id_or_name else None
    return _summary(package) if package else None


def dataset_of_resource(resource_id: str) -> dict[str, Any] | None:
    """The summary of the dataset a resource belongs to, or ``None``."""
    resource = model.Resource.get(resource_id) if resource_id else None
    if resource is None or resource.package is None:
        return None
    return _summary(resource.package)


def resource_urls(package_id: str) -> dict[str, str]:
    """Real URLs of a dataset's resources, as CKAN dictizes them (uploads too)."""
    statement = sa.select(model.Resource).where(
        model.Resource.package_id == package_id, model.Resource.state == "active"
    )
    context = {"model": model, "session": model.Session}
    return {
        resource.id: model_dictize.resource_dictize(resource, context)["url"]
        for resource in session().scalars(statement)
    }


def packages_of(org_ids: list[str] | None) -> list[str]:
    """Ids of the active datasets of organisations (all datasets for ``None``)."""
    statement = sa.select(model.Package.id).where(model.Package.state == "active")
    if org_ids is not None:
        statement = statement.where(model.Package.owner_org.in_(org_ids))
    return list(session().scalars(statement))


def is_dataset(entity: Any) -> bool:
    """True if a domain object CKAN announces is a dataset (not a resource)."""
    return isinstance(entity, model.Package)


def dataset_of_view(view_id: str) -> dict[str, Any] | None:
    """The summary of the dataset a resource view belongs to, or ``None``."""
    view = model.ResourceView.get(view_id) if view_id else None
    return dataset_of_resource(view.resource_id) if view is not None else None
