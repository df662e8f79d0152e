"""Auth functions of the gap matrix: decisions taken by the access policy."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet.access import policy
from ckanext.imnet.logic.action._common import actor

__all__ = ["imnet_gap_matrix", "imnet_gap_override", "get_auth_functions"]

_ = tk._


@tk.auth_allow_anonymous_access
def imnet_gap_matrix(context: Context, data_dict: DataDict) -> AuthResult:
    """Everyone: the matrix counts only what the caller's own search finds."""
    return {"success": True}


def imnet_gap_override(context: Context, data_dict: DataDict) -> AuthResult:
    """MIMU admins (``policy.may_override_gap``)."""
    if policy.may_override_gap(actor(context)):
        return {"success": True}
    return {
        "success": False,
        "msg": _("Only MIMU administrators override the gap matrix"),
    }


def get_auth_functions() -> dict[str, Any]:
    """The auth functions of this module, by name."""
    return {
        "imnet_gap_matrix": imnet_gap_matrix,
        "imnet_gap_override": imnet_gap_override,
    }
