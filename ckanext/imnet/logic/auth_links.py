"""Auth functions of broken links (beside ``auth.py``, which registers them)."""

from __future__ import annotations

from ckan.types import AuthResult, Context, DataDict

__all__ = ["imnet_link_report"]


def imnet_link_report(context: Context, data_dict: DataDict) -> AuthResult:
    """Logged-in users; the action lists only the links of data the caller may
    get (the policy's ``can_get_data``), so nothing more is decided here."""
    return {"success": True}
