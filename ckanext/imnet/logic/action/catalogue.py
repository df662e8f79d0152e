"""The DCAT catalogue's searches: what the policy keeps out of it, and clean errors.

ckanext-dcat builds its own ``package_search`` call; the catalogue actions mark
the context, and ``package_search`` then adds the policy's catalogue filters as
separate ``fq_list`` entries -- a caller's ``q`` and ``fq`` are never wrapped
in a string, so they cannot escape the filters.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from ckan.types import Action, Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from ._common import not_found

__all__ = [
    "package_search",
    "dcat_catalog_show",
    "dcat_catalog_search",
    "dcat_datasets_list",
    "dcat_dataset_show",
]

_ = tk._

# Set in the context by the catalogue actions; read by ``package_search``.
_CATALOGUE = "imnet_catalogue"


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Action, context: Context, data_dict: DataDict):
    """CKAN's search; for the DCAT catalogue, with the policy's filters added."""
    if context.get(_CATALOGUE):
        fq_list = list(data_dict.get("fq_list") or [])
        data_dict = {**data_dict, "fq_list": [*fq_list, *policy.CATALOGUE_FILTERS]}
    return up_func(context, data_dict)


def _catalogue_search(up_func: Action, context: Context, data_dict: DataDict):
    """A DCAT search within the catalogue; bad ``q``/``fq`` get a validation
    error, which ckanext-dcat's views answer with a 409."""
    context[_CATALOGUE] = True
    try:
        return up_func(context, data_dict)
    except SearchError:
        raise tk.ValidationError(
            {"q": [_("Invalid search query: check the q and fq parameters")]}
        ) from None


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-dcat's catalogue, without what the policy keeps out of it."""
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-dcat's catalogue search, without what the policy keeps out of it."""
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_datasets_list(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-dcat's JSON list, without what the policy keeps out of it."""
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_dataset_show(up_func: Action, context: Context, data_dict: DataDict):
    """One dataset as DCAT; a dataset kept out of the catalogue is not found."""
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset and not policy.in_catalogue(dataset):
        raise not_found("dataset")
    return up_func(context, data_dict)
