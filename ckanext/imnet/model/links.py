"""Link checks: the last check of each resource's link (``imnet_link_check``)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

# Which resources to check: core's resource and dataset tables, read only.
from ckan import model
from sqlalchemy.orm import Mapped

from .users import session

__all__ = [
    "LinkCheck",
    "link_check",
    "link_checks",
    "resources_to_check",
    "resource_links",
    "uploaded_file_exists",
    "resource_ids_of",
]

TZ = sa.DateTime(timezone=True)


class LinkCheck(tk.BaseModel):
    """The last check of a resource's link, and since when it works or fails."""

    __table__ = sa.Table(
        "imnet_link_check",
        tk.BaseModel.metadata,
        sa.Column("resource_id", sa.Text, primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False, index=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("error", sa.Text, nullable=False, default=""),
        sa.Column("content_type", sa.Text, nullable=False, default=""),
        sa.Column("last_checked", TZ, nullable=False, index=True),
        sa.Column("last_success", TZ),
        sa.Column("first_failure", TZ),
    )

    resource_id: Mapped[str]
    package_id: Mapped[str]
    url: Mapped[str]
    status: Mapped[str]
    http_status: Mapped[int | None]
    error: Mapped[str]
    content_type: Mapped[str]
    last_checked: Mapped[datetime.datetime]
    last_success: Mapped[datetime.datetime | None]
    first_failure: Mapped[datetime.datetime | None]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values (times in ISO 8601, UTC); the URL is left out."""

        def iso(value: datetime.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "resource_id": self.resource_id,
            "package_id": self.package_id,
            "status": self.status,
            "http_status": self.http_status,
            "error": self.error,
            "content_type": self.content_type,
            "last_checked": iso(self.last_checked),
            "last_success": iso(self.last_success),
            "first_failure": iso(self.first_failure),
        }


def link_check(resource_id: str) -> LinkCheck | None:
    """The last check of a resource's link, or ``None``."""
    return session().get(LinkCheck, resource_id) if resource_id else None


def link_checks(
    package_ids: Iterable[str] | None = None, statuses: Iterable[str] | None = None
) -> list[LinkCheck]:
    """Checks of the active resources of active datasets, optionally of some
    datasets and in some statuses."""
    statement = (
        sa.select(LinkCheck)
        .join(model.Resource, model.Resource.id == LinkCheck.resource_id)
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .where(model.Resource.state == "active", model.Package.state == "active")
        .order_by(LinkCheck.package_id, LinkCheck.resource_id)
    )
    if package_ids is not None:
        statement = statement.where(LinkCheck.package_id.in_(list(package_ids)))
    if statuses is not None:
        statement = statement.where(LinkCheck.status.in_(list(statuses)))
    return list(session().scalars(statement))


def resources_to_check(checked_before: datetime.datetime) -> list[str]:
    """Active resources with a URL (of active datasets) never checked, checked
    before ``checked_before``, or whose URL changed since their last check."""
    statement = (
        sa.select(model.Resource.id)
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .outerjoin(LinkCheck, LinkCheck.resource_id == model.Resource.id)
        .where(
            model.Resource.state == "active",
            model.Package.state == "active",
            model.Resource.url != "",
            sa.or_(
                LinkCheck.resource_id.is_(None),
                LinkCheck.last_checked < checked_before,
                LinkCheck.url != model.Resource.url,
            ),
        )
        .order_by(model.Resource.id)
    )
    return list(session().scalars(statement))


def resource_links(resource_ids: Iterable[str]) -> list[dict[str, Any]]:
    """``id``, ``name``, ``package_id``, ``url``, ``url_type`` of these
    resources, if they and their datasets are active (in the order given)."""
    wanted = list(dict.fromkeys(resource_ids))
    if not wanted:
        return []
    statement = (
        sa.select(
            model.Resource.id,
            model.Resource.name,
            model.Resource.package_id,
            model.Resource.url,
            model.Resource.url_type,
        )
        .join(model.Package, model.Package.id == model.Resource.package_id)
        .where(
            model.Resource.id.in_(wanted),
            model.Resource.state == "active",
            model.Package.state == "active",
        )
    )
    found = {row.id: dict(row._mapping) for row in session().execute(statement)}
    return [found[i] for i in wanted if i in found]


def uploaded_file_exists(resource: Mapping[str, Any]) -> bool | None:
    """Is an upload to this site's storage there? ``None``: storage this
    package cannot look into (an uploader plugin's, or none configured)."""
    # Where core's uploader keeps a resource's file: its own business.
    from ckan.lib import uploader

    upload = uploader.get_resource_uploader(dict(resource))
    get_path = getattr(upload, "get_path", None)
    if get_path is None or not getattr(upload, "storage_path", None):
        return None
    return os.path.isfile(get_path(resource["id"]))


def resource_ids_of(package_id: str) -> list[str]:
    """The ids of a dataset's active resources, in their order."""
    statement = (
        sa.select(model.Resource.id)
        .where(
            model.Resource.package_id == package_id, model.Resource.state == "active"
        )
        .order_by(model.Resource.position)
    )
    return list(session().scalars(statement))
