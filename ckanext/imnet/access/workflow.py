"""The access-request state machine, grants and the audit log (BRIEF §4).

``submitted -> (needs_info <-> submitted) -> approved -> (expired | revoked)``,
``submitted -> rejected``, ``submitted | needs_info -> withdrawn``.

Functions here change model objects, record audit events and queue
notifications in the caller's session; actions check authorisation first and
commit afterwards, so a state change and its mail and audit entries are
committed together (mail is sent by a background job after the commit, see
``notify``). Who may take a step is decided by ``policy``.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.model import AccessEvent, AccessRequest

from . import notify, policy

__all__ = [
    "IllegalTransition",
    "Outcome",
    "submit",
    "request_info",
    "respond",
    "approve",
    "reject",
    "withdraw",
    "revoke",
    "expire",
    "remind",
    "close",
    "record",
    "agreement",
]

_ = tk._

# transition -> states it may start from, state it leads to
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "request_info": (("submitted",), "needs_info"),
    "respond": (("needs_info",), "submitted"),
    "approve": (("submitted",), "approved"),
    "reject": (("submitted", "needs_info"), "rejected"),
    "withdraw": (("submitted", "needs_info"), "withdrawn"),
    "revoke": (("approved",), "revoked"),
    "expire": (("approved",), "expired"),
}


class IllegalTransition(Exception):
    """The request's state does not allow this step; the message says why."""


@dataclass
class Outcome:
    """What a step did: the request, whether it changed, the audit event."""

    request: AccessRequest
    changed: bool
    event: str | None = None


def record(
    event: str,
    actor_id: str | None,
    package_id: str | None,
    request_id: str | None = None,
    resource_id: str | None = None,
    reason: str | None = None,
    **details: Any,
) -> AccessEvent:
    """Add an entry to the audit log, in the caller's transaction."""
    entry = AccessEvent(
        event=event,
        actor_id=actor_id,
        package_id=package_id,
        request_id=request_id,
        resource_id=resource_id,
        reason=reason,
        details=details,
    )
    imnet_model.session().add(entry)
    return entry


def agreement(dataset: dict[str, Any], locale: str) -> tuple[str, str, str]:
    """(dataset conditions, site terms, hash of both) as the requester accepts them.

    The site terms are those shown in the requester's language (``locale``).
    """
    conditions = (dataset.get("access_conditions") or "").strip()
    terms = config.site_terms(locale)
    digest = hashlib.sha256(f"{conditions}\n--\n{terms}".encode()).hexdigest()
    return conditions, terms, digest


def _check(request: AccessRequest, transition: str) -> bool:
    """True if the step is due, False if it was already taken (a harmless repeat)."""
    sources, target = TRANSITIONS[transition]
    if request.state in sources:
        return True
    if request.state == target:
        return False
    raise IllegalTransition(_STATE_MESSAGES[request.state]())


_STATE_MESSAGES = {
    "submitted": lambda: _("This request is waiting for a decision."),
    "needs_info": lambda: _("This request is waiting for more information."),
    "approved": lambda: _("This request has already been approved."),
    "rejected": lambda: _("This request was rejected; make a new request."),
    "withdrawn": lambda: _("This request was withdrawn; make a new request."),
    "expired": lambda: _("This access has expired; make a new request."),
    "revoked": lambda: _("This access was revoked; make a new request."),
}


def _decide(
    request: AccessRequest, state: str, actor_id: str | None, reason: str | None
) -> None:
    request.state = state
    request.decided_by = actor_id
    request.decided_at = imnet_model.now()
    if reason is not None:
        request.reason = reason


def submit(
    user: Any,
    dataset: dict[str, Any],
    purpose: str,
    organization: str,
    days: int,
    locale: str,
) -> Outcome:
    """File a request for the user, with the agreement they accept in ``locale``."""
    conditions, terms, digest = agreement(dataset, locale)
    request = AccessRequest(
        package_id=dataset["id"],
        user_id=user.id,
        state="submitted",
        sensitivity=policy.level_of(dataset),
        purpose=purpose,
        requester_organization=organization,
        requested_days=days,
        conditions_text=conditions,
        terms_text=terms,
        agreement_hash=digest,
    )
    session = imnet_model.session()
    session.add(request)
    session.flush()
    record(
        "request_submitted",
        user.id,
        dataset["id"],
        request.id,
        days=days,
        sensitivity=request.sensitivity,
        agreement_hash=digest,
    )
    notify.queue("request_submitted", request, dataset)
    notify.queue("request_received", request, dataset)
    return Outcome(request, True, "request_submitted")


def request_info(
    request: AccessRequest, actor: Any, dataset: dict[str, Any], reason: str
) -> Outcome:
    """An approver asks the requester for more information."""
    if not _check(request, "request_info"):
        return Outcome(request, False)
    request.state = "needs_info"
    request.reason = reason
    record(
        "request_info_requested",
        actor.id,
        request.package_id,
        request.id,
        reason=reason,
    )
    notify.queue("request_info_requested", request, dataset, reason=reason)
    return Outcome(request, True, "request_info_requested")


def respond(
    request: AccessRequest, actor: Any, dataset: dict[str, Any], answer: str
) -> Outcome:
    """The requester answers; approvals given before the answer are void."""
    if not _check(request, "respond"):
        return Outcome(request, False)
    request.state = "submitted"
    request.purpose = f"{request.purpose}\n\n{answer}".strip()
    record(
        "request_info_provided", actor.id, request.package_id, request.id, reason=answer
    )
    # Approvals were given to the request as it stood; it has changed.
    voided = [
        role
        for role, by in (
            ("owner", request.owner_approved_by),
            ("admin", request.admin_approved_by),
        )
        if by
    ]
    if voided:
        request.owner_approved_by = request.owner_approved_at = None
        request.admin_approved_by = request.admin_approved_at = None
        record(
            "request_approvals_voided",
            actor.id,
            request.package_id,
            request.id,
            roles=voided,
        )
    notify.queue("request_info_provided", request, dataset, reason=answer)
    return Outcome(request, True, "request_info_provided")


def approve(
    request: AccessRequest,
    actor: Any,
    dataset: dict[str, Any],
    days: int | None = None,
) -> Outcome:
    """Give the actor's approval; the last one needed issues the grant.

    ``days``: the approver grants fewer days than asked (the shortest any
    approver grants counts).
    """
    if not _check(request, "approve"):
        return Outcome(request, False)
    level = policy.level_of(dataset)
    if level not in policy.REQUESTABLE:
        raise IllegalTransition(_("The dataset's data can no longer be requested."))
    role = policy.approval_to_give(actor, dataset, request)
    if role is None:
        if actor.id in (request.owner_approved_by, request.admin_approved_by):
            raise IllegalTransition(
                _("You have already approved; a second approver is needed.")
            )
        raise IllegalTransition(
            _("Your approval has already been given; the other approval is needed.")
        )
    if days is not None:
        if days > request.requested_days:
            raise IllegalTransition(
                _("Grant at most the {days} days asked for.").format(
                    days=request.requested_days
                )
            )
        request.granted_days = min(days, request.granted_days or days)
    now = imnet_model.now()
    details: dict[str, Any] = {"role": role}
    if role == "owner" and policy.acts_for_owner(actor, dataset):
        details["on_behalf_of_owner"] = True
    if days is not None:
        details["days"] = days
    if role == "owner":
        request.owner_approved_by, request.owner_approved_at = actor.id, now
    else:
        request.admin_approved_by, request.admin_approved_at = actor.id, now
    if policy.needs_two_approvals(level) and not (
        request.owner_approved_by and request.admin_approved_by
    ):
        record(
            "request_approval_given",
            actor.id,
            request.package_id,
            request.id,
            **details,
        )
        notify.queue("request_approval_given", request, dataset, role=role)
        return Outcome(request, True, "request_approval_given")
    _decide(request, "approved", actor.id, None)
    request.expires_at = now + datetime.timedelta(
        days=request.granted_days or request.requested_days
    )
    record(
        "request_approved",
        actor.id,
        request.package_id,
        request.id,
        expires_at=request.expires_at.isoformat(),
        **details,
    )
    notify.queue("request_approved", request, dataset)
    return Outcome(request, True, "request_approved")


def reject(
    request: AccessRequest, actor: Any, dataset: dict[str, Any], reason: str
) -> Outcome:
    """An approver rejects the request, with a reason."""
    if not _check(request, "reject"):
        return Outcome(request, False)
    _decide(request, "rejected", actor.id, reason)
    record("request_rejected", actor.id, request.package_id, request.id, reason=reason)
    notify.queue("request_rejected", request, dataset, reason=reason)
    return Outcome(request, True, "request_rejected")


def withdraw(request: AccessRequest, actor: Any, dataset: dict[str, Any]) -> Outcome:
    """The requester withdraws an open request."""
    if not _check(request, "withdraw"):
        return Outcome(request, False)
    _decide(request, "withdrawn", actor.id, None)
    # Approvers see it in their queue; a withdrawal is not worth a message.
    record("request_withdrawn", actor.id, request.package_id, request.id)
    return Outcome(request, True, "request_withdrawn")


def revoke(
    request: AccessRequest,
    actor_id: str | None,
    dataset: dict[str, Any],
    reason: str,
) -> Outcome:
    """End a grant before its time, with a reason the holder sees."""
    if not _check(request, "revoke"):
        return Outcome(request, False)
    _decide(request, "revoked", actor_id, reason)
    record("grant_revoked", actor_id, request.package_id, request.id, reason=reason)
    notify.queue("grant_revoked", request, dataset, reason=reason)
    return Outcome(request, True, "grant_revoked")


def expire(request: AccessRequest, dataset: dict[str, Any] | None) -> Outcome:
    """End a grant whose time is up (``dataset``: ``None`` to name nothing)."""
    if not _check(request, "expire"):
        return Outcome(request, False)
    _decide(request, "expired", None, None)
    record("grant_expired", None, request.package_id, request.id)
    if dataset is not None:
        notify.queue("grant_expired", request, dataset)
    return Outcome(request, True, "grant_expired")


def remind(request: AccessRequest, dataset: dict[str, Any]) -> Outcome:
    """Tell the holder that the grant ends soon (once per grant)."""
    request.reminder_sent_at = imnet_model.now()
    record(
        "grant_reminder_sent",
        None,
        request.package_id,
        request.id,
        expires_at=request.expires_at.isoformat() if request.expires_at else None,
    )
    notify.queue("grant_expiring", request, dataset)
    return Outcome(request, True, "grant_reminder_sent")


def close(
    request: AccessRequest,
    actor_id: str | None,
    dataset: dict[str, Any],
    reason: str,
    visible: bool,
) -> Outcome:
    """End an open request or a grant that the dataset, as it is now, no longer
    allows. ``visible``: whether the requester may still see the dataset; if
    not, the notice does not name it."""
    if request.state == "approved":
        _decide(request, "revoked", actor_id, reason)
        event = "grant_revoked"
    elif request.state in imnet_model.OPEN_STATES:
        _decide(request, "rejected", actor_id, reason)
        event = "request_rejected"
    else:
        return Outcome(request, False)
    record(event, actor_id, request.package_id, request.id, reason=reason)
    if visible:
        notify.queue(event, request, dataset, reason=reason)
    else:
        notify.queue("request_closed", request, dataset)
    return Outcome(request, True, event)
