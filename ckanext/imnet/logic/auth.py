"""Auth functions of ckanext-imnet: decisions only, taken by the access policy."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

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
    "imnet_resource_data",
    "get_auth_functions",
]

_ = tk._


def _user(context: Context) -> Any:
    user = context.get("auth_user_obj")
    if user is None or getattr(user, "is_anonymous", False):
        return None
    return user


def _ok() -> AuthResult:
    return {"success": True}


def _no(message: str) -> AuthResult:
    return {"success": False, "msg": message}


def _request_and_dataset(data_dict: DataDict) -> tuple[Any, dict[str, Any] | None]:
    request = imnet_model.session().get(
        imnet_model.AccessRequest, str(data_dict.get("id") or "")
    )
    if request is None:
        return None, None
    return request, imnet_model.dataset_summary(request.package_id)


def imnet_access_request_create(context: Context, data_dict: DataDict) -> AuthResult:
    user = _user(context)
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset is None or not policy.can_see_metadata(user, dataset):
        return _no(_("Dataset not found"))
    refusal = policy.request_refusal(user, dataset)
    return _no(refusal) if refusal else _ok()


def imnet_access_request_show(context: Context, data_dict: DataDict) -> AuthResult:
    user = _user(context)
    request, dataset = _request_and_dataset(data_dict)
    if request is None or dataset is None:
        return _no(_("Request not found"))
    if user is not None and (
        request.user_id == user.id or policy.is_approver(user, dataset)
    ):
        return _ok()
    return _no(_("Only the requester and the approvers can see this request"))


def imnet_access_request_list(context: Context, data_dict: DataDict) -> AuthResult:
    # Logged-in users only (CKAN refuses anonymous users by default); the
    # action lists only the user's own requests or those they approve.
    return _ok()


def _approver(context: Context, data_dict: DataDict) -> AuthResult:
    user = _user(context)
    request, dataset = _request_and_dataset(data_dict)
    if request is None or dataset is None:
        return _no(_("Request not found"))
    if policy.is_approver(user, dataset):
        return _ok()
    return _no(
        _("Only the data owner's organisation and MIMU administrators decide requests")
    )


def _requester(context: Context, data_dict: DataDict) -> AuthResult:
    user = _user(context)
    request, _dataset = _request_and_dataset(data_dict)
    if request is None:
        return _no(_("Request not found"))
    if user is not None and request.user_id == user.id:
        return _ok()
    return _no(_("Only the requester can do this"))


def imnet_access_request_approve(context: Context, data_dict: DataDict) -> AuthResult:
    return _approver(context, data_dict)


def imnet_access_request_reject(context: Context, data_dict: DataDict) -> AuthResult:
    return _approver(context, data_dict)


def imnet_access_request_request_info(
    context: Context, data_dict: DataDict
) -> AuthResult:
    return _approver(context, data_dict)


def imnet_access_request_revoke(context: Context, data_dict: DataDict) -> AuthResult:
    return _approver(context, data_dict)


def imnet_access_request_respond(context: Context, data_dict: DataDict) -> AuthResult:
    return _requester(context, data_dict)


def imnet_access_request_withdraw(context: Context, data_dict: DataDict) -> AuthResult:
    return _requester(context, data_dict)


def imnet_audit_list(context: Context, data_dict: DataDict) -> AuthResult:
    user = _user(context)
    if policy.is_sysadmin(user):
        return _ok()
    dataset = imnet_model.dataset_summary(str(data_dict.get("package_id") or ""))
    if dataset is not None and policy.is_approver(user, dataset):
        return _ok()
    return _no(
        _("Only MIMU administrators, and data owners for their datasets, see the log")
    )


def imnet_audit_export(context: Context, data_dict: DataDict) -> AuthResult:
    return imnet_audit_list(context, data_dict)


def imnet_access_expire(context: Context, data_dict: DataDict) -> AuthResult:
    # Sysadmins only: CKAN lets sysadmins through before calling this.
    return _no(_("Only sysadmins can run the expiry of grants"))


@tk.auth_allow_anonymous_access
def imnet_resource_data(context: Context, data_dict: DataDict) -> AuthResult:
    """May the user get the data (bytes, URL) of this dataset (``id``)?"""
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset is None:
        return _no(_("Dataset not found"))
    if policy.can_get_data(_user(context), dataset):
        return _ok()
    return _no(_("You need approved access to get this data"))


def _resource_data(context: Context, resource_id: str | None) -> AuthResult:
    dataset = imnet_model.dataset_of_resource(str(resource_id or ""))
    if dataset is None or policy.can_get_data(_user(context), dataset):
        return _ok()
    return _no(_("You need approved access to get this data"))


# DataStore serves resource data: its read actions follow the data policy too.


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search(next_auth: Any, context: Context, data_dict: DataDict):
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    return _resource_data(context, data_dict.get("resource_id") or data_dict.get("id"))


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_info(next_auth: Any, context: Context, data_dict: DataDict):
    return datastore_search(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def datastore_search_sql(next_auth: Any, context: Context, data_dict: DataDict):
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    for name in context.get("table_names", []):
        decision = _resource_data(context, name)
        if not decision["success"]:
            return decision
    return _ok()


def get_auth_functions() -> dict[str, Any]:
    functions = {
        name: globals()[name] for name in __all__ if name != "get_auth_functions"
    }
    if p.plugin_loaded("datastore"):
        functions.update(
            datastore_search=datastore_search,
            datastore_info=datastore_info,
            datastore_search_sql=datastore_search_sql,
        )
    return functions
