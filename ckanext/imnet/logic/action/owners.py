"""The managed list of data owners, for API clients."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import owners

__all__ = ["imnet_data_owner_list"]


@tk.side_effect_free
def imnet_data_owner_list(
    context: Context, data_dict: DataDict
) -> list[dict[str, Any]]:
    """The data owners a dataset's ``data_owner`` may name: the catalogue's
    organisations (value: the organisation's name) and the external owners of
    the Network's list (value: snake_case), with their labels and aliases.

    ``data_owner`` accepts a value, a label or an alias and stores the value.
    An owner not on the list is given as ``data_owner: "other"`` with its name
    in ``data_owner_other``.

    :returns: ``[{"value": "central_statistical_organization",
        "label": {"en": "Central Statistical Organization", "my_MM": "..."},
        "kind": "government", "organization": null, "aliases": ["CSO", ...]},
        ...]``; ``kind`` is ``organisation``, ``government``, ``international``,
        ``coordination`` or ``civil_society``; ``organization`` is the
        organisation's name for the catalogue's organisations
    :rtype: list of dictionaries
    """
    tk.check_access("imnet_data_owner_list", context, data_dict)
    return [
        {
            "value": owner.value,
            "label": {"en": owner.en, "my_MM": owner.my or owner.en},
            "kind": owner.kind,
            "organization": owner.organisation.name if owner.organisation else None,
            "aliases": list(owner.aliases),
        }
        for owner in owners.directory().owners()
        if owner.offered
    ]
