"""Auth functions around ckanext-harvest (beside ``auth.py``, which registers
them): what a harvester fetched is for those who run the source; harvested
datasets are edited at their origin (``harvesting/local_edits``).
Decisions only, taken by the access policy.
"""

from __future__ import annotations

from typing import Any, cast

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.harvesting import local_edits
from ckanext.imnet.logic.action._common import actor

__all__ = ["get_auth_functions"]

_ = tk._


def _user(context: Context) -> Any:
    return actor(context)


def _ok() -> AuthResult:
    return {"success": True}


def _no(message: str) -> AuthResult:
    return {"success": False, "msg": message}


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


def get_auth_functions(harvest_loaded: bool) -> dict[str, Any]:
    """This module's auth functions by action name: the task status always
    (it names harvest sources' jobs), the rest when ckanext-harvest runs."""
    functions: dict[str, Any] = {"task_status_show": task_status_show}
    if harvest_loaded:
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
    return functions
