"""The activity stream's stored dataset snapshots (core's ``activity`` table).

CKAN stores each snapshot with the permission labels of its moment and reads
some of them straight from the table (the resource history page). When a
dataset's access changes, its snapshots are brought in line with the
dataset as it is now: the same labels, and no URL of data that is no longer
open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from .users import session

__all__ = ["set_activity_labels", "rewrite_snapshots", "dataset_of_activity"]

# The activity plugin's table, named rather than imported: the plugin may be off.
_ACTIVITY = sa.table(
    "activity",
    sa.column("id"),
    sa.column("object_id"),
    sa.column("activity_type"),
    sa.column("permission_labels"),
    sa.column("data"),
)


def _has_activity_table() -> bool:
    return bool(
        session()
        .execute(sa.text("SELECT to_regclass('activity') IS NOT NULL"))
        .scalar()
    )


def set_activity_labels(package_id: str, labels: list[str]) -> None:
    """Give every activity of a dataset the dataset's current permission labels."""
    if not _has_activity_table():
        return
    session().execute(
        sa.text(
            "UPDATE activity SET permission_labels = :labels "
            "WHERE object_id = :id AND activity_type LIKE '%package'"
        ),
        {"labels": labels, "id": package_id},
    )


def rewrite_snapshots(
    package_id: str, rewrite: Callable[[dict[str, Any]], dict[str, Any]]
) -> int:
    """Apply ``rewrite`` to every stored snapshot of a dataset; returns how many."""
    if not _has_activity_table():
        return 0
    import json

    rows = session().execute(
        sa.text(
            "SELECT id, data FROM activity "
            "WHERE object_id = :id AND activity_type LIKE '%package' FOR UPDATE"
        ),
        {"id": package_id},
    )
    changed = 0
    for row in rows.fetchall():
        data = json.loads(row.data) if isinstance(row.data, str) else row.data
        if not isinstance(data, dict):
            continue
        new = rewrite(data)
        session().execute(
            sa.text("UPDATE activity SET data = :data WHERE id = :id"),
            {"data": json.dumps(new, ensure_ascii=False), "id": row.id},
        )
        changed += 1
    return changed


def dataset_of_activity(activity_id: str) -> dict[str, Any] | None:
    """The summary of the dataset an activity is about, or ``None``."""
    from .datasets import dataset_summary

    if not activity_id or not _has_activity_table():
        return None
    row = (
        session()
        .execute(
            sa.text(
                "SELECT object_id FROM activity "
                "WHERE id = :id AND activity_type LIKE '%package'"
            ),
            {"id": activity_id},
        )
        .first()
    )
    return dataset_summary(row.object_id) if row else None
