"""Resource views (previews) are data: listed only to people who may get it.

The resource page lists a resource's views to decide what to embed; a user
who may see a dataset but not get its data is given no views at all (and
``resource_view_show`` refuses them, in ``auth.py``). A dataset the user may
not see is not there (``hidden``).
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from ._common import actor

__all__ = ["resource_view_list"]


@tk.side_effect_free
@tk.chained_action
def resource_view_list(up_func: Action, context: Context, data_dict: DataDict):
    """CKAN's ``resource_view_list``; empty for a user who may not get the data."""
    views = up_func(context, data_dict)
    if context.get("ignore_auth"):
        return views
    dataset = imnet_model.dataset_of_resource(str(data_dict.get("id") or ""))
    if dataset is not None and not policy.can_get_data(actor(context), dataset):
        return []
    return views
