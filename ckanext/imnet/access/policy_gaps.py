"""Who judges the gap matrix: fourth part of the access policy (``policy.py``).

The matrix itself is counted by a search made as the viewer, so the
permission labels decide what it counts; what is decided here is who may
override a cell's state and what a viewer may ask for from a cell.
"""

from __future__ import annotations

from typing import Any

from .policy_visibility import REQUESTABLE, is_sysadmin

__all__ = ["may_override_gap", "on_request"]


def may_override_gap(user: Any) -> bool:
    """MIMU admins override a gap matrix cell's state or mark it not applicable."""
    return is_sysadmin(user)


def on_request(level: str) -> bool:
    """True if a dataset of this level, when seen, has data one may request
    (restricted, confidential); never strictly confidential, never public."""
    return level in REQUESTABLE
