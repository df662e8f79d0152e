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
    _user_id,
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
    "reviews_datasets",
    "may_endorse",
    "sees_review",
    "may_search_review",
    "review_search_organisations",
    "may_curate_organisation",
    "may_curate_catalogue",
    "may_import_assessments",
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


def reviews_datasets(user: Any) -> bool:
    """Who reviews datasets at all: MIMU admins."""
    return is_sysadmin(user)


def may_review(user: Any, dataset: Mapping[str, Any]) -> bool:
    """MIMU admins review a dataset (mark it reviewed or ask for changes)."""
    return reviews_datasets(user) and can_see_metadata(user, dataset)


def may_endorse(user: Any, dataset: Mapping[str, Any]) -> bool:
    """MIMU admins endorse a dataset as a baseline, or withdraw it."""
    return is_sysadmin(user) and can_see_metadata(user, dataset)


def sees_review(user: Any, dataset: Mapping[str, Any]) -> bool:
    """Who sees a dataset's review state and the reviewer's comment: those
    who curate it (its organisation's admins and editors, MIMU admins)."""
    return may_curate(user, dataset)


def may_search_review(user: Any) -> bool:
    """Who may filter, facet and sort the whole catalogue's search by review
    state: MIMU admins. Data owners search on it within the organisations
    they curate (``review_search_organisations``); for anyone else the field
    does not exist."""
    return is_sysadmin(user)


def review_search_organisations(user: Any) -> list[str]:
    """The organisations within which a user who is not a MIMU admin may
    search by review state: those whose datasets they curate (admin, editor).
    A search of theirs that names the review state is kept to these
    organisations' datasets, whose review they see (``sees_review``)."""
    user_id = _user_id(user)
    if not user_id:
        return []
    return sorted(
        org_id
        for org_id, role in imnet_model.organisations_of(user_id).items()
        if role in _CURATING_ROLES
    )


def may_curate_organisation(user: Any, org_id: str | None) -> bool:
    """Who opens an organisation's curation workspace: its admins and
    editors, and MIMU admins."""
    if is_sysadmin(user):
        return True
    return organisation_role(user, org_id) in _CURATING_ROLES


def may_curate_catalogue(user: Any) -> bool:
    """Who opens the whole catalogue's curation workspace: MIMU admins."""
    return is_sysadmin(user)


def may_import_assessments(user: Any) -> bool:
    """Who imports a registry spreadsheet of assessments (any lead agency's,
    written as the site user): MIMU admins."""
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
