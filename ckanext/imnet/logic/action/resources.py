"""Core resource actions, guarded against input they would crash on.

CKAN's ``resource_create`` and ``resource_update`` read the resource's URL
(for the uploader) before any validation, so a number or a list there is a
server error. The shapes of the fields are checked first, by the same rule
the dataset schema applies (``imnet_field_shapes``). Their links are checked
once they have stored their upload (``link_checks.resource_write``).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet.curation import link_checks
from ckanext.imnet.logic.validators import resource_shape_errors

__all__ = ["resource_create", "resource_update"]


def _check_shapes(data_dict: DataDict) -> None:
    package_type = "dataset"
    schema = tk.h.scheming_get_dataset_schema(package_type) or {}
    errors = resource_shape_errors(schema, data_dict)
    if errors:
        raise tk.ValidationError(errors)


@tk.chained_action
def resource_create(up_func: Action, context: Context, data_dict: DataDict):
    """CKAN's ``resource_create``, after the fields' shapes are checked."""
    _check_shapes(data_dict)
    with link_checks.resource_write(context):
        return up_func(context, data_dict)


@tk.chained_action
def resource_update(up_func: Action, context: Context, data_dict: DataDict):
    """CKAN's ``resource_update``, after the fields' shapes are checked."""
    _check_shapes(data_dict)
    with link_checks.resource_write(context):
        return up_func(context, data_dict)
