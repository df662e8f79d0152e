"""Review and endorsement records: a dataset's place in the MIMU review queue
(``imnet_dataset_review``) and the endorsed baseline datasets
(``imnet_dataset_endorsement``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa

# A dataset held private by the required-review option is published again
# when reviewed, without ``package_update`` (whose hooks would requeue it).
from ckan import model
from sqlalchemy.orm import Mapped

from . import read_ahead
from .users import now, session

__all__ = [
    "DatasetReview",
    "DatasetEndorsement",
    "review",
    "reviews",
    "endorsement",
    "endorsements",
    "set_private",
]

TZ = sa.DateTime(timezone=True)


class DatasetReview(tk.BaseModel):
    """Where a dataset stands in the review queue, and the last review."""

    __table__ = sa.Table(
        "imnet_dataset_review",
        tk.BaseModel.metadata,
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        # why it (last) entered the queue: "new" or "changed"
        sa.Column("entered", sa.Text, nullable=False, default="new"),
        # a digest of its IM fields when it did: an update compares with it
        sa.Column("fingerprint", sa.Text, nullable=False, default=""),
        sa.Column("since", TZ, nullable=False, default=now),
        sa.Column("changed_by", sa.Text),
        sa.Column("reviewed_at", TZ),
        sa.Column("reviewed_by", sa.Text),
        sa.Column("comment", sa.Text, nullable=False, default=""),
        # made private by ``ckanext.imnet.review.required_from`` until reviewed
        sa.Column("held", sa.Boolean, nullable=False, default=False),
    )

    package_id: Mapped[str]
    state: Mapped[str]
    entered: Mapped[str]
    fingerprint: Mapped[str]
    since: Mapped[datetime.datetime]
    changed_by: Mapped[str | None]
    reviewed_at: Mapped[datetime.datetime | None]
    reviewed_by: Mapped[str | None]
    comment: Mapped[str]
    held: Mapped[bool]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "package_id": self.package_id,
            "state": self.state,
            "entered": self.entered,
            "since": self.since.isoformat() if self.since else None,
            "reviewed_at": self.reviewed_at.isoformat() if self.reviewed_at else None,
            "reviewed_by": self.reviewed_by,
            "comment": self.comment,
            "held": self.held,
        }


class DatasetEndorsement(tk.BaseModel):
    """An endorsed baseline dataset: who endorsed it, when, and why."""

    __table__ = sa.Table(
        "imnet_dataset_endorsement",
        tk.BaseModel.metadata,
        sa.Column("package_id", sa.Text, primary_key=True),
        sa.Column("endorsed_at", TZ, nullable=False, default=now),
        sa.Column("endorsed_by", sa.Text),
        sa.Column("note", sa.Text, nullable=False, default=""),
    )

    package_id: Mapped[str]
    endorsed_at: Mapped[datetime.datetime]
    endorsed_by: Mapped[str | None]
    note: Mapped[str]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "package_id": self.package_id,
            "endorsed_at": self.endorsed_at.isoformat(),
            "endorsed_by": self.endorsed_by,
            "note": self.note,
        }


def reviews(package_ids: Iterable[str]) -> dict[str, DatasetReview]:
    """The review records of several datasets, by id, in one query."""
    wanted = list(set(package_ids))
    if not wanted:
        return {}
    statement = sa.select(DatasetReview).where(DatasetReview.package_id.in_(wanted))
    return {r.package_id: r for r in session().scalars(statement)}


@read_ahead.reads_ahead(reviews)
def review(package_id: str) -> DatasetReview | None:
    """A dataset's review record, or ``None`` (never recorded: unreviewed)."""
    return session().get(DatasetReview, package_id) if package_id else None


def endorsements(package_ids: Iterable[str]) -> dict[str, DatasetEndorsement]:
    """The endorsements of several datasets, by id, in one query."""
    wanted = list(set(package_ids))
    if not wanted:
        return {}
    statement = sa.select(DatasetEndorsement).where(
        DatasetEndorsement.package_id.in_(wanted)
    )
    return {e.package_id: e for e in session().scalars(statement)}


@read_ahead.reads_ahead(endorsements)
def endorsement(package_id: str) -> DatasetEndorsement | None:
    """A dataset's endorsement, or ``None``."""
    return session().get(DatasetEndorsement, package_id) if package_id else None


def set_private(package_id: str, private: bool) -> None:
    """Set CKAN's ``private`` flag of a dataset, in the caller's transaction."""
    package = model.Package.get(package_id)
    if package is not None and package.private != private:
        package.private = private
