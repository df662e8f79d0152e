"""Who may request a dataset's data, who approves, which steps each person may
take on a request, and who reads the audit log.

Half of the access policy (``policy.py``, which everything else asks, and
whose docstring states the rules).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model

from .policy_visibility import (
    CONFIDENTIAL,
    PUBLIC,
    STRICTLY_CONFIDENTIAL,
    _user_id,
    can_get_data,
    can_see_metadata,
    is_network_member,
    is_sysadmin,
    level_of,
    organisation_role,
)

__all__ = [
    "request_refusal",
    "can_request",
    "limit_refusal",
    "may_hold",
    "may_list_requests",
    "approval_roles",
    "approval_to_give",
    "approvers_for",
    "missing_approvals",
    "grant_stands",
    "may_take_step",
    "REQUESTER_STEPS",
    "owner_has_approvers",
    "acts_for_owner",
    "is_approver",
    "reviewable_organisations",
    "allowed_steps",
    "needs_two_approvals",
    "may_read_audit",
]

_ = tk._

# -- requests ------------------------------------------------------------------


def _eligibility_refusal(user: Any, dataset: Mapping[str, Any]) -> str | None:
    """Why the user could not hold a request for this dataset as it is now."""
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
    return None


def request_refusal(user: Any, dataset: Mapping[str, Any]) -> str | None:
    """Why this user cannot request this dataset's data, or ``None`` if they can.

    Only asked for a dataset the user may see: for any other, the caller
    answers as for a dataset that does not exist.
    """
    refusal = _eligibility_refusal(user, dataset)
    if refusal is None and can_get_data(user, dataset):
        return _("You already have access to this data.")
    return refusal


def can_request(user: Any, dataset: Mapping[str, Any]) -> bool:
    """True if the user may see the dataset and request its data."""
    return can_see_metadata(user, dataset) and request_refusal(user, dataset) is None


def limit_refusal(user: Any, dataset: Mapping[str, Any]) -> str | None:
    """Why a new request would exceed the request limits, or ``None``."""
    since = imnet_model.now() - datetime.timedelta(days=1)
    per_day = config.requests_per_day()
    if per_day and imnet_model.count_requests_since(user.id, since) >= per_day:
        return _(
            "You have made {count} requests in the last 24 hours, the most "
            "allowed. Try again tomorrow."
        ).format(count=per_day)
    hours = config.withdrawal_cooldown_hours()
    withdrawn = imnet_model.last_withdrawal(user.id, dataset["id"])
    if hours and withdrawn is not None:
        until = withdrawn + datetime.timedelta(hours=hours)
        if until > imnet_model.now():
            return _(
                "You withdrew a request for this dataset recently; you can "
                "request it again after {time} UTC."
            ).format(time=until.strftime("%Y-%m-%d %H:%M"))
    return None


def may_hold(user: Any, dataset: Mapping[str, Any]) -> bool:
    """May the user keep an open request or a grant for the dataset as it is now?

    The rule a request is filed under, applied again whenever the dataset's
    level, privacy, state or owner changes: what it no longer allows ends.
    """
    return (
        can_see_metadata(user, dataset) and _eligibility_refusal(user, dataset) is None
    )


def may_list_requests(user: Any) -> bool:
    """Request lists (one's own, or a review queue) are for logged-in users."""
    return _user_id(user) is not None


# -- approvals -----------------------------------------------------------------


def needs_two_approvals(level: str) -> bool:
    """Confidential data needs the data owner's and a MIMU admin's approval."""
    return level == CONFIDENTIAL


def owner_has_approvers(dataset: Mapping[str, Any]) -> bool:
    """True if the owning organisation has an active admin or editor."""
    return bool(
        imnet_model.approver_users(dataset.get("owner_org"), owners=True, admins=False)
    )


def acts_for_owner(user: Any, dataset: Mapping[str, Any]) -> bool:
    """True if the user gives the owner's approval on behalf of an organisation
    that has nobody to give it (a MIMU admin)."""
    return (
        is_sysadmin(user)
        and organisation_role(user, dataset.get("owner_org")) not in ("admin", "editor")
        and not owner_has_approvers(dataset)
    )


def approval_roles(
    user: Any, dataset: Mapping[str, Any], request: Any = None
) -> set[str]:
    """The approvals the user may give: ``owner`` and/or ``admin`` (MIMU).

    Never the requester's own request, whatever their role; never for a
    dataset they may not see. MIMU admins may give the owner's approval for
    an organisation that has no admin or editor.
    """
    user_id = _user_id(user)
    if user_id is None or (request is not None and request.user_id == user_id):
        return set()
    if not can_see_metadata(user, dataset):
        return set()
    roles = set()
    if organisation_role(user, dataset.get("owner_org")) in ("admin", "editor"):
        roles.add("owner")
    if is_sysadmin(user):
        roles.add("admin")
        if acts_for_owner(user, dataset):
            roles.add("owner")
    return roles


def is_approver(user: Any, dataset: Mapping[str, Any], request: Any = None) -> bool:
    """True if the user decides requests for this dataset (or this request)."""
    return bool(approval_roles(user, dataset, request))


def approvers_for(
    dataset: Mapping[str, Any], role: str, request: Any = None
) -> list[Any]:
    """The people who may give the ``owner`` or ``admin`` approval (never the
    requester)."""
    org = dataset.get("owner_org")
    if role == "owner":
        people = imnet_model.approver_users(org, owners=True, admins=False)
        if not people:
            people = imnet_model.approver_users(org, owners=False, admins=True)
    else:
        people = imnet_model.approver_users(org, owners=False, admins=True)
    requester = request.user_id if request is not None else None
    return [p for p in people if p.id != requester]


def missing_approvals(dataset: Mapping[str, Any], request: Any) -> list[str]:
    """The approvals (``owner``, ``admin``) an open request still needs."""
    if not needs_two_approvals(level_of(dataset)):
        done = request.owner_approved_by or request.admin_approved_by
        return [] if done else ["owner"]
    return [
        role
        for role, by in (
            ("owner", request.owner_approved_by),
            ("admin", request.admin_approved_by),
        )
        if not by
    ]


def approval_to_give(user: Any, dataset: Mapping[str, Any], request: Any) -> str | None:
    """The approval (``owner`` or ``admin``) this user's approval would count as.

    ``None`` if the user may not approve, or has already given an approval
    and someone else can give the one still missing (confidential data needs
    two people whenever two can decide).
    """
    roles = approval_roles(user, dataset, request)
    missing = missing_approvals(dataset, request)
    if not roles or not missing:
        return None
    if not needs_two_approvals(level_of(dataset)):
        return "owner" if "owner" in roles else "admin"
    already = user.id in (request.owner_approved_by, request.admin_approved_by)
    for role in missing:
        if role not in roles:
            continue
        if not already:
            return role
        # Two different people, whenever two can decide. Only for an
        # organisation with nobody of its own, where MIMU decides for it, may
        # the sole MIMU admin give both: the request must be able to finish.
        others = [p for p in approvers_for(dataset, role, request) if p.id != user.id]
        if not others and acts_for_owner(user, dataset):
            return role
    return None


def grant_stands(dataset: Mapping[str, Any], request: Any) -> bool:
    """Does an approved grant carry the approvals the dataset's level needs now?

    A grant approved once under ``restricted`` does not stand once the
    dataset is ``confidential``, which needs the owner's and MIMU's approval.
    """
    if not needs_two_approvals(level_of(dataset)):
        return True
    return bool(request.owner_approved_by and request.admin_approved_by)


REQUESTER_STEPS = ("respond", "withdraw")


def may_take_step(
    user: Any, request: Any, dataset: Mapping[str, Any], step: str
) -> bool:
    """May the user take this kind of step on the request (whatever its state)?

    The requester answers and withdraws; approvers decide -- sysadmins too,
    who pass CKAN's auth functions, are held to this.
    """
    if step in REQUESTER_STEPS:
        return _user_id(user) is not None and request.user_id == user.id
    return is_approver(user, dataset, request)


def reviewable_organisations(user: Any) -> list[str] | None:
    """Organisations whose requests the user reviews; ``None`` means all."""
    if is_sysadmin(user):
        return None
    user_id = _user_id(user)
    if user_id is None:
        return []
    return [
        org
        for org, role in imnet_model.organisations_of(user_id).items()
        if role in ("admin", "editor")
    ]


def allowed_steps(user: Any, request: Any, dataset: Mapping[str, Any]) -> list[str]:
    """The steps of the request this user may take now."""
    steps: list[str] = []
    if _user_id(user) is None:
        return steps
    if request.user_id == user.id:
        if request.state in ("submitted", "needs_info"):
            steps.append("withdraw")
        if request.state == "needs_info":
            steps.append("respond")
        return steps
    if not is_approver(user, dataset, request):
        return steps
    if request.state == "submitted":
        if approval_to_give(user, dataset, request):
            steps.append("approve")
        steps += ["request_info", "reject"]
    elif request.state == "needs_info":
        steps.append("reject")
    elif request.state == "approved":
        steps.append("revoke")
    return steps


def may_read_audit(user: Any, dataset: Mapping[str, Any] | None) -> bool:
    """MIMU admins read the whole audit log; data owners that of their
    organisations' datasets (``dataset``: the one asked for, if any)."""
    if is_sysadmin(user):
        return True
    if dataset is not None:
        return is_approver(user, dataset)
    return bool(reviewable_organisations(user))
