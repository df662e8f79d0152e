"""Auth functions of ckanext-imnet: decisions only, taken by the access policy.

A dataset or request the user may not see is not found: the auth function
raises the same ``ObjectNotFound`` as for an unknown id, so no answer tells
the two apart.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.logic import (
    auth_assessment_import,
    auth_curation,
    auth_gaps,
    auth_harvest,
    auth_inventory,
    auth_links,
    auth_overlaps,
    auth_review,
)
from ckanext.imnet.logic.action._common import not_found

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
    "imnet_mail_status",
    "imnet_data_owner_list",
    "imnet_completeness_summary",
    "imnet_dataset_confirm_current",
    "get_auth_functions",
]

_ = tk._


def _user(context: Context) -> Any:
    user = context.get("auth_user_obj")
    if user is None or getattr(user, "is_anonymous", False):
        return imnet_model.user(context.get("user")) if context.get("user") else None
    return user


def _ok() -> AuthResult:
    return {"success": True}


def _no(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def _visible_request(context: Context, data_dict: DataDict) -> tuple[Any, Any]:
    """The request and its dataset, or ``ObjectNotFound`` if the user may not
    see the dataset (or either does not exist)."""
    request = imnet_model.session().get(
        imnet_model.AccessRequest, str(data_dict.get("id") or "")
    )
    dataset = imnet_model.dataset_summary(request.package_id) if request else None
    if dataset is None or not policy.can_see_metadata(_user(context), dataset):
        raise not_found("request")
    return request, dataset


@tk.auth_allow_anonymous_access
def imnet_access_request_create(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone who sees the dataset is told whether they may request it (an
    assessment, which has no data, is a dataset that does not exist)."""
    user = _user(context)
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if (
        dataset is None
        or not policy.is_im_dataset(dataset)
        or not policy.can_see_metadata(user, dataset)
    ):
        raise not_found("dataset")
    refusal = policy.request_refusal(user, dataset)
    return _no(refusal) if refusal else _ok()


def imnet_access_request_show(context: Context, data_dict: DataDict) -> AuthResult:
    """The requester and the request's approvers see a request."""
    user = _user(context)
    request, dataset = _visible_request(context, data_dict)
    if user is not None and (
        request.user_id == user.id or policy.is_approver(user, dataset)
    ):
        return _ok()
    return _no(_("Only the requester and the approvers can see this request"))


def imnet_access_request_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Logged-in users list their own requests and those they review."""
    if policy.may_list_requests(_user(context)):
        return _ok()
    return _no(_("Log in to see your requests for data."))


def _approver(context: Context, data_dict: DataDict) -> AuthResult:
    request, dataset = _visible_request(context, data_dict)
    if policy.is_approver(_user(context), dataset, request):
        return _ok()
    if _user(context) is not None and request.user_id == _user(context).id:
        return _no(_("You cannot decide on your own request."))
    return _no(
        _("Only the data owner's organisation and MIMU administrators decide requests")
    )


def _requester(context: Context, data_dict: DataDict) -> AuthResult:
    request, _dataset = _visible_request(context, data_dict)
    user = _user(context)
    if user is not None and request.user_id == user.id:
        return _ok()
    return _no(_("Only the requester can do this"))


def imnet_access_request_approve(context: Context, data_dict: DataDict) -> AuthResult:
    """Approvers of the dataset, except the requester."""
    return _approver(context, data_dict)


def imnet_access_request_reject(context: Context, data_dict: DataDict) -> AuthResult:
    """Approvers of the dataset, except the requester."""
    return _approver(context, data_dict)


def imnet_access_request_request_info(
    context: Context, data_dict: DataDict
) -> AuthResult:
    """Approvers of the dataset, except the requester."""
    return _approver(context, data_dict)


def imnet_access_request_revoke(context: Context, data_dict: DataDict) -> AuthResult:
    """Approvers of the dataset, except the requester."""
    return _approver(context, data_dict)


def imnet_access_request_respond(context: Context, data_dict: DataDict) -> AuthResult:
    """The requester only."""
    return _requester(context, data_dict)


def imnet_access_request_withdraw(context: Context, data_dict: DataDict) -> AuthResult:
    """The requester only."""
    return _requester(context, data_dict)


def imnet_audit_list(context: Context, data_dict: DataDict) -> AuthResult:
    """MIMU admins, and data owners for their datasets."""
    dataset = None
    if data_dict.get("package_id"):
        dataset = imnet_model.dataset_summary(str(data_dict["package_id"]))
        if dataset is None:
            return _no(_("Dataset not found"))
    if policy.may_read_audit(_user(context), dataset):
        return _ok()
    return _no(
        _("Only MIMU administrators, and data owners for their datasets, see the log")
    )


def imnet_audit_export(context: Context, data_dict: DataDict) -> AuthResult:
    """As ``imnet_audit_list``."""
    return imnet_audit_list(context, data_dict)


def imnet_access_expire(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (CKAN lets them through before calling this)."""
    return _no(_("Only sysadmins can run the expiry of grants"))


def imnet_mail_status(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (CKAN lets them through before calling this)."""
    return _no(_("Only MIMU administrators see the notification outbox"))


@tk.auth_allow_anonymous_access
def imnet_dataset_confirm_current(context: Context, data_dict: DataDict) -> AuthResult:
    """The dataset's data owners and MIMU admins; a hidden dataset, or what is
    no IM dataset (a harvest source), is not found."""
    user = _user(context)
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if (
        dataset is None
        or not policy.is_im_dataset(dataset)
        or not policy.can_see_metadata(user, dataset)
    ):
        raise not_found("dataset")
    if policy.may_curate(user, dataset):
        return _ok()
    return _no(
        _(
            "Only the data owner's organisation and MIMU administrators can "
            "confirm that a dataset is current"
        )
    )


# -- core auth functions: what may not be seen is not found --------------------


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def package_show(next_auth: Any, context: Context, data_dict: DataDict) -> AuthResult:
    """A dataset the user may not see answers as one that does not exist."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        raise tk.ObjectNotFound()
    return result


# -- DataStore serves resource data: its read actions follow the data policy ---


def _data_of(context: Context, dataset: dict[str, Any] | None) -> AuthResult:
    """The data policy for a dataset's data (``None``: CKAN answers it is missing)."""
    if dataset is None or policy.can_get_data(_user(context), dataset):
        return _ok()
    return _no(_("You need approved access to get this data"))


def _resource_data(context: Context, resource_id: str | None) -> AuthResult:
    return _data_of(context, imnet_model.dataset_of_resource(str(resource_id or "")))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search(next_auth: Any, context: Context, data_dict: DataDict):
    """CKAN's rule, then the data policy of the resource's dataset."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    return _resource_data(context, data_dict.get("resource_id") or data_dict.get("id"))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_info(next_auth: Any, context: Context, data_dict: DataDict):
    """As ``datastore_search``."""
    return datastore_search(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search_sql(next_auth: Any, context: Context, data_dict: DataDict):
    """CKAN's rule, then the data policy of every table the SQL reads."""
    # Read once: CKAN 2.12 passes the names as a generator, which its rule
    # consumes (2.11: a list).
    names = list(context.get("table_names", []))
    context["table_names"] = names
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    for name in names:
        decision = _resource_data(context, name)
        if not decision["success"]:
            return decision
    return _ok()


@tk.auth_allow_anonymous_access
def imnet_data_owner_list(context: Context, data_dict: DataDict) -> AuthResult:
    """The list of data owners is public, like the organisations."""
    return _ok()


@tk.auth_allow_anonymous_access
def imnet_completeness_summary(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone may ask: the answer counts only the datasets they may see.

    For an organisation, whoever may see the organisation.
    """
    if data_dict.get("id"):
        # Raises ObjectNotFound for an unknown organisation.
        tk.check_access("organization_show", context, {"id": str(data_dict["id"])})
    return _ok()


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def resource_view_show(next_auth: Any, context: Context, data_dict: DataDict):
    """CKAN's rule, then the data policy: a preview shows the data."""
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    return _data_of(
        context, imnet_model.dataset_of_view(str(data_dict.get("id") or ""))
    )


def get_auth_functions() -> dict[str, Any]:
    """The auth functions to register: ours, and the core ones we chain."""
    functions = {
        name: globals()[name] for name in __all__ if name != "get_auth_functions"
    }
    functions.update({name: getattr(auth_links, name) for name in auth_links.__all__})
    functions.update(auth_review.get_auth_functions())
    functions.update(auth_curation.get_auth_functions())
    functions["imnet_inventory_export"] = auth_inventory.imnet_inventory_export
    functions["imnet_assessments_import"] = (
        auth_assessment_import.imnet_assessments_import
    )
    functions.update(auth_gaps.get_auth_functions())
    functions.update(auth_overlaps.get_auth_functions())
    # ``resource_show`` and the activity actions ask ``package_show`` in turn.
    functions["package_show"] = package_show
    functions["resource_view_show"] = resource_view_show
    functions.update(auth_harvest.get_auth_functions(p.plugin_loaded("harvest")))
    if p.plugin_loaded("datastore"):
        functions.update(
            datastore_search=datastore_search,
            datastore_info=datastore_info,
            datastore_search_sql=datastore_search_sql,
        )
    return functions
