"""``imnet_mail_outbox``: notifications waiting to be sent, and sent ones.

Rows are written in the same transaction as the state change they announce
and sent by background jobs, which claim them one at a time with
``FOR UPDATE SKIP LOCKED``: two workers never send the same message.
"""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from .users import now, session

__all__ = ["MailOutbox", "claim_next", "held_messages", "mail_status"]

TZ = sa.DateTime(timezone=True)


class MailOutbox(tk.BaseModel):
    """One e-mail to one person."""

    __table__ = sa.Table(
        "imnet_mail_outbox",
        tk.BaseModel.metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("created", TZ, nullable=False, default=now),
        sa.Column("recipient_id", sa.Text),
        sa.Column("recipient_email", sa.Text, nullable=False),
        sa.Column("recipient_name", sa.Text, nullable=False, default=""),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, default=0),
        sa.Column("last_error", sa.Text),
        sa.Column("sent_at", TZ),
        sa.Column("next_attempt_at", TZ),
        sa.Column("held", sa.Boolean, nullable=False, default=False),
    )

    id: Mapped[int]
    created: Mapped[datetime.datetime]
    recipient_id: Mapped[str | None]
    recipient_email: Mapped[str]
    recipient_name: Mapped[str]
    subject: Mapped[str]
    body: Mapped[str]
    attempts: Mapped[int]
    last_error: Mapped[str | None]
    sent_at: Mapped[datetime.datetime | None]
    next_attempt_at: Mapped[datetime.datetime | None]
    held: Mapped[bool]

    def as_dict(self) -> dict[str, Any]:
        """The message's delivery facts (not its text) as JSON-ready values."""
        return {
            "id": self.id,
            "created": self.created.isoformat(),
            "recipient_email": self.recipient_email,
            "subject": self.subject,
            "attempts": self.attempts,
            "last_error": self.last_error,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "next_attempt_at": self.next_attempt_at.isoformat()
            if self.next_attempt_at
            else None,
            "held": self.held,
        }


def _due(max_attempts: int) -> list[Any]:
    return [
        MailOutbox.sent_at.is_(None),
        MailOutbox.held.is_(False),
        MailOutbox.attempts < max_attempts,
        sa.or_(
            MailOutbox.next_attempt_at.is_(None), MailOutbox.next_attempt_at <= now()
        ),
    ]


def claim_next(max_attempts: int) -> MailOutbox | None:
    """Lock the oldest message due for sending, skipping those others hold.

    The lock lasts until the caller's transaction ends: commit after sending.
    """
    statement = (
        sa.select(MailOutbox)
        .where(*_due(max_attempts))
        .order_by(MailOutbox.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session().scalars(statement).first()


def held_messages() -> list[MailOutbox]:
    """Messages held for the approvers' daily digest, locked, oldest first."""
    statement = (
        sa.select(MailOutbox)
        .where(MailOutbox.held.is_(True), MailOutbox.sent_at.is_(None))
        .order_by(MailOutbox.id)
        .with_for_update(skip_locked=True)
    )
    return list(session().scalars(statement))


def mail_status(max_attempts: int, limit: int = 50) -> dict[str, Any]:
    """Counts of the outbox by state, and the messages that failed."""
    unsent = MailOutbox.sent_at.is_(None)
    counts = {
        "waiting": sa.and_(*_due(max_attempts)),
        "retrying": sa.and_(
            unsent,
            MailOutbox.attempts > 0,
            MailOutbox.attempts < max_attempts,
            MailOutbox.held.is_(False),
        ),
        "failed": sa.and_(unsent, MailOutbox.attempts >= max_attempts),
        "held": sa.and_(unsent, MailOutbox.held.is_(True)),
        "sent_last_day": MailOutbox.sent_at >= now() - datetime.timedelta(days=1),
    }
    out: dict[str, Any] = {
        name: session()
        .execute(sa.select(sa.func.count()).select_from(MailOutbox).where(condition))
        .scalar_one()
        for name, condition in counts.items()
    }
    problems = (
        sa.select(MailOutbox)
        .where(unsent, MailOutbox.attempts > 0)
        .order_by(MailOutbox.id.desc())
        .limit(limit)
    )
    out["problems"] = [m.as_dict() for m in session().scalars(problems)]
    return out
