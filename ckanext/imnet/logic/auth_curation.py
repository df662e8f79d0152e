"""Auth functions of the curation workspace: decisions taken by the policy."""

from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet.access import policy
from ckanext.imnet.logic.action._common import actor

__all__ = [
    "imnet_curation_summary",
    "imnet_curation_list",
    "imnet_curation_bulk",
    "get_auth_functions",
]

_ = tk._


def _workspace(context: Context, data_dict: DataDict) -> AuthResult:
    """An organisation's workspace for its admins and editors and MIMU admins
    (``policy.may_curate_organisation``); the whole catalogue's for MIMU
    admins (``policy.may_curate_catalogue``). An unknown organisation is not
    found."""
    user = actor(context)
    name = data_dict.get("organization")
    if not name:
        if policy.may_curate_catalogue(user):
            return {"success": True}
        return {
            "success": False,
            "msg": _("Only MIMU administrators curate the whole catalogue"),
        }
    group = model.Group.get(str(name)) if isinstance(name, str) else None
    if group is None or not group.is_organization or group.state != "active":
        raise tk.ObjectNotFound(_("Organization not found"))
    if policy.may_curate_organisation(user, group.id):
        return {"success": True}
    return {
        "success": False,
        "msg": _(
            "Only the organisation's editors and admins, and MIMU "
            "administrators, curate its datasets"
        ),
    }


def imnet_curation_summary(context: Context, data_dict: DataDict) -> AuthResult:
    """The workspace's counts: its curators (``_workspace``)."""
    return _workspace(context, data_dict)


def imnet_curation_list(context: Context, data_dict: DataDict) -> AuthResult:
    """The workspace's lists: its curators (``_workspace``)."""
    return _workspace(context, data_dict)


def imnet_curation_bulk(context: Context, data_dict: DataDict) -> AuthResult:
    """Logged-in users; each dataset's own action decides, one by one."""
    if actor(context) is None:
        return {"success": False, "msg": _("Log in to curate datasets")}
    return {"success": True}


def get_auth_functions() -> dict[str, Any]:
    """This module's auth functions, by action name."""
    return {name: globals()[name] for name in __all__ if name != "get_auth_functions"}
