"""Auth functions of ckanext-imnet: decisions only, taken by the access policy.

A dataset or request the user may not see is not found: the auth function
raises the same ``ObjectNotFound`` as for an unknown id, so no answer tells
the two apart.
"""

from __future__ import annotations

from typing import Any, cast

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.harvesting import local_edits
from ckanext.imnet.logic import (
    auth_curation,
    auth_gaps,
    auth_inventory,
    auth_links,
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
    """Anyone who sees the dataset is told whether they may request it."""
    user = _user(context)
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset is None or not policy.can_see_metadata(user, dataset):
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
    result = next_auth(context, data_dict)
    if not result.get("success"):
        return result
    for name in context.get("table_names", []):
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


# -- ckanext-harvest: what a harvester fetched is for those who run the source --

# ckanext-harvest's own messages for a missing object, repeated for a hidden one.
_NO_HARVEST_OBJECT = "Harvest object not found"
_NO_DATASET = "Dataset not found"


def _may_run_source(context: Context, source_id: str | None) -> bool:
    """Those who run the source (``policy.may_run_harvest_source``)."""
    source = imnet_model.dataset_summary(source_id) if source_id else None
    return source is not None and policy.may_run_harvest_source(_user(context), source)


def _not_the_sources() -> AuthResult:
    return _no(
        _(
            "Only the source's organisation and MIMU administrators see what "
            "its harvester fetched"
        )
    )


@tk.chained_auth_function
def harvest_object_show(next_auth: Any, context: Context, data_dict: DataDict):
    """A harvest object is the record as fetched -- download links included,
    whatever the level given locally -- and names its local dataset: only for
    the source's organisation and sysadmins; a hidden dataset's is not found."""
    object_id = str(data_dict.get("id") or "") or None
    dataset_id = str(data_dict.get("dataset_id") or "") or None
    found = imnet_model.harvest_object_summary(object_id, dataset_id)
    if found is None:
        return next_auth(context, data_dict)  # the action says it is missing
    dataset = imnet_model.dataset_summary(found["package_id"] or "")
    if dataset is not None and not policy.can_see_metadata(_user(context), dataset):
        raise tk.ObjectNotFound(_NO_HARVEST_OBJECT if object_id else _NO_DATASET)
    if _may_run_source(context, found["source_id"]):
        return _ok()
    return _not_the_sources()


@tk.chained_auth_function
def harvest_object_list(next_auth: Any, context: Context, data_dict: DataDict):
    """A source's harvest objects for its organisation; all of them for sysadmins."""
    if policy.is_sysadmin(_user(context)) or _may_run_source(
        context, str(data_dict.get("source_id") or "")
    ):
        return _ok()
    return _not_the_sources()


@tk.chained_auth_function
@tk.auth_allow_anonymous_access
def task_status_show(next_auth: Any, context: Context, data_dict: DataDict):
    """A background task's status, such as xloader's load log, quotes the data
    it worked on (a row that failed to load): only for those who may get the
    data of the resource it is about; any other task for sysadmins. CKAN lets
    everyone read it. The task of a dataset the user may not see is not found,
    as CKAN answers for a task that does not exist (it asks after the lookup)."""
    user = _user(context)
    if policy.is_sysadmin(user):
        return next_auth(context, data_dict)
    entity_id = data_dict.get("entity_id")
    if not entity_id and data_dict.get("id"):
        task = model.TaskStatus.get(str(data_dict["id"]))
        entity_id = task.entity_id if task is not None else None
    dataset = imnet_model.dataset_of_resource(str(entity_id or ""))
    if dataset is not None and not policy.can_see_metadata(user, dataset):
        raise tk.ObjectNotFound()
    if dataset is not None and policy.can_get_data(user, dataset):
        return next_auth(context, data_dict)
    return _no(_("Only those who may get the data see the tasks run on it"))


# -- harvested datasets are edited at their origin (``harvesting/local_edits``) -


def _harvested_refusal(context: Context, data_dict: DataDict) -> str | None:
    """The refusal for a harvested dataset the user sees; ``None`` otherwise
    (a dataset the user may not see gets CKAN's answer, as a missing one)."""
    package = context.get("package")
    name_or_id = data_dict.get("id") or data_dict.get("name")
    if not name_or_id and package is not None:
        name_or_id = package.id
    dataset = imnet_model.dataset_summary(str(name_or_id or ""))
    if dataset is None or not policy.can_see_metadata(_user(context), dataset):
        return None
    return local_edits.refusal(dataset["id"])


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_update(next_auth: Any, context: Context, data_dict: DataDict):
    """Nobody edits a harvested dataset here, sysadmins included; otherwise
    CKAN's rule (which lets sysadmins through)."""
    if not context.get(local_edits.NOT_AN_EDIT):
        refusal = _harvested_refusal(context, data_dict)
        if refusal:
            return _no(refusal)
    if policy.is_sysadmin(_user(context)):
        return _ok()
    return next_auth(context, data_dict)


def _not_an_edit(next_auth: Any, context: Context, data_dict: DataDict):
    """CKAN's rule, asked without the refusal of edits to harvested datasets."""
    flagged = cast(Context, {**context, local_edits.NOT_AN_EDIT: True})
    return next_auth(flagged, data_dict)


@tk.chained_auth_function
def package_delete(next_auth: Any, context: Context, data_dict: DataDict):
    """CKAN's rule (asked of ``package_update``): deleting a harvested
    dataset stays possible."""
    return _not_an_edit(next_auth, context, data_dict)


@tk.chained_auth_function
def resource_view_create(next_auth: Any, context: Context, data_dict: DataDict):
    """CKAN's rule (asked of ``resource_create``): a view presents a harvested
    resource here without changing it."""
    return _not_an_edit(next_auth, context, data_dict)


@tk.chained_auth_function
def resource_view_update(next_auth: Any, context: Context, data_dict: DataDict):
    """As ``resource_view_create``."""
    return _not_an_edit(next_auth, context, data_dict)


@tk.chained_auth_function
def resource_view_reorder(next_auth: Any, context: Context, data_dict: DataDict):
    """As ``resource_view_create``."""
    return _not_an_edit(next_auth, context, data_dict)


@tk.chained_auth_function
def resource_view_delete(next_auth: Any, context: Context, data_dict: DataDict):
    """As ``resource_view_create``."""
    return _not_an_edit(next_auth, context, data_dict)


@tk.chained_auth_function
@tk.auth_sysadmins_check
def package_owner_org_update(next_auth: Any, context: Context, data_dict: DataDict):
    """A harvested dataset stays in its source's organisation (its imports put
    it there); otherwise CKAN's rule."""
    refusal = _harvested_refusal(context, data_dict)
    if refusal:
        return _no(refusal)
    if policy.is_sysadmin(_user(context)):
        return _ok()
    return next_auth(context, data_dict)


def _resource_write(next_auth: Any, context: Context, data_dict: DataDict):
    """Resources are the dataset's metadata: CKAN asks ``package_update``,
    whose refusal of a harvested dataset is given as it is."""
    if context.get(local_edits.NOT_AN_EDIT):
        return next_auth(context, data_dict)
    dataset = imnet_model.dataset_summary(str(data_dict.get("package_id") or ""))
    if dataset is None:
        resource_id = str(data_dict.get("id") or data_dict.get("resource_id") or "")
        dataset = imnet_model.dataset_of_resource(resource_id)
    if dataset is not None:
        refusal = _harvested_refusal(context, {"id": dataset["id"]})
        if refusal:
            return _no(refusal)
    return next_auth(context, data_dict)


@tk.chained_auth_function
def resource_create(next_auth: Any, context: Context, data_dict: DataDict):
    """A harvested dataset's resources come from its origin."""
    return _resource_write(next_auth, context, data_dict)


@tk.chained_auth_function
def resource_update(next_auth: Any, context: Context, data_dict: DataDict):
    """A harvested dataset's resources come from its origin."""
    return _resource_write(next_auth, context, data_dict)


@tk.chained_auth_function
def resource_delete(next_auth: Any, context: Context, data_dict: DataDict):
    """A harvested dataset's resources come from its origin."""
    return _resource_write(next_auth, context, data_dict)


def get_auth_functions() -> dict[str, Any]:
    """The auth functions to register: ours, and the core ones we chain."""
    functions = {
        name: globals()[name] for name in __all__ if name != "get_auth_functions"
    }
    functions.update({name: getattr(auth_links, name) for name in auth_links.__all__})
    functions.update(auth_review.get_auth_functions())
    functions.update(auth_curation.get_auth_functions())
    functions["imnet_inventory_export"] = auth_inventory.imnet_inventory_export
    functions.update(auth_gaps.get_auth_functions())
    # ``resource_show`` and the activity actions ask ``package_show`` in turn.
    functions["package_show"] = package_show
    functions["resource_view_show"] = resource_view_show
    functions["task_status_show"] = task_status_show
    if p.plugin_loaded("harvest"):
        functions.update(
            harvest_object_show=harvest_object_show,
            harvest_object_list=harvest_object_list,
            package_update=package_update,
            package_delete=package_delete,
            package_owner_org_update=package_owner_org_update,
            resource_create=resource_create,
            resource_update=resource_update,
            resource_delete=resource_delete,
            resource_view_create=resource_view_create,
            resource_view_update=resource_view_update,
            resource_view_reorder=resource_view_reorder,
            resource_view_delete=resource_view_delete,
        )
    if p.plugin_loaded("datastore"):
        functions.update(
            datastore_search=datastore_search,
            datastore_info=datastore_info,
            datastore_search_sql=datastore_search_sql,
        )
    return functions
