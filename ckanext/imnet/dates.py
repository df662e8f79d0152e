"""Reading the dates the metadata stores (``YYYY-MM-DD``, or a timestamp)."""

from __future__ import annotations

import datetime
from typing import Any

__all__ = ["as_date"]


def as_date(value: Any) -> datetime.date | None:
    """An ISO date (``YYYY-MM-DD``, or the start of a timestamp), else None."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return datetime.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
