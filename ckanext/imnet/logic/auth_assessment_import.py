"""Auth function of the registry spreadsheet's import (registered by ``auth.py``)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet.access import policy
from ckanext.imnet.logic.action._common import actor

__all__ = ["imnet_assessments_import"]

_ = tk._


def imnet_assessments_import(context: Context, data_dict: DataDict) -> AuthResult:
    """MIMU admins (``policy.may_import_assessments``)."""
    if policy.may_import_assessments(actor(context)):
        return {"success": True}
    return {
        "success": False,
        "msg": _("Only MIMU administrators import registry spreadsheets"),
    }
