"""Auth function of the inventory export (beside ``auth.py``, which registers it)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

__all__ = ["imnet_inventory_export"]


@tk.auth_allow_anonymous_access
def imnet_inventory_export(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone may export what they may search: the rows are their own search's
    (the policy's permission labels and export filters). For an organisation,
    whoever may see the organisation (``ObjectNotFound`` for an unknown one)."""
    if data_dict.get("organization"):
        tk.check_access(
            "organization_show", context, {"id": str(data_dict["organization"])}
        )
    return {"success": True}
