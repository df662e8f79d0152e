"""Who may see what: the one place that decides (BRIEF §3).

* **metadata** of a dataset: public and restricted -> everyone; confidential ->
  Network members (users in at least one organisation); strictly
  confidential -> the owning organisation. Enforced through CKAN's permission
  labels, so search, facets, counts, autocomplete, organisation pages and
  ``package_show`` all agree.
* **data** (resource URLs, downloads, previews, DataStore): public -> everyone;
  otherwise the owning organisation, sysadmins and holders of an active grant.
* **requests**: restricted -> any logged-in user; confidential -> members;
  strictly confidential and public -> none.
* **approvers**: admins and editors of the owning organisation, and sysadmins;
  confidential data needs one of each (two different people).

Every check takes the user as a ``model.User`` (or ``None`` for anonymous) and
the dataset as a dict with ``id``, ``owner_org`` and ``sensitivity``.
"""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.imnet import model as imnet_model

__all__ = [
    "PUBLIC",
    "RESTRICTED",
    "CONFIDENTIAL",
    "STRICTLY_CONFIDENTIAL",
    "NETWORK_MEMBER_LABEL",
    "level_of",
    "is_sysadmin",
    "is_network_member",
    "organisation_role",
    "can_see_metadata",
    "can_get_data",
    "has_active_grant",
    "can_request",
    "request_refusal",
    "is_approver",
    "approval_roles",
    "needs_two_approvals",
    "PermissionLabels",
]

PUBLIC = "public"
RESTRICTED = "restricted"
CONFIDENTIAL = "confidential"
STRICTLY_CONFIDENTIAL = "strictly_confidential"
LEVELS = (PUBLIC, RESTRICTED, CONFIDENTIAL, STRICTLY_CONFIDENTIAL)
NETWORK_MEMBER_LABEL = "imnet-network-member"


def level_of(dataset: dict[str, Any]) -> str:
    level = dataset.get("sensitivity") or PUBLIC
    # An unknown value is treated as the strictest level, never as public.
    return level if level in LEVELS else STRICTLY_CONFIDENTIAL


def _user_id(user: Any) -> str | None:
    if user is None or getattr(user, "is_anonymous", False):
        return None
    return getattr(user, "id", None)


def is_sysadmin(user: Any) -> bool:
    return bool(_user_id(user) and getattr(user, "sysadmin", False))


def is_network_member(user: Any) -> bool:
    user_id = _user_id(user)
    return bool(user_id) and imnet_model.organisations_of(user_id) != {}


def organisation_role(user: Any, org_id: str | None) -> str | None:
    """``admin``, ``editor``, ``member`` or ``None``."""
    user_id = _user_id(user)
    if not user_id or not org_id:
        return None
    return imnet_model.organisations_of(user_id).get(org_id)


def can_see_metadata(user: Any, dataset: dict[str, Any]) -> bool:
    level = level_of(dataset)
    if level in (PUBLIC, RESTRICTED) or is_sysadmin(user):
        return True
    if level == CONFIDENTIAL:
        return is_network_member(user)
    return organisation_role(user, dataset.get("owner_org")) is not None


def has_active_grant(user: Any, dataset_id: str) -> bool:
    user_id = _user_id(user)
    return bool(user_id) and imnet_model.active_grant(user_id, dataset_id) is not None


def can_get_data(user: Any, dataset: dict[str, Any]) -> bool:
    if level_of(dataset) == PUBLIC:
        return True
    if is_sysadmin(user):
        return True
    if organisation_role(user, dataset.get("owner_org")) is not None:
        return True
    return has_active_grant(user, dataset["id"])


def request_refusal(user: Any, dataset: dict[str, Any]) -> str | None:
    """Why this user cannot request this dataset's data, or ``None`` if they can."""
    _ = tk._
    level = level_of(dataset)
    if level == PUBLIC:
        return _("The data of this dataset is public: no request is needed.")
    if level == STRICTLY_CONFIDENTIAL:
        return _("Strictly confidential data cannot be requested.")
    if _user_id(user) is None:
        return _("Log in to request access to this data.")
    if level == CONFIDENTIAL and not is_network_member(user):
        return _(
            "Confidential data can only be requested by members of an "
            "organisation of the Network."
        )
    if can_get_data(user, dataset):
        return _("You already have access to this data.")
    return None


def can_request(user: Any, dataset: dict[str, Any]) -> bool:
    return request_refusal(user, dataset) is None


def approval_roles(user: Any, dataset: dict[str, Any]) -> set[str]:
    """The approvals this user may give: ``owner`` and/or ``admin`` (MIMU)."""
    roles = set()
    if organisation_role(user, dataset.get("owner_org")) in ("admin", "editor"):
        roles.add("owner")
    if is_sysadmin(user):
        roles.add("admin")
    return roles


def is_approver(user: Any, dataset: dict[str, Any]) -> bool:
    return bool(approval_roles(user, dataset))


def needs_two_approvals(level: str) -> bool:
    return level == CONFIDENTIAL


def grant_expiry(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


class PermissionLabels(DefaultPermissionLabels):
    """CKAN's labels, narrowed by sensitivity for datasets that are not private."""

    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        labels = super().get_dataset_labels(dataset_obj)
        if labels != ["public"]:
            return labels  # private or draft: CKAN's rules already apply
        level = level_of({"sensitivity": dataset_obj.extras.get("sensitivity")})
        org_label = f"member-{dataset_obj.owner_org}"
        if level == CONFIDENTIAL:
            return [NETWORK_MEMBER_LABEL, org_label]
        if level == STRICTLY_CONFIDENTIAL:
            return [org_label]
        return labels

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        labels = super().get_user_dataset_labels(user_obj)
        if is_network_member(user_obj):
            labels.append(NETWORK_MEMBER_LABEL)
        return labels
