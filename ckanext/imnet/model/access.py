"""Tables of the restricted-data request workflow.

``imnet_access_request``
    one request by one user for one dataset; an approved, unexpired request
    is the user's grant to the dataset's data.
``imnet_access_event``
    the append-only audit log: every request step, every download of
    non-public data, every reclassification (a database trigger refuses
    updates).
``imnet_mail_outbox``
    notifications, written in the same transaction as the state change and
    sent after it, retried until they go.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

# Memberships and sysadmins are read from core tables.
from ckan import model
from sqlalchemy.dialects.postgresql import JSONB

__all__ = [
    "session",
    "user",
    "requests_for_dataset",
    "find_requests",
    "open_request",
    "due_for_expiry",
    "due_for_reminder",
    "approver_users",
    "find_events",
    "unsent_mail",
    "AccessRequest",
    "AccessEvent",
    "MailOutbox",
    "OPEN_STATES",
    "organisations_of",
    "active_grant",
    "now",
]

OPEN_STATES = ("submitted", "needs_info")


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _uuid() -> str:
    return str(uuid.uuid4())


class AccessRequest(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "imnet_access_request"

    id = sa.Column(sa.Text, primary_key=True, default=_uuid)
    package_id = sa.Column(sa.Text, nullable=False)
    user_id = sa.Column(sa.Text, nullable=False)
    state = sa.Column(sa.Text, nullable=False, default="submitted")
    sensitivity = sa.Column(sa.Text, nullable=False)
    purpose = sa.Column(sa.Text, nullable=False)
    requester_organization = sa.Column(sa.Text, nullable=False)
    requested_days = sa.Column(sa.Integer, nullable=False)
    conditions_text = sa.Column(sa.Text, nullable=False, default="")
    terms_text = sa.Column(sa.Text, nullable=False)
    agreement_hash = sa.Column(sa.Text, nullable=False)
    owner_approved_by = sa.Column(sa.Text)
    owner_approved_at = sa.Column(sa.DateTime(timezone=True))
    admin_approved_by = sa.Column(sa.Text)
    admin_approved_at = sa.Column(sa.DateTime(timezone=True))
    decided_by = sa.Column(sa.Text)
    decided_at = sa.Column(sa.DateTime(timezone=True))
    reason = sa.Column(sa.Text)
    expires_at = sa.Column(sa.DateTime(timezone=True))
    reminder_sent_at = sa.Column(sa.DateTime(timezone=True))
    created = sa.Column(sa.DateTime(timezone=True), nullable=False, default=now)
    modified = sa.Column(
        sa.DateTime(timezone=True), nullable=False, default=now, onupdate=now
    )

    def as_dict(self) -> dict[str, Any]:
        out = {}
        for column in self.__table__.columns:
            value = getattr(self, column.name)
            if isinstance(value, datetime.datetime):
                value = value.isoformat()
            out[column.name] = value
        return out


class AccessEvent(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "imnet_access_event"

    id = sa.Column(sa.BigInteger, sa.Identity(), primary_key=True)
    created = sa.Column(sa.DateTime(timezone=True), nullable=False, default=now)
    event = sa.Column(sa.Text, nullable=False)
    actor_id = sa.Column(sa.Text)
    package_id = sa.Column(sa.Text)
    resource_id = sa.Column(sa.Text)
    request_id = sa.Column(sa.Text)
    reason = sa.Column(sa.Text)
    details = sa.Column(JSONB, nullable=False, default=dict)

    def as_dict(self) -> dict[str, Any]:
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


class MailOutbox(tk.BaseModel):  # type: ignore[misc,valid-type]
    __tablename__ = "imnet_mail_outbox"

    id = sa.Column(sa.BigInteger, sa.Identity(), primary_key=True)
    created = sa.Column(sa.DateTime(timezone=True), nullable=False, default=now)
    recipient_id = sa.Column(sa.Text)
    recipient_email = sa.Column(sa.Text, nullable=False)
    recipient_name = sa.Column(sa.Text, nullable=False, default="")
    subject = sa.Column(sa.Text, nullable=False)
    body = sa.Column(sa.Text, nullable=False)
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    last_error = sa.Column(sa.Text)
    sent_at = sa.Column(sa.DateTime(timezone=True))


def organisations_of(user_id: str) -> dict[str, str]:
    """{organisation id: capacity} of a user's active memberships."""
    statement = (
        sa.select(model.Member.group_id, model.Member.capacity)
        .join(model.Group, model.Group.id == model.Member.group_id)
        .where(
            model.Member.table_name == "user",
            model.Member.table_id == user_id,
            model.Member.state == "active",
            model.Group.is_organization.is_(True),
            model.Group.state == "active",
        )
    )
    return {row.group_id: row.capacity for row in model.Session.execute(statement)}


def active_grant(user_id: str, package_id: str) -> AccessRequest | None:
    statement = sa.select(AccessRequest).where(
        AccessRequest.user_id == user_id,
        AccessRequest.package_id == package_id,
        AccessRequest.state == "approved",
        AccessRequest.expires_at > now(),
    )
    return model.Session.scalars(statement.limit(1)).first()


def session() -> Any:
    return model.Session


def user(user_id: str | None) -> Any:
    return model.User.get(user_id) if user_id else None


def requests_for_dataset(package_id: str) -> list[AccessRequest]:
    statement = sa.select(AccessRequest).where(AccessRequest.package_id == package_id)
    return list(model.Session.scalars(statement.order_by(AccessRequest.created)))


def open_request(user_id: str, package_id: str) -> AccessRequest | None:
    statement = sa.select(AccessRequest).where(
        AccessRequest.user_id == user_id,
        AccessRequest.package_id == package_id,
        AccessRequest.state.in_(OPEN_STATES),
    )
    return model.Session.scalars(statement.limit(1)).first()


def find_requests(
    user_id: str | None = None,
    package_ids: list[str] | None = None,
    states: list[str] | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[int, list[AccessRequest]]:
    """Requests matching the filters, newest first, and their total count."""
    conditions = []
    if user_id is not None:
        conditions.append(AccessRequest.user_id == user_id)
    if package_ids is not None:
        conditions.append(AccessRequest.package_id.in_(package_ids))
    if states:
        conditions.append(AccessRequest.state.in_(states))
    total = model.Session.execute(
        sa.select(sa.func.count()).select_from(AccessRequest).where(*conditions)
    ).scalar_one()
    statement = (
        sa.select(AccessRequest)
        .where(*conditions)
        .order_by(AccessRequest.modified.desc(), AccessRequest.id)
        .limit(limit)
        .offset(offset)
    )
    return total, list(model.Session.scalars(statement))


def due_for_expiry(moment: datetime.datetime) -> list[AccessRequest]:
    statement = sa.select(AccessRequest).where(
        AccessRequest.state == "approved", AccessRequest.expires_at <= moment
    )
    return list(model.Session.scalars(statement))


def due_for_reminder(moment: datetime.datetime) -> list[AccessRequest]:
    statement = sa.select(AccessRequest).where(
        AccessRequest.state == "approved",
        AccessRequest.expires_at > now(),
        AccessRequest.expires_at <= moment,
        AccessRequest.reminder_sent_at.is_(None),
    )
    return list(model.Session.scalars(statement))


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
    total = model.Session.execute(
        sa.select(sa.func.count()).select_from(AccessEvent).where(*conditions)
    ).scalar_one()
    statement = (
        sa.select(AccessEvent)
        .where(*conditions)
        .order_by(AccessEvent.id.desc())
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return total, list(model.Session.scalars(statement))


def unsent_mail(max_attempts: int, ids: list[int] | None = None) -> list[MailOutbox]:
    statement = sa.select(MailOutbox).where(
        MailOutbox.sent_at.is_(None), MailOutbox.attempts < max_attempts
    )
    if ids is not None:
        statement = statement.where(MailOutbox.id.in_(ids))
    return list(model.Session.scalars(statement.order_by(MailOutbox.id)))
