"""Template helpers of access to data: what the visitor may do with a
dataset's data, the requests waiting for them, and the labels of request
states and audit events. Registered through ``helpers.py``."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model

from . import policy

__all__ = [
    "current_user",
    "imnet_access_state",
    "imnet_is_reviewer",
    "imnet_pending_reviews",
    "imnet_request_state_label",
    "imnet_event_types",
    "imnet_event_label",
]


def current_user() -> Any:
    """The visitor as a ``model.User``, or ``None`` for anonymous."""
    user = tk.current_user
    if not user or user.is_anonymous:
        return None
    return imnet_model.user(user.id)


def imnet_access_state(pkg: dict[str, Any]) -> dict[str, Any]:
    """What the visitor may do with a dataset's data: for the access panel."""
    user = current_user()
    level = policy.level_of(pkg)
    state: dict[str, Any] = {
        "level": level,
        "approver": policy.is_approver(user, pkg),
        "entitled": policy.can_get_data(user, pkg),
        "grant": None,
        "open_request": None,
        "refusal": None,
        "can_request": False,
    }
    if level == policy.PUBLIC:
        return state
    if user is not None:
        grant = imnet_model.active_grant(user.id, pkg["id"])
        state["grant"] = grant.as_dict() if grant else None
        pending = imnet_model.open_request(user.id, pkg["id"])
        state["open_request"] = pending.as_dict() if pending else None
    if not state["entitled"] and not state["open_request"]:
        state["refusal"] = policy.request_refusal(user, pkg)
        state["can_request"] = state["refusal"] is None
    return state


def imnet_is_reviewer() -> bool:
    """True if the current user decides requests (and so reads the audit log)."""
    user = current_user()
    return user is not None and policy.reviewable_organisations(user) != []


def imnet_pending_reviews() -> int:
    """Requests waiting for the current user's own decision (header badge)."""
    user = current_user()
    if user is None:
        return 0
    if "imnet_pending_reviews" not in tk.g:
        try:
            result = tk.get_action("imnet_access_request_list")(
                {"user": user.name},
                {"role": "review", "awaiting_me": True, "limit": 0},
            )
            tk.g.imnet_pending_reviews = result["count"]
        except (tk.NotAuthorized, tk.ValidationError):
            tk.g.imnet_pending_reviews = 0
    return tk.g.imnet_pending_reviews


def imnet_request_state_label(state: str) -> str:
    """The label of an access request's state in the current language."""
    _ = tk._
    return {
        "submitted": _("Waiting for a decision"),
        "needs_info": _("More information needed"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "withdrawn": _("Withdrawn"),
        "expired": _("Expired"),
        "revoked": _("Revoked"),
    }.get(state, state)


def _event_labels() -> dict[str, str]:
    _ = tk._
    return {
        "request_submitted": _("Request submitted"),
        "request_info_requested": _("More information asked"),
        "request_info_provided": _("Information provided"),
        "request_approvals_voided": _("Approvals cancelled by a changed request"),
        "request_approval_given": _("One approval given"),
        "request_approved": _("Request approved"),
        "request_rejected": _("Request rejected"),
        "request_withdrawn": _("Request withdrawn"),
        "grant_revoked": _("Access revoked"),
        "grant_reminder_sent": _("Expiry reminder sent"),
        "grant_expired": _("Access expired"),
        "download": _("Download"),
        "sensitivity_changed": _("Sensitivity changed"),
        "visibility_changed": _("Made private, draft or deleted (or restored)"),
        "owner_changed": _("Moved to another organisation"),
        "dataset_confirmed_current": _("Confirmed as current"),
        "dataset_reviewed": _("Marked reviewed"),
        "dataset_changes_requested": _("Changes requested"),
        "dataset_endorsed": _("Endorsed as a baseline"),
        "dataset_endorsement_withdrawn": _("Endorsement withdrawn"),
        "gap_override_set": _("Gap matrix cell judged"),
        "gap_override_cleared": _("Gap matrix judgement cleared"),
    }


def imnet_event_types() -> list[str]:
    """Every kind of audit event, in the order of the request lifecycle."""
    return list(_event_labels())


def imnet_event_label(event: str) -> str:
    """The label of an audit event in the current language."""
    return _event_labels().get(event, event)
