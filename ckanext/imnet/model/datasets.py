"""Dataset and resource facts the access policy needs, read from core tables."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

# Core tables are read here so that the policy never goes through actions
# (and their auth checks) to decide an auth check.
from ckan import model
from ckan.lib.dictization import model_dictize

__all__ = ["dataset_summary", "dataset_of_resource", "resource_urls", "packages_of"]


def _summary(package: Any) -> dict[str, Any]:
    return {
        "id": package.id,
        "name": package.name,
        "title": package.title or package.name,
        "owner_org": package.owner_org,
        "private": package.private,
        "state": package.state,
        "sensitivity": package.extras.get("sensitivity") or "public",
        "access_conditions": package.extras.get("access_conditions") or "",
    }


def dataset_summary(id_or_name: str) -> dict[str, Any] | None:
    package = model.Package.get(id_or_name)
    return _summary(package) if package else None


def dataset_of_resource(resource_id: str) -> dict[str, Any] | None:
    resource = model.Resource.get(resource_id)
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
        for resource in model.Session.scalars(statement)
    }


def packages_of(org_ids: list[str] | None) -> list[str]:
    """Ids of the active datasets of organisations (all datasets for ``None``)."""
    statement = sa.select(model.Package.id).where(model.Package.state == "active")
    if org_ids is not None:
        statement = statement.where(model.Package.owner_org.in_(org_ids))
    return list(model.Session.scalars(statement))
