"""Freshness records: confirmations that a dataset is still current, and the
reminders already sent (``imnet_dataset_confirmation``,
``imnet_freshness_notice``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

# The demo backdates core timestamps that no action lets a caller set.
from ckan import model
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Mapped

from . import read_ahead
from .users import now, session

__all__ = [
    "DatasetConfirmation",
    "FreshnessNotice",
    "confirmation",
    "confirmations",
    "claim_notice",
    "last_notices",
    "backdate_dataset",
]

TZ = sa.DateTime(timezone=True)


class DatasetConfirmation(tk.BaseModel):
    """The last time a data owner or MIMU admin confirmed a dataset is current."""

    __table__ = sa.Table(
        "imnet_dataset_confirmation",
        tk.BaseModel.metadata,
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("confirmed_at", TZ, nullable=False, default=now),
        sa.Column("confirmed_by", sa.Text),
        sa.Column("note", sa.Text, nullable=False, default=""),
    )

    package_id: Mapped[str]
    confirmed_at: Mapped[datetime.datetime]
    confirmed_by: Mapped[str | None]
    note: Mapped[str]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "package_id": self.package_id,
            "confirmed_at": self.confirmed_at.isoformat(),
            "confirmed_by": self.confirmed_by,
            "note": self.note,
        }


class FreshnessNotice(tk.BaseModel):
    """A reminder sent: a dataset reached ``state`` in the cycle that began at
    ``since`` (its last sign of being current). Unique, so never sent twice."""

    __table__ = sa.Table(
        "imnet_freshness_notice",
        tk.BaseModel.metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("package_id", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("since", TZ, nullable=False),
        sa.Column("created", TZ, nullable=False, default=now),
        sa.UniqueConstraint("package_id", "state", "since"),
    )

    id: Mapped[int]
    package_id: Mapped[str]
    state: Mapped[str]
    since: Mapped[datetime.datetime]
    created: Mapped[datetime.datetime]


def confirmations(package_ids: Iterable[str]) -> dict[str, DatasetConfirmation]:
    """The last confirmations of several datasets, by id, in one query."""
    wanted = list(set(package_ids))
    if not wanted:
        return {}
    statement = sa.select(DatasetConfirmation).where(
        DatasetConfirmation.package_id.in_(wanted)
    )
    return {c.package_id: c for c in session().scalars(statement)}


@read_ahead.reads_ahead(confirmations)
def confirmation(package_id: str) -> DatasetConfirmation | None:
    """A dataset's last confirmation, or ``None``."""
    return session().get(DatasetConfirmation, package_id) if package_id else None


def claim_notice(package_id: str, state: str, since: datetime.datetime) -> bool:
    """Record that a reminder is sent; False if it was already (by any run)."""
    statement = (
        insert(FreshnessNotice.__table__)
        .values(package_id=package_id, state=state, since=since, created=now())
        .on_conflict_do_nothing()
        .returning(FreshnessNotice.__table__.c.id)
    )
    return session().execute(statement).first() is not None


def last_notices(
    package_ids: Iterable[str], states: Iterable[str]
) -> dict[tuple[str, str], datetime.datetime]:
    """The latest ``since`` of the notices sent per (dataset, state), in one
    query, for datasets and states among those given."""
    wanted, named = list(set(package_ids)), list(set(states))
    if not wanted or not named:
        return {}
    table = FreshnessNotice.__table__
    statement = (
        sa.select(table.c.package_id, table.c.state, sa.func.max(table.c.since))
        .where(table.c.package_id.in_(wanted), table.c.state.in_(named))
        .group_by(table.c.package_id, table.c.state)
    )
    return {(row[0], row[1]): row[2] for row in session().execute(statement)}


def backdate_dataset(package_id: str, when: datetime.datetime) -> None:
    """Set a dataset's modification time and its resources' times to ``when``
    (the demo catalogue's aged datasets; nothing else writes these)."""
    naive = when.astimezone(datetime.UTC).replace(tzinfo=None)
    session().execute(
        sa.update(model.Package)
        .where(model.Package.id == package_id)
        .values(metadata_modified=naive)
    )
    session().execute(
        sa.update(model.Resource)
        .where(model.Resource.package_id == package_id)
        .values(created=naive, last_modified=naive, metadata_modified=naive)
    )
