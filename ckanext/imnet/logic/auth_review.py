"""Auth functions of review and endorsement: decisions taken by the policy.

A dataset the user may not see is not found, as an unknown one is.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.logic.action._common import actor, not_found

__all__ = ["imnet_dataset_review", "imnet_dataset_endorse", "get_auth_functions"]

_ = tk._


def _visible(context: Context, data_dict: DataDict) -> tuple[Any, dict[str, Any]]:
    """(user, dataset) -- or not found if the user may not see the dataset."""
    user = actor(context)
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset is None or not policy.can_see_metadata(user, dataset):
        raise not_found("dataset")
    return user, dataset


@tk.auth_allow_anonymous_access
def imnet_dataset_review(context: Context, data_dict: DataDict) -> AuthResult:
    """MIMU admins (``policy.may_review``); a hidden dataset is not found."""
    user, dataset = _visible(context, data_dict)
    if policy.may_review(user, dataset):
        return {"success": True}
    return {"success": False, "msg": _("Only MIMU administrators review datasets")}


@tk.auth_allow_anonymous_access
def imnet_dataset_endorse(context: Context, data_dict: DataDict) -> AuthResult:
    """MIMU admins (``policy.may_endorse``); a hidden dataset is not found."""
    user, dataset = _visible(context, data_dict)
    if policy.may_endorse(user, dataset):
        return {"success": True}
    return {
        "success": False,
        "msg": _("Only MIMU administrators endorse baseline datasets"),
    }


def get_auth_functions() -> dict[str, Any]:
    """The auth functions of this module, by name."""
    return {
        "imnet_dataset_review": imnet_dataset_review,
        "imnet_dataset_endorse": imnet_dataset_endorse,
    }
