"""Who curates a dataset -- confirms it is current, is reminded when it is not.

Third part of the access policy (``policy.py``, which everything else asks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.imnet import model as imnet_model

from .policy_visibility import can_see_metadata, is_sysadmin, organisation_role

__all__ = ["may_curate", "curators_of", "catalogue_curators"]

# Roles in the owning organisation that look after its datasets.
_CURATING_ROLES = ("admin", "editor")


def may_curate(user: Any, dataset: Mapping[str, Any]) -> bool:
    """Data owners (admins and editors of the owning organisation) and MIMU
    admins curate a dataset they can see: confirm it is current, be reminded."""
    if not can_see_metadata(user, dataset):
        return False
    if is_sysadmin(user):
        return True
    return organisation_role(user, dataset.get("owner_org")) in _CURATING_ROLES


def curators_of(dataset: Mapping[str, Any]) -> list[Any]:
    """The data owners of a dataset (its organisation's admins and editors)
    who may curate it: those told that it is due or overdue."""
    people = imnet_model.approver_users(dataset.get("owner_org"), True, False)
    return [person for person in people if may_curate(person, dataset)]


def catalogue_curators(dataset: Mapping[str, Any]) -> list[Any]:
    """MIMU admins who may curate a dataset: those told it is delinquent."""
    people = imnet_model.approver_users(None, False, True)
    return [person for person in people if may_curate(person, dataset)]
