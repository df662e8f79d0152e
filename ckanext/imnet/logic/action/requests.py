"""Actions of the restricted-data request workflow.

Every step of a request is an action, so scripts can drive the workflow as
the web pages do. Each action checks access first, validates, changes state
through ``access.workflow`` and commits: the state, its audit entry and its
queued mail in one transaction (a background job sends the mail).

A request whose dataset the user may not see is, for that user, a request that
does not exist: the same 404 and message as for an unknown id.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, workflow
from ckanext.imnet.logic import schema as imnet_schema

from ._common import actor, not_found, validate

__all__ = [
    "imnet_access_request_create",
    "imnet_access_request_show",
    "imnet_access_request_list",
    "imnet_access_request_approve",
    "imnet_access_request_reject",
    "imnet_access_request_request_info",
    "imnet_access_request_respond",
    "imnet_access_request_withdraw",
    "imnet_access_request_revoke",
    "imnet_access_expire",
]

_ = tk._


def _load(context: Context, data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The request and its dataset, if the user may see the dataset."""
    request = imnet_model.session().get(imnet_model.AccessRequest, data["id"])
    dataset = imnet_model.dataset_summary(request.package_id) if request else None
    if request is None or dataset is None:
        raise not_found("request")
    # Trusted internal calls (``ignore_auth``) see every request.
    if not context.get("ignore_auth") and not policy.can_see_metadata(
        actor(context), dataset
    ):
        raise not_found("request")
    return request, dataset


def _commit(context: Context) -> None:
    if not context.get("defer_commit"):
        imnet_model.session().commit()


def _user_name(user_id: str | None) -> dict[str, str] | None:
    user = imnet_model.user(user_id)
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "display_name": user.display_name}


def request_dict(request: Any, user: Any, dataset: dict[str, Any]) -> dict[str, Any]:
    """A request as the API and the pages show it to ``user``."""
    out = request.as_dict()
    out["dataset"] = {
        key: dataset.get(key)
        for key in ("id", "name", "title", "title_my", "sensitivity")
    }
    out["requester"] = _user_name(request.user_id)
    out["owner_approved_by"] = _user_name(request.owner_approved_by)
    out["admin_approved_by"] = _user_name(request.admin_approved_by)
    out["decided_by"] = _user_name(request.decided_by)
    out["needs_two_approvals"] = policy.needs_two_approvals(request.sensitivity)
    out["allowed_steps"] = policy.allowed_steps(user, request, dataset)
    is_open = request.state == "submitted"
    out["missing_approvals"] = (
        policy.missing_approvals(dataset, request) if is_open else []
    )
    # What the viewer's approval would count as: the request awaits them.
    out["awaits_me"] = (
        policy.approval_to_give(user, dataset, request)
        if is_open and "approve" in out["allowed_steps"]
        else None
    )
    out["acts_for_owner"] = out["awaits_me"] == "owner" and policy.acts_for_owner(
        user, dataset
    )
    out["owner_has_approvers"] = policy.owner_has_approvers(dataset)
    out["age_days"] = (imnet_model.now() - request.created).days
    return out


def _step(
    context: Context,
    data_dict: DataDict,
    auth: str,
    schema: Callable[[], Any],
    run: Callable[[Any, Any, dict[str, Any], dict[str, Any]], workflow.Outcome],
) -> dict[str, Any]:
    tk.check_access(auth, context, data_dict)
    data = validate(context, data_dict, schema)
    request, dataset = _load(context, data)
    user = actor(context)
    step = auth.removeprefix("imnet_access_request_")
    # Sysadmins pass auth functions: the policy's rule holds for them too.
    if not context.get("ignore_auth") and not policy.may_take_step(
        user, request, dataset, step
    ):
        if step in policy.REQUESTER_STEPS:
            raise tk.NotAuthorized(_("Only the requester can do this"))
        if user is not None and request.user_id == user.id:
            raise tk.NotAuthorized(_("You cannot decide on your own request."))
        raise tk.NotAuthorized(
            _("Only the data owner's organisation and MIMU administrators decide")
        )
    try:
        outcome = run(request, user, dataset, data)
    except workflow.IllegalTransition as error:
        raise tk.ValidationError({"state": [str(error)]}) from None
    _commit(context)
    return request_dict(outcome.request, user, dataset)


def imnet_access_request_create(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Ask for access to the data of a restricted or confidential dataset.

    An assessment of the registry has no data: its id is answered as a
    dataset that does not exist.

    The requester is the logged-in user; the approvers are derived from the
    dataset. The dataset's access conditions and the site terms are stored
    with the request, as accepted, with a hash of their text: the site terms
    in the language of the call (``/my_MM/api/3/action/...`` for Myanmar), as
    the request form shows them. A user may file
    ``ckanext.imnet.access.requests_per_day`` requests in 24 hours, and
    request a dataset again only ``ckanext.imnet.access.withdrawal_cooldown_hours``
    after withdrawing a request for it.

    :param id: id or name of the dataset
    :type id: string
    :param purpose: the intended use of the data
    :type purpose: string
    :param organization: the organisation the data is for
    :type organization: string
    :param days: how long access is needed, in days (optional; the level's
        default, at most ``ckanext.imnet.access.<level>_max_days``)
    :type days: int
    :param accept_conditions: must be true: the requester accepts the
        dataset's access conditions and the site terms
    :type accept_conditions: bool
    :returns: the request
    :rtype: dictionary
    """
    if not str(data_dict.get("id") or "").strip():
        # As core's package_show: no dataset named is a mistake in the call,
        # not a dataset that is missing.
        raise tk.ValidationError({"id": [_("Missing value")]})
    tk.check_access("imnet_access_request_create", context, data_dict)
    data = validate(context, data_dict, imnet_schema.access_request_create, False)
    errors = data.pop("__errors")
    dataset = imnet_model.dataset_summary(str(data.get("id") or ""))
    user = actor(context)
    # An assessment has no data to ask for: as missing, for sysadmins too.
    if (
        dataset is None
        or not policy.is_im_dataset(dataset)
        or not policy.can_see_metadata(user, dataset)
    ):
        raise not_found("dataset")
    level = policy.level_of(dataset)
    days = 0
    if level in policy.REQUESTABLE and "days" not in errors:
        days = int(data.get("days") or config.default_days(level))
        longest = config.max_days(level)
        if days > longest:
            errors["days"] = [_("Ask for at most {days} days").format(days=longest)]
    if errors:
        raise tk.ValidationError(errors)
    refusal = policy.request_refusal(user, dataset)
    if refusal is None and imnet_model.open_request(user.id, dataset["id"]):
        refusal = _("You already have an open request for this dataset")
    refusal = refusal or policy.limit_refusal(user, dataset)
    if refusal:
        raise tk.ValidationError({"id": [refusal]})
    outcome = workflow.submit(
        user,
        dataset,
        data["purpose"],
        data["organization"],
        days,
        config.request_locale(),
    )
    _commit(context)
    return request_dict(outcome.request, user, dataset)


@tk.side_effect_free
def imnet_access_request_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """A request with its full history.

    :param id: the request id
    :type id: string
    :returns: the request, with ``history`` (its audit events, oldest first)
        and ``allowed_steps`` (what the current user may do next)
    :rtype: dictionary
    """
    tk.check_access("imnet_access_request_show", context, data_dict)
    data = validate(context, data_dict, imnet_schema.access_request_id)
    request, dataset = _load(context, data)
    out = request_dict(request, actor(context), dataset)
    _total, events = imnet_model.find_events(limit=None, request_id=request.id)
    out["history"] = [
        {**e.as_dict(), "actor": _user_name(e.actor_id)} for e in reversed(events)
    ]
    return out


@tk.side_effect_free
def imnet_access_request_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The user's own requests, or the requests the user can decide on.

    Requests for datasets the user may not see are not listed.

    :param role: ``mine`` (default) or ``review``
    :type role: string
    :param awaiting_me: only requests waiting for the user's own approval
        (optional, with ``role=review``)
    :type awaiting_me: bool
    :param state: only requests in this state (optional)
    :type state: string
    :param package_id: only requests for this dataset (optional)
    :type package_id: string
    :param limit: at most this many (default 50)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :returns: ``{"count": n, "results": [request, ...]}``, newest first
    :rtype: dictionary
    """
    tk.check_access("imnet_access_request_list", context, data_dict)
    data = validate(context, data_dict, imnet_schema.access_request_list)
    user = actor(context)
    states = [data["state"]] if data.get("state") else None
    package_ids = None
    if data.get("package_id"):
        dataset = imnet_model.dataset_summary(data["package_id"])
        package_ids = [dataset["id"]] if dataset else []
    if data["role"] == "mine":
        found = imnet_model.find_requests(
            user_id=user.id, package_ids=package_ids, states=states
        )
    else:
        orgs = policy.reviewable_organisations(user)
        reviewable = imnet_model.packages_of(orgs) if orgs is not None else None
        if package_ids is not None:
            reviewable = [
                i for i in package_ids if reviewable is None or i in reviewable
            ]
        found = imnet_model.find_requests(package_ids=reviewable, states=states)
    datasets = imnet_model.dataset_summaries(r.package_id for r in found)
    labels = policy.user_labels(user)

    def listed(request: Any) -> bool:
        dataset = datasets.get(request.package_id)
        if dataset is None or not policy.can_see_metadata(user, dataset, labels):
            return False
        if data["role"] == "mine":
            return True
        if data.get("awaiting_me"):
            return request.state == "submitted" and bool(
                policy.approval_to_give(user, dataset, request)
            )
        return policy.is_approver(user, dataset, request)

    visible = [(r, datasets[r.package_id]) for r in found if listed(r)]
    page = visible[data["offset"] : data["offset"] + data["limit"]]
    return {
        "count": len(visible),
        "results": [request_dict(r, user, dataset) for r, dataset in page],
    }


def imnet_access_request_approve(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Approve a request. Confidential data needs the data owner's approval and
    a MIMU administrator's, from two different people; the first one leaves the
    request submitted. Nobody approves their own request. For an organisation
    with no admin or editor, a MIMU administrator gives the owner's approval on
    its behalf; when nobody else could give the approval still missing, the
    first approver may give it too, so every request can finish.

    :param id: the request id
    :type id: string
    :param days: grant fewer days than asked (optional; the shortest any
        approver grants counts)
    :type days: int
    :returns: the request (``expires_at`` once approved)
    :rtype: dictionary
    """
    return _step(
        context,
        data_dict,
        "imnet_access_request_approve",
        imnet_schema.access_request_approve,
        lambda r, user, ds, data: workflow.approve(r, user, ds, data.get("days")),
    )


def imnet_access_request_reject(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Reject a request, with a reason the requester sees.

    :param id: the request id
    :type id: string
    :param reason: why
    :type reason: string
    :returns: the request
    :rtype: dictionary
    """
    return _step(
        context,
        data_dict,
        "imnet_access_request_reject",
        imnet_schema.access_request_reason,
        lambda r, user, ds, data: workflow.reject(r, user, ds, data["reason"]),
    )


def imnet_access_request_request_info(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Ask the requester for more information before deciding.

    :param id: the request id
    :type id: string
    :param reason: the question, which the requester sees
    :type reason: string
    :returns: the request
    :rtype: dictionary
    """
    return _step(
        context,
        data_dict,
        "imnet_access_request_request_info",
        imnet_schema.access_request_reason,
        lambda r, user, ds, data: workflow.request_info(r, user, ds, data["reason"]),
    )


def imnet_access_request_respond(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Answer the approvers' question; the request is submitted again, and
    approvals given before the answer no longer count.

    :param id: the request id
    :type id: string
    :param answer: the requester's answer
    :type answer: string
    :returns: the request
    :rtype: dictionary
    """
    return _step(
        context,
        data_dict,
        "imnet_access_request_respond",
        imnet_schema.access_request_respond,
        lambda r, user, ds, data: workflow.respond(r, user, ds, data["answer"]),
    )


def imnet_access_request_withdraw(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Withdraw one's own open request.

    :param id: the request id
    :type id: string
    :returns: the request
    :rtype: dictionary
    """
    return _step(
        context,
        data_dict,
        "imnet_access_request_withdraw",
        imnet_schema.access_request_id,
        lambda r, user, ds, data: workflow.withdraw(r, user, ds),
    )


def imnet_access_request_revoke(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Revoke an approved request (end the grant), with a reason.

    :param id: the request id
    :type id: string
    :param reason: why, shown to the requester
    :type reason: string
    :returns: the request
    :rtype: dictionary
    """
    return _step(
        context,
        data_dict,
        "imnet_access_request_revoke",
        imnet_schema.access_request_reason,
        lambda r, user, ds, data: workflow.revoke(r, user.id, ds, data["reason"]),
    )


def imnet_access_expire(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """End the grants whose time is up and remind holders of grants ending soon
    (``ckanext.imnet.access.reminder_days``). Run daily (``ckan imnet access
    expire``). Sysadmins only. The notices are sent by a background job.

    :returns: ``{"expired": n, "reminded": n}``
    :rtype: dictionary
    """
    tk.check_access("imnet_access_expire", context, data_dict)
    now = imnet_model.now()
    expired = reminded = 0
    for request in imnet_model.due_for_expiry(now):
        dataset = imnet_model.dataset_summary(request.package_id)
        holder = imnet_model.user(request.user_id)
        if dataset is not None and not policy.can_see_metadata(holder, dataset):
            dataset = None  # the notice must not name it
        if workflow.expire(request, dataset).changed:
            expired += 1
    horizon = now + datetime.timedelta(days=config.reminder_days())
    for request in imnet_model.due_for_reminder(horizon):
        dataset = imnet_model.dataset_summary(request.package_id)
        holder = imnet_model.user(request.user_id)
        if dataset is not None and policy.can_see_metadata(holder, dataset):
            workflow.remind(request, dataset)
            reminded += 1
    _commit(context)
    return {"expired": expired, "reminded": reminded}
