"""``imnet_gap_override``: MIMU admins' judgement of a gap matrix cell.

A cell (a data category in a State/Region, or ``MMR`` for the Union column)
can be given a state other than the recipe's, or marked not applicable, with
a comment. Clearing an override deletes its row; both are audited.
"""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from .users import session

__all__ = ["GapOverride", "gap_override", "gap_overrides"]


class GapOverride(tk.BaseModel):
    """The state a MIMU admin gave one cell of the gap matrix, and why."""

    __table__ = sa.Table(
        "imnet_gap_override",
        tk.BaseModel.metadata,
        sa.Column("category", sa.Text, primary_key=True),
        sa.Column("place", sa.Text, primary_key=True),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("set_by", sa.Text),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
    )

    category: Mapped[str]
    place: Mapped[str]
    state: Mapped[str]
    comment: Mapped[str]
    set_by: Mapped[str | None]
    set_at: Mapped[datetime.datetime]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values."""
        return {
            "category": self.category,
            "place": self.place,
            "state": self.state,
            "comment": self.comment,
            "set_by": self.set_by,
            "set_at": self.set_at.isoformat() if self.set_at else None,
        }


def gap_override(category: str, place: str) -> GapOverride | None:
    """The override of one cell, or ``None``."""
    return session().get(GapOverride, (category, place))


def gap_overrides() -> dict[tuple[str, str], GapOverride]:
    """Every override, by (category, place)."""
    rows = session().scalars(sa.select(GapOverride))
    return {(row.category, row.place): row for row in rows}
