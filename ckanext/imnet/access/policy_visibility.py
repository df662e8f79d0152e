"""What a user may see of a dataset -- its metadata and its data -- and what
the DCAT catalogue may hold: the facts, the permission labels and the rules.

Half of the access policy (``policy.py``, which everything else asks, and
whose docstring states the rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.imnet import model as imnet_model

__all__ = [
    "PUBLIC",
    "RESTRICTED",
    "CONFIDENTIAL",
    "STRICTLY_CONFIDENTIAL",
    "LEVELS",
    "REQUESTABLE",
    "NETWORK_MEMBER_LABEL",
    "IM_DATASET_TYPE",
    "ASSESSMENT_TYPE",
    "CATALOGUE_FILTERS",
    "EXPORT_FILTERS",
    "REGISTRY_EXPORT_FILTERS",
    "is_im_dataset",
    "level_of",
    "is_open_data",
    "is_sysadmin",
    "is_network_member",
    "organisation_role",
    "dataset_labels",
    "user_labels",
    "can_see_metadata",
    "can_get_data",
    "has_active_grant",
    "can_edit_metadata",
    "may_run_harvest_source",
    "in_catalogue",
    "url_in_export",
    "product_link_in_export",
    "PermissionLabels",
]

PUBLIC = "public"
RESTRICTED = "restricted"
CONFIDENTIAL = "confidential"
STRICTLY_CONFIDENTIAL = "strictly_confidential"
LEVELS = (PUBLIC, RESTRICTED, CONFIDENTIAL, STRICTLY_CONFIDENTIAL)
REQUESTABLE = (RESTRICTED, CONFIDENTIAL)
NETWORK_MEMBER_LABEL = "imnet-network-member"

# The dataset type of the IM metadata standard; other types (ckanext-harvest's
# ``harvest`` sources) are CKAN datasets but not catalogue entries.
IM_DATASET_TYPE = "dataset"
# The assessment registry's records (``schemas/assessment.yaml``): CKAN datasets
# whose sensitivity decides who sees them, but not IM datasets.
ASSESSMENT_TYPE = "assessment"

# Filters every DCAT search adds, each its own ``fq_list`` entry.
CATALOGUE_FILTERS = (
    f"-sensitivity:{STRICTLY_CONFIDENTIAL}",
    f"+dataset_type:{IM_DATASET_TYPE}",
)

# Filters every inventory export adds to the exporter's own search, each its
# own ``fq_list`` entry: a file travels beyond the people it was made for, so,
# as in the DCAT catalogue, strictly confidential datasets are never in it.
EXPORT_FILTERS = CATALOGUE_FILTERS
# The same rule for the registry's export (``/assessment/inventory.csv``): its
# assessments, never a strictly confidential one.
REGISTRY_EXPORT_FILTERS = (
    f"-sensitivity:{STRICTLY_CONFIDENTIAL}",
    f"+dataset_type:{ASSESSMENT_TYPE}",
)

_ = tk._


# -- facts ---------------------------------------------------------------------


def is_im_dataset(dataset: Mapping[str, Any]) -> bool:
    """True for a dataset of the IM standard (not a harvest source)."""
    return (dataset.get("type") or IM_DATASET_TYPE) == IM_DATASET_TYPE


def level_of(dataset: Mapping[str, Any]) -> str:
    """The dataset's sensitivity level; an unknown value counts as the strictest."""
    level = dataset.get("sensitivity") or PUBLIC
    return level if level in LEVELS else STRICTLY_CONFIDENTIAL


def is_open_data(dataset: Mapping[str, Any]) -> bool:
    """True if the dataset's data is open to whoever may see its metadata."""
    return level_of(dataset) == PUBLIC


def _user_id(user: Any) -> str | None:
    if user is None or getattr(user, "is_anonymous", False):
        return None
    return getattr(user, "id", None)


def is_sysadmin(user: Any) -> bool:
    """True for an active sysadmin (a MIMU administrator)."""
    return bool(
        _user_id(user)
        and getattr(user, "sysadmin", False)
        and getattr(user, "state", "active") == "active"
    )


def is_network_member(user: Any) -> bool:
    """True for a user who belongs to at least one organisation of the Network."""
    user_id = _user_id(user)
    return user_id is not None and imnet_model.organisations_of(user_id) != {}


def organisation_role(user: Any, org_id: str | None) -> str | None:
    """The user's capacity in an organisation: ``admin``, ``editor``, ``member``."""
    user_id = _user_id(user)
    if not user_id or not org_id:
        return None
    return imnet_model.organisations_of(user_id).get(org_id)


def _is_private(dataset: Mapping[str, Any]) -> bool:
    return tk.asbool(dataset.get("private") or False)


# -- metadata ------------------------------------------------------------------


def dataset_labels(dataset: Mapping[str, Any]) -> list[str]:
    """Who may see the dataset's metadata, as CKAN permission labels.

    Sysadmins see everything and need no label; an empty list means nobody
    else (a deleted dataset).
    """
    state = dataset.get("state") or "active"
    if state == "deleted":
        return []
    owner = dataset.get("owner_org")
    home = [f"member-{owner}" if owner else f"creator-{dataset.get('creator_user_id')}"]
    if tk.asbool(tk.config.get("ckan.auth.allow_dataset_collaborators")):
        home.append(f"collaborator-{dataset.get('id')}")
    if state != "active" or _is_private(dataset):
        return home
    level = level_of(dataset)
    if level == CONFIDENTIAL:
        return [NETWORK_MEMBER_LABEL, *home]
    if level == STRICTLY_CONFIDENTIAL:
        return home
    return ["public"]


def user_labels(user: Any) -> list[str]:
    """The permission labels a user holds (CKAN's, plus Network membership)."""
    labels = DefaultPermissionLabels().get_user_dataset_labels(user)
    if is_network_member(user):
        labels.append(NETWORK_MEMBER_LABEL)
    return labels


def can_see_metadata(
    user: Any, dataset: Mapping[str, Any], labels: Iterable[str] | None = None
) -> bool:
    """May the user know this dataset exists? (``labels``: the user's, if known)."""
    if is_sysadmin(user):
        return True
    held = set(user_labels(user) if labels is None else labels)
    return bool(held.intersection(dataset_labels(dataset)))


# -- data ----------------------------------------------------------------------


def has_active_grant(user: Any, dataset_id: str) -> bool:
    """True if the user holds an approved, unexpired request for the dataset."""
    user_id = _user_id(user)
    if user_id is None:
        return False
    return imnet_model.active_grant(user_id, dataset_id) is not None


def can_get_data(user: Any, dataset: Mapping[str, Any]) -> bool:
    """May the user get the dataset's data (URLs, bytes, previews, DataStore)?"""
    if not can_see_metadata(user, dataset):
        return False
    if is_open_data(dataset) or is_sysadmin(user):
        return True
    if organisation_role(user, dataset.get("owner_org")) is not None:
        return True
    return has_active_grant(user, dataset["id"])


# -- editing -------------------------------------------------------------------


def can_edit_metadata(user: Any, dataset: Mapping[str, Any]) -> bool:
    """May the user change the dataset's metadata (and so read curation advice)?

    CKAN's ``package_update`` decides: sysadmins, admins and editors of the
    owning organisation, collaborators who may edit. Nobody edits a dataset
    they may not see.
    """
    user_id = _user_id(user)
    if user_id is None or not can_see_metadata(user, dataset):
        return False
    context: Any = {"user": user.name, "auth_user_obj": user}
    try:
        tk.check_access("package_update", context, {"id": dataset["id"]})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def may_run_harvest_source(user: Any, source: Mapping[str, Any]) -> bool:
    """May the user run a harvest source and see what is internal to it -- its
    configuration (a partner's API key), its jobs and their error reports,
    the records its harvester fetched? Those who may edit the source (CKAN's
    ``package_update``, as ckanext-harvest asks): its organisation's admins
    and editors, sysadmins."""
    return can_edit_metadata(user, source)


# -- DCAT ----------------------------------------------------------------------


def in_catalogue(dataset: Mapping[str, Any]) -> bool:
    """May the dataset appear in the DCAT catalogue at all (to anyone)?"""
    return is_im_dataset(dataset) and level_of(dataset) != STRICTLY_CONFIDENTIAL


# -- exports -------------------------------------------------------------------


def url_in_export(dataset: Mapping[str, Any]) -> bool:
    """May a resource URL of the dataset be written into an exported file (the
    inventory)? Only for open data, whoever exports: search results carry no
    URL of data that is not open, and a file outlives the exporter's rights."""
    return is_open_data(dataset)


def product_link_in_export(assessment: Mapping[str, Any], availability: str) -> bool:
    """May the link to an assessment's product (its report, questionnaire or
    data, of that ``availability``) be written into an exported file? Only
    for a public product of an open record, by the rule of ``url_in_export``.
    A product held in this catalogue is linked only when that dataset is open
    too (the caller asks ``url_in_export`` of it)."""
    return availability == PUBLIC and url_in_export(assessment)


class PermissionLabels(DefaultPermissionLabels):
    """CKAN's permission labels, computed by ``dataset_labels`` and ``user_labels``."""

    def get_dataset_labels(self, dataset_obj: Any) -> list[str]:
        return dataset_labels(
            {
                "id": dataset_obj.id,
                "state": dataset_obj.state,
                "private": dataset_obj.private,
                "owner_org": dataset_obj.owner_org,
                "creator_user_id": dataset_obj.creator_user_id,
                "sensitivity": dataset_obj.extras.get("sensitivity"),
            }
        )

    def get_user_dataset_labels(self, user_obj: Any) -> list[str]:
        return user_labels(user_obj)
