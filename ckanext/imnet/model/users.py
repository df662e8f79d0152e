"""People and memberships the access policy needs, read from core tables."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

# Memberships and sysadmins live in core tables.
from ckan import model

__all__ = ["session", "now", "user", "organisations_of", "approver_users"]


def session() -> Any:
    """The session of the current request or command (CKAN's scoped session)."""
    return model.Session


def now() -> datetime.datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.datetime.now(datetime.UTC)


def user(user_id_or_name: str | None) -> Any:
    """A ``model.User`` by id or name, or ``None``."""
    return model.User.get(user_id_or_name) if user_id_or_name else None


def organisations_of(user_id: str) -> dict[str, str]:
    """{organisation id: capacity} of a user's active memberships."""
    statement = (
        sa.select(model.Member.group_id, model.Member.capacity)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .join(model.User, model.User.id == model.Member.table_id)
        .where(
            model.Member.table_name == "user",
            model.Member.table_id == user_id,
            model.Member.state == "active",
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
            model.User.state == "active",
        )
    )
    return {row.group_id: row.capacity for row in model.Session.execute(statement)}


def approver_users(org_id: str | None, owners: bool, admins: bool) -> list[Any]:
    """Active users who approve for an organisation (admins, editors), sysadmins."""
    found: dict[str, Any] = {}
    if owners and org_id:
        statement = (
            sa.select(model.User)
            .join(model.Member, model.Member.table_id == model.User.id)
            .where(
                model.Member.group_id == org_id,
                model.Member.table_name == "user",
                model.Member.state == "active",
                model.Member.capacity.in_(("admin", "editor")),
                model.User.state == "active",
            )
        )
        found.update({u.id: u for u in model.Session.scalars(statement)})
    if admins:
        statement = sa.select(model.User).where(
            model.User.sysadmin.is_(True),
            model.User.state == "active",
            model.User.name != tk.config.get("ckan.site_id"),
        )
        found.update({u.id: u for u in model.Session.scalars(statement)})
    return sorted(found.values(), key=lambda u: u.name)
