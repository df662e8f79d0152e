"""``imnet_access_request``: one request by one user for one dataset.

An approved, unexpired request is the user's grant to the dataset's data.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from .users import now, session

__all__ = [
    "AccessRequest",
    "OPEN_STATES",
    "active_grant",
    "requests_for_dataset",
    "open_request",
    "find_requests",
    "due_for_expiry",
    "due_for_reminder",
    "count_requests_since",
    "last_withdrawal",
]

OPEN_STATES = ("submitted", "needs_info")
TZ = sa.DateTime(timezone=True)


def _uuid() -> str:
    return str(uuid.uuid4())


class AccessRequest(tk.BaseModel):
    """A request for a dataset's data, through its whole lifecycle."""

    __table__ = sa.Table(
        "imnet_access_request",
        tk.BaseModel.metadata,
        sa.Column("id", sa.Text, primary_key=True, default=_uuid),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False, default="submitted"),
        sa.Column("sensitivity", sa.Text, nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("requester_organization", sa.Text, nullable=False),
        sa.Column("requested_days", sa.Integer, nullable=False),
        sa.Column("granted_days", sa.Integer),
        sa.Column("conditions_text", sa.Text, nullable=False, default=""),
        sa.Column("terms_text", sa.Text, nullable=False),
        sa.Column("agreement_hash", sa.Text, nullable=False),
        sa.Column("owner_approved_by", sa.Text),
        sa.Column("owner_approved_at", TZ),
        sa.Column("admin_approved_by", sa.Text),
        sa.Column("admin_approved_at", TZ),
        sa.Column("decided_by", sa.Text),
        sa.Column("decided_at", TZ),
        sa.Column("reason", sa.Text),
        sa.Column("expires_at", TZ),
        sa.Column("reminder_sent_at", TZ),
        sa.Column("created", TZ, nullable=False, default=now),
        sa.Column("modified", TZ, nullable=False, default=now, onupdate=now),
    )

    id: Mapped[str]
    package_id: Mapped[str]
    user_id: Mapped[str]
    state: Mapped[str]
    sensitivity: Mapped[str]
    purpose: Mapped[str]
    requester_organization: Mapped[str]
    requested_days: Mapped[int]
    granted_days: Mapped[int | None]
    conditions_text: Mapped[str]
    terms_text: Mapped[str]
    agreement_hash: Mapped[str]
    owner_approved_by: Mapped[str | None]
    owner_approved_at: Mapped[datetime.datetime | None]
    admin_approved_by: Mapped[str | None]
    admin_approved_at: Mapped[datetime.datetime | None]
    decided_by: Mapped[str | None]
    decided_at: Mapped[datetime.datetime | None]
    reason: Mapped[str | None]
    expires_at: Mapped[datetime.datetime | None]
    reminder_sent_at: Mapped[datetime.datetime | None]
    created: Mapped[datetime.datetime]
    modified: Mapped[datetime.datetime]

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON-ready values (dates in ISO 8601)."""
        out = {}
        for column in self.__table__.columns:
            value = getattr(self, column.name)
            if isinstance(value, datetime.datetime):
                value = value.isoformat()
            out[column.name] = value
        return out


def active_grant(user_id: str, package_id: str) -> AccessRequest | None:
    """The user's approved, unexpired request for the dataset, if any."""
    statement = sa.select(AccessRequest).where(
        AccessRequest.user_id == user_id,
        AccessRequest.package_id == package_id,
        AccessRequest.state == "approved",
        AccessRequest.expires_at > now(),
    )
    return session().scalars(statement.limit(1)).first()


def requests_for_dataset(package_id: str) -> list[AccessRequest]:
    """Every request for a dataset, oldest first."""
    statement = sa.select(AccessRequest).where(AccessRequest.package_id == package_id)
    return list(session().scalars(statement.order_by(AccessRequest.created)))


def open_request(user_id: str, package_id: str) -> AccessRequest | None:
    """The user's request for the dataset that awaits a decision, if any."""
    statement = sa.select(AccessRequest).where(
        AccessRequest.user_id == user_id,
        AccessRequest.package_id == package_id,
        AccessRequest.state.in_(OPEN_STATES),
    )
    return session().scalars(statement.limit(1)).first()


def find_requests(
    user_id: str | None = None,
    package_ids: list[str] | None = None,
    states: list[str] | None = None,
) -> list[AccessRequest]:
    """Requests matching the filters, newest change first."""
    conditions = []
    if user_id is not None:
        conditions.append(AccessRequest.user_id == user_id)
    if package_ids is not None:
        conditions.append(AccessRequest.package_id.in_(package_ids))
    if states:
        conditions.append(AccessRequest.state.in_(states))
    statement = (
        sa.select(AccessRequest)
        .where(*conditions)
        .order_by(AccessRequest.modified.desc(), AccessRequest.id)
    )
    return list(session().scalars(statement))


def due_for_expiry(moment: datetime.datetime) -> list[AccessRequest]:
    """Approved requests whose time is up at ``moment``."""
    statement = sa.select(AccessRequest).where(
        AccessRequest.state == "approved", AccessRequest.expires_at <= moment
    )
    return list(session().scalars(statement))


def due_for_reminder(moment: datetime.datetime) -> list[AccessRequest]:
    """Running grants ending before ``moment`` whose holder was not yet reminded."""
    statement = sa.select(AccessRequest).where(
        AccessRequest.state == "approved",
        AccessRequest.expires_at > now(),
        AccessRequest.expires_at <= moment,
        AccessRequest.reminder_sent_at.is_(None),
    )
    return list(session().scalars(statement))


def count_requests_since(user_id: str, moment: datetime.datetime) -> int:
    """How many requests the user filed since ``moment``."""
    statement = (
        sa.select(sa.func.count())
        .select_from(AccessRequest)
        .where(AccessRequest.user_id == user_id, AccessRequest.created >= moment)
    )
    return int(session().execute(statement).scalar_one())


def last_withdrawal(user_id: str, package_id: str) -> datetime.datetime | None:
    """When the user last withdrew a request for the dataset."""
    statement = sa.select(sa.func.max(AccessRequest.decided_at)).where(
        AccessRequest.user_id == user_id,
        AccessRequest.package_id == package_id,
        AccessRequest.state == "withdrawn",
    )
    return session().execute(statement).scalar_one()
