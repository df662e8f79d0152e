"""Actions of the restricted-data request workflow and the audit log.

Every step of a request is an action, so scripts can drive the workflow as
the web pages do. Each action checks access first, validates, changes state
through ``access.workflow``, commits (state, audit entry and queued mail in
one transaction) and then sends the queued mail.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from ckan.types import Action, Context, DataDict

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import notify, policy, redaction, workflow
from ckanext.imnet.logic import schema as imnet_schema

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
    "imnet_audit_list",
    "imnet_audit_export",
    "imnet_access_expire",
    "get_actions",
]

_ = tk._


# -- helpers ------------------------------------------------------------------


def _validate(
    context: Context, data_dict: DataDict, default: Callable[[], Any]
) -> dict[str, Any]:
    schema = context.get("schema") or default()
    data, errors = tk.navl_validate(data_dict, schema, context)
    if errors:
        raise tk.ValidationError(errors)
    return data


def _actor(context: Context) -> Any:
    user = context.get("auth_user_obj")
    if user is None or getattr(user, "is_anonymous", False):
        user = imnet_model.user(context.get("user"))
    return user


def _load(data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    request = imnet_model.session().get(imnet_model.AccessRequest, data["id"])
    if request is None:
        raise tk.ObjectNotFound(_("Request not found"))
    dataset = imnet_model.dataset_summary(request.package_id)
    if dataset is None:
        raise tk.ObjectNotFound(_("Dataset not found"))
    return request, dataset


def _finish(context: Context, outcome: workflow.Outcome) -> dict[str, Any]:
    """Commit the step, then send its mail (a mail failure keeps it queued)."""
    if not context.get("defer_commit"):
        imnet_model.session().commit()
        try:
            notify.send_pending()
        except Exception:  # noqa: BLE001 - never fail a committed step on mail
            imnet_model.session().rollback()
    return _request_dict(outcome.request, _actor(context))


def _user_name(user_id: str | None) -> dict[str, str] | None:
    user = imnet_model.user(user_id)
    if user is None:
        return None
    return {"id": user.id, "name": user.name, "display_name": user.display_name}


def _allowed_steps(request: Any, user: Any, dataset: dict[str, Any]) -> list[str]:
    steps = []
    if user is None:
        return steps
    if request.user_id == user.id:
        if request.state in ("submitted", "needs_info"):
            steps.append("withdraw")
        if request.state == "needs_info":
            steps.append("respond")
    roles = policy.approval_roles(user, dataset)
    if roles:
        if request.state == "submitted":
            given = {request.owner_approved_by, request.admin_approved_by}
            if user.id not in given:
                steps.append("approve")
            steps += ["request_info", "reject"]
        elif request.state == "needs_info":
            steps.append("reject")
        elif request.state == "approved":
            steps.append("revoke")
    return steps


def _request_dict(request: Any, user: Any) -> dict[str, Any]:
    dataset = imnet_model.dataset_summary(request.package_id) or {}
    out = request.as_dict()
    out["dataset"] = {
        key: dataset.get(key) for key in ("id", "name", "title", "sensitivity")
    }
    out["requester"] = _user_name(request.user_id)
    out["owner_approved_by"] = _user_name(request.owner_approved_by)
    out["admin_approved_by"] = _user_name(request.admin_approved_by)
    out["decided_by"] = _user_name(request.decided_by)
    out["needs_two_approvals"] = policy.needs_two_approvals(request.sensitivity)
    out["allowed_steps"] = _allowed_steps(request, user, dataset) if dataset else []
    return out


def _event_dict(event: Any) -> dict[str, Any]:
    out = event.as_dict()
    out["actor"] = _user_name(event.actor_id)
    dataset = (
        imnet_model.dataset_summary(event.package_id) if event.package_id else None
    )
    out["dataset"] = (
        {"id": dataset["id"], "name": dataset["name"], "title": dataset["title"]}
        if dataset
        else None
    )
    return out


def _step(
    context: Context,
    data_dict: DataDict,
    auth: str,
    validate: Callable[[], Any],
    run: Callable[[Any, Any, dict[str, Any], dict[str, Any]], workflow.Outcome],
) -> dict[str, Any]:
    tk.check_access(auth, context, data_dict)
    data = _validate(context, data_dict, validate)
    request, dataset = _load(data)
    try:
        outcome = run(request, _actor(context), dataset, data)
    except workflow.IllegalTransition as error:
        raise tk.ValidationError({"state": [str(error)]}) from None
    return _finish(context, outcome)


# -- the request workflow -------------------------------------------------------


def imnet_access_request_create(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Ask for access to the data of a restricted or confidential dataset.

    The requester is the logged-in user; the approvers are derived from the
    dataset. The dataset's access conditions and the site terms are stored
    with the request, as accepted, with a hash of their text.

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
    tk.check_access("imnet_access_request_create", context, data_dict)
    schema = context.get("schema") or imnet_schema.access_request_create()
    data, errors = tk.navl_validate(data_dict, schema, context)
    dataset = imnet_model.dataset_summary(str(data.get("id") or ""))
    if dataset is None:
        if errors:
            raise tk.ValidationError(errors)
        raise tk.ObjectNotFound(_("Dataset not found"))
    user = _actor(context)
    level = policy.level_of(dataset)
    longest = config.max_days(level)
    days = longest
    if "days" not in errors:
        days = int(data.get("days") or config.default_days(level))
        if days > longest:
            errors["days"] = [_("Ask for at most {days} days").format(days=longest)]
    if errors:
        raise tk.ValidationError(errors)
    if imnet_model.open_request(user.id, dataset["id"]) is not None:
        raise tk.ValidationError(
            {"id": [_("You already have an open request for this dataset")]}
        )
    outcome = workflow.submit(
        user, dataset, data["purpose"], data["organization"], days
    )
    return _finish(context, outcome)


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
    data = _validate(context, data_dict, imnet_schema.access_request_id)
    request, _dataset = _load(data)
    out = _request_dict(request, _actor(context))
    _total, events = imnet_model.find_events(limit=None, request_id=request.id)
    out["history"] = [_event_dict(e) for e in reversed(events)]
    return out


@tk.side_effect_free
def imnet_access_request_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The user's own requests, or the requests the user can decide on.

    :param role: ``mine`` (default) or ``review``
    :type role: string
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
    data = _validate(context, data_dict, imnet_schema.access_request_list)
    user = _actor(context)
    states = [data["state"]] if data.get("state") else None
    package_ids = None
    if data.get("package_id"):
        dataset = imnet_model.dataset_summary(data["package_id"])
        package_ids = [dataset["id"]] if dataset else []
    if data["role"] == "mine":
        total, requests = imnet_model.find_requests(
            user_id=user.id,
            package_ids=package_ids,
            states=states,
            limit=data["limit"],
            offset=data["offset"],
        )
    else:
        if policy.is_sysadmin(user):
            reviewable = package_ids
        else:
            orgs = [
                org
                for org, role in imnet_model.organisations_of(user.id).items()
                if role in ("admin", "editor")
            ]
            reviewable = imnet_model.packages_of(orgs)
            if package_ids is not None:
                reviewable = [i for i in reviewable if i in package_ids]
        total, requests = imnet_model.find_requests(
            package_ids=reviewable,
            states=states,
            limit=data["limit"],
            offset=data["offset"],
        )
    return {"count": total, "results": [_request_dict(r, user) for r in requests]}


def imnet_access_request_approve(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Approve a request. Confidential data needs the data owner's approval and
    a MIMU administrator's, from two different people; the first one leaves the
    request submitted.

    :param id: the request id
    :type id: string
    :returns: the request
    :rtype: dictionary
    """

    def run(request, actor, dataset, data):
        return workflow.approve(
            request, actor, dataset, policy.approval_roles(actor, dataset)
        )

    return _step(
        context,
        data_dict,
        "imnet_access_request_approve",
        imnet_schema.access_request_id,
        run,
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
        lambda r, actor, ds, data: workflow.reject(r, actor, ds, data["reason"]),
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
        lambda r, actor, ds, data: workflow.request_info(r, actor, ds, data["reason"]),
    )


def imnet_access_request_respond(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Answer the approvers' question; the request is submitted again.

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
        lambda r, actor, ds, data: workflow.respond(r, actor, ds, data["answer"]),
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
        lambda r, actor, ds, data: workflow.withdraw(r, actor, ds),
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
        lambda r, actor, ds, data: workflow.revoke(r, actor.id, ds, data["reason"]),
    )


def imnet_access_expire(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """End the grants whose time is up and remind holders of grants ending soon
    (``ckanext.imnet.access.reminder_days``). Run daily (``ckan imnet access
    expire``). Sysadmins only.

    :returns: ``{"expired": n, "reminded": n, "mail_sent": n, "mail_failed": n}``
    :rtype: dictionary
    """
    tk.check_access("imnet_access_expire", context, data_dict)
    import datetime

    now = imnet_model.now()
    expired = reminded = 0
    for request in imnet_model.due_for_expiry(now):
        dataset = imnet_model.dataset_summary(request.package_id)
        if workflow.expire(request, dataset).changed:
            expired += 1
    horizon = now + datetime.timedelta(days=config.reminder_days())
    for request in imnet_model.due_for_reminder(horizon):
        dataset = imnet_model.dataset_summary(request.package_id)
        if dataset is not None:
            workflow.remind(request, dataset)
            reminded += 1
    imnet_model.session().commit()
    sent, failed = notify.send_pending()
    return {
        "expired": expired,
        "reminded": reminded,
        "mail_sent": sent,
        "mail_failed": failed,
    }


# -- the audit log ------------------------------------------------------------


def _audit(context: Context, data_dict: DataDict, auth: str, limit: bool):
    tk.check_access(auth, context, data_dict)
    data = _validate(context, data_dict, imnet_schema.audit_list)
    user = _actor(context)
    package_ids = None
    if data.get("package_id"):
        dataset = imnet_model.dataset_summary(data["package_id"])
        package_ids = [dataset["id"]] if dataset else []
    elif not policy.is_sysadmin(user):
        package_ids = []
    actor_id = None
    if data.get("user"):
        actor = imnet_model.user(data["user"])
        actor_id = actor.id if actor else "-"
    return imnet_model.find_events(
        package_ids=package_ids,
        events=[data["event"]] if data.get("event") else None,
        actor_id=actor_id,
        since=data.get("since"),
        until=data.get("until"),
        limit=data["limit"] if limit else None,
        offset=data["offset"] if limit else 0,
    )


@tk.side_effect_free
def imnet_audit_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The audit log: request steps, downloads of non-public data and
    reclassifications, newest first. MIMU administrators see everything; data
    owners see the log of their datasets (``package_id`` required).

    :param package_id: only events of this dataset (optional for sysadmins)
    :type package_id: string
    :param event: only events of this kind, eg ``download`` (optional)
    :type event: string
    :param user: only events by this user (optional)
    :type user: string
    :param since: only events from this date (optional, ISO date)
    :type since: string
    :param until: only events before this date (optional, ISO date)
    :type until: string
    :param limit: at most this many (default 100)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :returns: ``{"count": n, "results": [event, ...]}``
    :rtype: dictionary
    """
    total, events = _audit(context, data_dict, "imnet_audit_list", limit=True)
    return {"count": total, "results": [_event_dict(e) for e in events]}


CSV_COLUMNS = (
    "id",
    "created",
    "event",
    "actor",
    "dataset",
    "resource_id",
    "request_id",
    "reason",
    "details",
)


@tk.side_effect_free
def imnet_audit_export(context: Context, data_dict: DataDict) -> str:
    """The audit log as CSV text, with the filters of ``imnet_audit_list``
    (no paging).

    :returns: CSV with a header row
    :rtype: string
    """
    import json

    _total, events = _audit(context, data_dict, "imnet_audit_export", limit=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for event in events:
        row = _event_dict(event)
        writer.writerow(
            [
                row["id"],
                row["created"],
                row["event"],
                row["actor"]["name"] if row["actor"] else "",
                row["dataset"]["name"] if row["dataset"] else row["package_id"] or "",
                row["resource_id"] or "",
                row["request_id"] or "",
                row["reason"] or "",
                json.dumps(row["details"], sort_keys=True),
            ]
        )
    return out.getvalue()


# -- core actions the policy extends ---------------------------------------------


@tk.chained_action
def package_update(up_func: Action, context: Context, data_dict: DataDict):
    """Reclassifying a dataset upwards ends the access the new level forbids."""
    before = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    result = up_func(context, data_dict)
    if before is None or context.get("defer_commit"):
        return result
    after = imnet_model.dataset_summary(before["id"])
    if after and policy.level_of(after) != policy.level_of(before):
        actor = _actor(context)
        workflow.reclassify(after, policy.level_of(before), actor.id if actor else None)
        imnet_model.session().commit()
        try:
            notify.send_pending()
        except Exception:  # noqa: BLE001
            imnet_model.session().rollback()
    return result


@tk.chained_action
def activity_create(up_func: Action, context: Context, data_dict: DataDict):
    """Store dataset snapshots without the URLs of non-public data."""
    return up_func(context, redaction.for_activity(data_dict))


@tk.chained_action
@tk.side_effect_free
def resource_search(up_func: Action, context: Context, data_dict: DataDict):
    """Resources of data the user may not get are not found, by URL or otherwise.

    They are left out before paging, so neither results nor counts reveal them.
    """
    offset = int(data_dict.get("offset") or 0)
    limit = data_dict.get("limit")
    everything = {k: v for k, v in data_dict.items() if k not in ("offset", "limit")}
    result = up_func(context, everything)
    user = _actor(context)
    allowed: dict[str, bool] = {}

    def may_get(resource: Any) -> bool:
        package_id = (
            resource["package_id"]
            if isinstance(resource, dict)
            else resource.package_id
        )
        if package_id not in allowed:
            dataset = imnet_model.dataset_summary(package_id)
            allowed[package_id] = bool(dataset) and policy.can_get_data(user, dataset)
        return allowed[package_id]

    kept = [r for r in result["results"] if may_get(r)]
    end = offset + int(limit) if limit not in (None, "") else None
    return {"count": len(kept), "results": kept[offset:end]}


@tk.chained_action
@tk.side_effect_free
def current_package_list_with_resources(
    up_func: Action, context: Context, data_dict: DataDict
):
    """Datasets listed with their resources get the URLs the user may see."""
    return [redaction.for_user(context, pkg) for pkg in up_func(context, data_dict)]


# DCAT endpoints: strictly confidential datasets never appear, whoever asks.
_NOT_STRICT = "-sensitivity:strictly_confidential"


def _catalogue_search(up_func: Action, context: Context, data_dict: DataDict):
    """A DCAT search without strictly confidential datasets; bad ``q``/``fq``
    get a validation error, which ckanext-dcat's views answer with a 409."""
    fq = (data_dict.get("fq") or "").strip()
    data_dict = {**data_dict, "fq": f"({fq}) AND {_NOT_STRICT}" if fq else _NOT_STRICT}
    try:
        return up_func(context, data_dict)
    except SearchError:
        raise tk.ValidationError(
            {"q": [_("Invalid search query: check the q and fq parameters")]}
        ) from None


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict):
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func: Action, context: Context, data_dict: DataDict):
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_datasets_list(up_func: Action, context: Context, data_dict: DataDict):
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_dataset_show(up_func: Action, context: Context, data_dict: DataDict):
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset and policy.level_of(dataset) == policy.STRICTLY_CONFIDENTIAL:
        raise tk.ObjectNotFound(_("Dataset not found"))
    return up_func(context, data_dict)


def get_actions() -> dict[str, Any]:
    actions = {name: globals()[name] for name in __all__ if name != "get_actions"}
    actions["package_update"] = package_update
    actions["resource_search"] = resource_search
    actions["current_package_list_with_resources"] = current_package_list_with_resources
    if p.plugin_loaded("activity"):
        actions["activity_create"] = activity_create
    if p.plugin_loaded("dcat"):
        actions.update(
            dcat_catalog_show=dcat_catalog_show,
            dcat_catalog_search=dcat_catalog_search,
            dcat_dataset_show=dcat_dataset_show,
        )
    if p.plugin_loaded("dcat_json_interface"):
        actions["dcat_datasets_list"] = dcat_datasets_list
    return actions
