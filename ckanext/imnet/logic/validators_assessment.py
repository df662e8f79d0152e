"""Validators of the assessment registry's own fields (``schemas/assessment.yaml``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, redaction

__all__ = ["imnet_catalogue_dataset", "imnet_registry_id"]

_ = tk._


def _name_in(value: str) -> str:
    """The id or name a value gives: itself, or the end of a dataset page's address."""
    text = value.strip().rstrip("/")
    if "/dataset/" in text:
        text = text.rsplit("/dataset/", 1)[1].split("?")[0].split("#")[0]
    return text


def imnet_catalogue_dataset(value: Any, context: Context) -> Any:
    """A dataset of this catalogue (an assessment's report, questionnaire or
    data), named by its name, id or page address and stored as its id.

    Only an active IM dataset the writer may see is accepted; any other value
    gets the same message as a name nobody uses.
    """
    if not isinstance(value, str):
        raise tk.Invalid(_("Must be text"))
    dataset = imnet_model.dataset_summary(_name_in(value))
    found = (
        dataset is not None
        and dataset["state"] == "active"
        and policy.is_im_dataset(dataset)
        and (
            bool(context.get("ignore_auth"))
            or policy.can_see_metadata(redaction.context_user(context), dataset)
        )
    )
    if dataset is None or not found:
        raise tk.Invalid(
            _('No dataset of this catalogue is called "{name}"').format(
                name=value.strip()[:100]
            )
        )
    return dataset["id"]


def _sets_registry_ids(context: Context) -> bool:
    """MIMU admins (and CKAN's own trusted calls) set registry IDs."""
    return bool(context.get("ignore_auth")) or policy.may_import_assessments(
        redaction.context_user(context)
    )


def imnet_registry_id(
    key: FlattenKey, data: FlattenDataDict, errors: FlattenErrorDict, context: Context
) -> None:
    """An assessment's registry ID: set or changed by MIMU admins only, and
    unique among the assessments that are not deleted.

    A re-import finds the assessment to update by it, so nobody else may give
    one (and block or steer the import). Others may post the stored value
    back unchanged; leaving it out keeps it.
    """
    package = context.get("package")
    package_id = getattr(package, "id", None) if package is not None else None
    stored = imnet_model.registry_id_of(package_id) if package_id else ""
    value = data.get(key)
    given = value is not tk.missing and value is not None
    text = str(value).strip() if given else ""
    if not _sets_registry_ids(context):
        if not given:
            text = stored  # an editor's update leaves it as it was
        elif text != stored:
            errors[key].append(
                _("Only MIMU administrators set or change the registry ID")
            )
            raise tk.StopOnError
    if not text:
        data.pop(key, None)
        raise tk.StopOnError
    data[key] = text
    others = [
        i
        for i in imnet_model.assessments_by_registry_id([text]).get(text, [])
        if i != package_id
    ]
    if others:
        errors[key].append(_("Another assessment has this registry ID"))
        raise tk.StopOnError
