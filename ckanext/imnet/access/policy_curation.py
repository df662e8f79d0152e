"""Who curates a dataset -- confirms it is current, is reminded when it is not,
reviews and endorses it, sees its review -- and when review holds publication.

Third part of the access policy (``policy.py``, which everything else asks).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model

from .policy_visibility import (
    LEVELS,
    can_see_metadata,
    is_sysadmin,
    level_of,
    organisation_role,
)

__all__ = [
    "may_curate",
    "curators_of",
    "catalogue_curators",
    "may_review",
    "may_endorse",
    "sees_review",
    "may_search_review",
    "review_recipients",
    "review_required",
]

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


def may_review(user: Any, dataset: Mapping[str, Any]) -> bool:
    """MIMU admins review a dataset (mark it reviewed or ask for changes)."""
    return is_sysadmin(user) and can_see_metadata(user, dataset)


def may_endorse(user: Any, dataset: Mapping[str, Any]) -> bool:
    """MIMU admins endorse a dataset as a baseline, or withdraw it."""
    return is_sysadmin(user) and can_see_metadata(user, dataset)


def sees_review(user: Any, dataset: Mapping[str, Any]) -> bool:
    """Who sees a dataset's review state and the reviewer's comment: those
    who curate it (its organisation's admins and editors, MIMU admins)."""
    return may_curate(user, dataset)


def may_search_review(user: Any) -> bool:
    """Who may filter, facet and sort the search by review state: MIMU admins
    (for anyone else the field does not exist)."""
    return is_sysadmin(user)


def review_recipients(dataset: Mapping[str, Any]) -> list[Any]:
    """Who is told of a review: the data owners who curate the dataset."""
    return curators_of(dataset)


def review_required(dataset: Mapping[str, Any]) -> bool:
    """True if the dataset may not be published before it is reviewed: its
    level is at or above ``ckanext.imnet.review.required_from``."""
    lowest = config.review_required_from()
    if lowest not in LEVELS:
        return False
    return LEVELS.index(level_of(dataset)) >= LEVELS.index(lowest)
