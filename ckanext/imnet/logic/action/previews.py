"""Resource views (previews) are data: listed only to people who may get it;
and the DataStore loader's status never carries its credentials.

The resource page lists a resource's views to decide what to embed; a user
who may see a dataset but not get its data is given no views at all (and
``resource_view_show`` refuses them, in ``auth.py``). A dataset the user may
not see is not there (``hidden``).
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from ._common import actor

__all__ = ["resource_view_list", "xloader_status", "without_secrets"]

# Keys of a stored job that hold a credential (xloader keeps the API token
# it loads with in the job's data).
_SECRETS = frozenset({"api_key", "apikey", "api_token", "token"})


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


def without_secrets(value: Any) -> Any:
    """``value`` with every credential key (``_SECRETS``) removed, at any depth."""
    if isinstance(value, dict):
        return {
            key: without_secrets(item)
            for key, item in value.items()
            if str(key).lower() not in _SECRETS
        }
    if isinstance(value, list):
        return [without_secrets(item) for item in value]
    return value


@tk.side_effect_free
@tk.chained_action
def xloader_status(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-xloader's ``xloader_status`` without the API token its job holds
    (xloader 2.5 returns the job's data, token included, to anyone who may
    see the status: the site user's token would make them a sysadmin)."""
    return without_secrets(up_func(context, data_dict))
