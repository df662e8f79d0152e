"""Who may see what: the one place that decides (BRIEF §3 and §4).

Every other module asks this one; none restates a rule.

* **metadata** of a dataset, as permission labels (``dataset_labels``): a
  deleted dataset -> sysadmins only; a private or draft one -> its
  organisation; otherwise by level: public and restricted -> everyone,
  confidential -> Network members (users in at least one organisation),
  strictly confidential -> the owning organisation. Search, facets, counts,
  ``package_show``, activity and every request page use these labels, so
  they all agree.
* **data** (resource URLs, downloads, previews, DataStore, activity
  snapshots): open data -> whoever sees the metadata; otherwise the owning
  organisation, sysadmins and holders of an active grant who still see the
  metadata.
* **requests**: restricted -> any logged-in user who sees the dataset;
  confidential -> members; public and strictly confidential -> none; within
  the limits of ``ckanext.imnet.access.requests_per_day`` and the cool-down
  after a withdrawal. A request or grant survives a change of the dataset only
  while its holder could still make it (``may_hold``).
* **approvers**: admins and editors of the owning organisation (``owner``) and
  sysadmins (``admin``), never the requester; confidential data needs one of
  each (two different people). Every request can finish: for an organisation
  with no admin or editor, MIMU admins give the data owner's approval on its
  behalf (recorded as such); and when nobody else could give the approval
  still missing, the approver who gave the first may give it too.
* **DCAT**: strictly confidential datasets are never in the catalogue, nor
  anything that is not an IM dataset (harvest sources are CKAN datasets of
  type ``harvest``: ``is_im_dataset``).

Users are ``model.User`` objects (or ``None`` for anonymous visitors);
datasets are dicts with ``id``, ``owner_org``, ``private``, ``state`` and
``sensitivity`` (``package_show`` output or ``model.dataset_summary``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.imnet import config
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
    "CATALOGUE_FILTERS",
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
    "request_refusal",
    "can_request",
    "limit_refusal",
    "may_hold",
    "may_list_requests",
    "approval_roles",
    "approval_to_give",
    "approvers_for",
    "missing_approvals",
    "grant_stands",
    "may_take_step",
    "REQUESTER_STEPS",
    "owner_has_approvers",
    "acts_for_owner",
    "is_approver",
    "reviewable_organisations",
    "allowed_steps",
    "needs_two_approvals",
    "may_read_audit",
    "in_catalogue",
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

# Filters every DCAT search adds, each its own ``fq_list`` entry.
CATALOGUE_FILTERS = (
    f"-sensitivity:{STRICTLY_CONFIDENTIAL}",
    f"+dataset_type:{IM_DATASET_TYPE}",
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


# -- requests ------------------------------------------------------------------


def _eligibility_refusal(user: Any, dataset: Mapping[str, Any]) -> str | None:
    """Why the user could not hold a request for this dataset as it is now."""
    level = level_of(dataset)
    if level == PUBLIC:
        return _("The data of this dataset is public: no request is needed.")
    if level == STRICTLY_CONFIDENTIAL:
        return _("Strictly confidential data cannot be requested.")
    if _user_id(user) is None:
        return _("Log in to request access to this data.")
    if level == CONFIDENTIAL and not is_network_member(user):
        return _(
            "Confidential data can only be requested by members of an "
            "organisation of the Network."
        )
    return None


def request_refusal(user: Any, dataset: Mapping[str, Any]) -> str | None:
    """Why this user cannot request this dataset's data, or ``None`` if they can.

    Only asked for a dataset the user may see: for any other, the caller
    answers as for a dataset that does not exist.
    """
    refusal = _eligibility_refusal(user, dataset)
    if refusal is None and can_get_data(user, dataset):
        return _("You already have access to this data.")
    return refusal


def can_request(user: Any, dataset: Mapping[str, Any]) -> bool:
    """True if the user may see the dataset and request its data."""
    return can_see_metadata(user, dataset) and request_refusal(user, dataset) is None


def limit_refusal(user: Any, dataset: Mapping[str, Any]) -> str | None:
    """Why a new request would exceed the request limits, or ``None``."""
    since = imnet_model.now() - datetime.timedelta(days=1)
    per_day = config.requests_per_day()
    if per_day and imnet_model.count_requests_since(user.id, since) >= per_day:
        return _(
            "You have made {count} requests in the last 24 hours, the most "
            "allowed. Try again tomorrow."
        ).format(count=per_day)
    hours = config.withdrawal_cooldown_hours()
    withdrawn = imnet_model.last_withdrawal(user.id, dataset["id"])
    if hours and withdrawn is not None:
        until = withdrawn + datetime.timedelta(hours=hours)
        if until > imnet_model.now():
            return _(
                "You withdrew a request for this dataset recently; you can "
                "request it again after {time} UTC."
            ).format(time=until.strftime("%Y-%m-%d %H:%M"))
    return None


def may_hold(user: Any, dataset: Mapping[str, Any]) -> bool:
    """May the user keep an open request or a grant for the dataset as it is now?

    The rule a request is filed under, applied again whenever the dataset's
    level, privacy, state or owner changes: what it no longer allows ends.
    """
    return (
        can_see_metadata(user, dataset) and _eligibility_refusal(user, dataset) is None
    )


def may_list_requests(user: Any) -> bool:
    """Request lists (one's own, or a review queue) are for logged-in users."""
    return _user_id(user) is not None


# -- approvals -----------------------------------------------------------------


def needs_two_approvals(level: str) -> bool:
    """Confidential data needs the data owner's and a MIMU admin's approval."""
    return level == CONFIDENTIAL


def owner_has_approvers(dataset: Mapping[str, Any]) -> bool:
    """True if the owning organisation has an active admin or editor."""
    return bool(
        imnet_model.approver_users(dataset.get("owner_org"), owners=True, admins=False)
    )


def acts_for_owner(user: Any, dataset: Mapping[str, Any]) -> bool:
    """True if the user gives the owner's approval on behalf of an organisation
    that has nobody to give it (a MIMU admin)."""
    return (
        is_sysadmin(user)
        and organisation_role(user, dataset.get("owner_org")) not in ("admin", "editor")
        and not owner_has_approvers(dataset)
    )


def approval_roles(
    user: Any, dataset: Mapping[str, Any], request: Any = None
) -> set[str]:
    """The approvals the user may give: ``owner`` and/or ``admin`` (MIMU).

    Never the requester's own request, whatever their role; never for a
    dataset they may not see. MIMU admins may give the owner's approval for
    an organisation that has no admin or editor.
    """
    user_id = _user_id(user)
    if user_id is None or (request is not None and request.user_id == user_id):
        return set()
    if not can_see_metadata(user, dataset):
        return set()
    roles = set()
    if organisation_role(user, dataset.get("owner_org")) in ("admin", "editor"):
        roles.add("owner")
    if is_sysadmin(user):
        roles.add("admin")
        if acts_for_owner(user, dataset):
            roles.add("owner")
    return roles


def is_approver(user: Any, dataset: Mapping[str, Any], request: Any = None) -> bool:
    """True if the user decides requests for this dataset (or this request)."""
    return bool(approval_roles(user, dataset, request))


def approvers_for(
    dataset: Mapping[str, Any], role: str, request: Any = None
) -> list[Any]:
    """The people who may give the ``owner`` or ``admin`` approval (never the
    requester)."""
    org = dataset.get("owner_org")
    if role == "owner":
        people = imnet_model.approver_users(org, owners=True, admins=False)
        if not people:
            people = imnet_model.approver_users(org, owners=False, admins=True)
    else:
        people = imnet_model.approver_users(org, owners=False, admins=True)
    requester = request.user_id if request is not None else None
    return [p for p in people if p.id != requester]


def missing_approvals(dataset: Mapping[str, Any], request: Any) -> list[str]:
    """The approvals (``owner``, ``admin``) an open request still needs."""
    if not needs_two_approvals(level_of(dataset)):
        done = request.owner_approved_by or request.admin_approved_by
        return [] if done else ["owner"]
    return [
        role
        for role, by in (
            ("owner", request.owner_approved_by),
            ("admin", request.admin_approved_by),
        )
        if not by
    ]


def approval_to_give(user: Any, dataset: Mapping[str, Any], request: Any) -> str | None:
    """The approval (``owner`` or ``admin``) this user's approval would count as.

    ``None`` if the user may not approve, or has already given an approval
    and someone else can give the one still missing (confidential data needs
    two people whenever two can decide).
    """
    roles = approval_roles(user, dataset, request)
    missing = missing_approvals(dataset, request)
    if not roles or not missing:
        return None
    if not needs_two_approvals(level_of(dataset)):
        return "owner" if "owner" in roles else "admin"
    already = user.id in (request.owner_approved_by, request.admin_approved_by)
    for role in missing:
        if role not in roles:
            continue
        if not already:
            return role
        # Two different people, whenever two can decide. Only for an
        # organisation with nobody of its own, where MIMU decides for it, may
        # the sole MIMU admin give both: the request must be able to finish.
        others = [p for p in approvers_for(dataset, role, request) if p.id != user.id]
        if not others and acts_for_owner(user, dataset):
            return role
    return None


def grant_stands(dataset: Mapping[str, Any], request: Any) -> bool:
    """Does an approved grant carry the approvals the dataset's level needs now?

    A grant approved once under ``restricted`` does not stand once the
    dataset is ``confidential``, which needs the owner's and MIMU's approval.
    """
    if not needs_two_approvals(level_of(dataset)):
        return True
    return bool(request.owner_approved_by and request.admin_approved_by)


REQUESTER_STEPS = ("respond", "withdraw")


def may_take_step(
    user: Any, request: Any, dataset: Mapping[str, Any], step: str
) -> bool:
    """May the user take this kind of step on the request (whatever its state)?

    The requester answers and withdraws; approvers decide -- sysadmins too,
    who pass CKAN's auth functions, are held to this.
    """
    if step in REQUESTER_STEPS:
        return _user_id(user) is not None and request.user_id == user.id
    return is_approver(user, dataset, request)


def reviewable_organisations(user: Any) -> list[str] | None:
    """Organisations whose requests the user reviews; ``None`` means all."""
    if is_sysadmin(user):
        return None
    user_id = _user_id(user)
    if user_id is None:
        return []
    return [
        org
        for org, role in imnet_model.organisations_of(user_id).items()
        if role in ("admin", "editor")
    ]


def allowed_steps(user: Any, request: Any, dataset: Mapping[str, Any]) -> list[str]:
    """The steps of the request this user may take now."""
    steps: list[str] = []
    if _user_id(user) is None:
        return steps
    if request.user_id == user.id:
        if request.state in ("submitted", "needs_info"):
            steps.append("withdraw")
        if request.state == "needs_info":
            steps.append("respond")
        return steps
    if not is_approver(user, dataset, request):
        return steps
    if request.state == "submitted":
        if approval_to_give(user, dataset, request):
            steps.append("approve")
        steps += ["request_info", "reject"]
    elif request.state == "needs_info":
        steps.append("reject")
    elif request.state == "approved":
        steps.append("revoke")
    return steps


def may_read_audit(user: Any, dataset: Mapping[str, Any] | None) -> bool:
    """MIMU admins read the whole audit log; data owners that of their
    organisations' datasets (``dataset``: the one asked for, if any)."""
    if is_sysadmin(user):
        return True
    if dataset is not None:
        return is_approver(user, dataset)
    return bool(reviewable_organisations(user))


# -- DCAT ----------------------------------------------------------------------


def in_catalogue(dataset: Mapping[str, Any]) -> bool:
    """May the dataset appear in the DCAT catalogue at all (to anyone)?"""
    return is_im_dataset(dataset) and level_of(dataset) != STRICTLY_CONFIDENTIAL


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
