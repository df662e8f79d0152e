"""``imnet_access_event``: the append-only audit log.

Every request step, every download of non-public data, every change of a
dataset's level, privacy or state. A database trigger refuses updates.
"""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped

from .users import now, session

__all__ = ["AccessEvent", "find_events", "event_subjects"]


class AccessEvent(tk.BaseModel):
    """One entry of the audit log."""

    __table__ = sa.Table(
        "imnet_access_event",
        tk.BaseModel.metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False, default=now),
        sa.Column("event", sa.Text, nullable=False),
        sa.Column("actor_id", sa.Text),
        sa.Column("package_id", sa.Text),
        sa.Column("resource_id", sa.Text),
        sa.Column("request_id", sa.Text),
        sa.Column("reason", sa.Text),
        sa.Column("details", JSONB, nullable=False, default=dict),
    )

    id: Mapped[int]
    created: Mapped[datetime.datetime]
    event: Mapped[str]
    actor_id: Mapped[str | None]
    package_id: Mapped[str | None]
    resource_id: Mapped[str | None]
    request_id: Mapped[str | None]
    reason: Mapped[str | None]
    details: Mapped[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        """The entry as JSON-ready values."""
        return {
            "id": self.id,
            "created": self.created.isoformat() if self.created else None,
            "event": self.event,
            "actor_id": self.actor_id,
            "package_id": self.package_id,
            "resource_id": self.resource_id,
            "request_id": self.request_id,
            "reason": self.reason,
            "details": self.details or {},
        }


def find_events(
    request_id: str | None = None,
    package_ids: list[str] | None = None,
    events: list[str] | None = None,
    actor_id: str | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int | None = 100,
    offset: int = 0,
) -> tuple[int, list[AccessEvent]]:
    """Entries matching the filters, newest first, and their total count."""
    conditions = []
    if request_id is not None:
        conditions.append(AccessEvent.request_id == request_id)
    if package_ids is not None:
        conditions.append(AccessEvent.package_id.in_(package_ids))
    if events:
        conditions.append(AccessEvent.event.in_(events))
    if actor_id:
        conditions.append(AccessEvent.actor_id == actor_id)
    if since:
        conditions.append(AccessEvent.created >= since)
    if until:
        conditions.append(AccessEvent.created < until)
    total = (
        session()
        .execute(sa.select(sa.func.count()).select_from(AccessEvent).where(*conditions))
        .scalar_one()
    )
    statement = (
        sa.select(AccessEvent)
        .where(*conditions)
        .order_by(AccessEvent.id.desc())
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return total, list(session().scalars(statement))


def event_subjects(package_ids: list[str] | None) -> tuple[list[str], list[str]]:
    """The datasets and the people that appear in the log (within
    ``package_ids`` when given): the audit page's filter choices."""
    scope = []
    if package_ids is not None:
        scope.append(AccessEvent.package_id.in_(package_ids))
    packages = session().scalars(
        sa.select(AccessEvent.package_id)
        .where(AccessEvent.package_id.is_not(None), *scope)
        .distinct()
    )
    actors = session().scalars(
        sa.select(AccessEvent.actor_id)
        .where(AccessEvent.actor_id.is_not(None), *scope)
        .distinct()
    )
    return list(packages), list(actors)
