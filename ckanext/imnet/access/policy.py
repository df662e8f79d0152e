"""Who may see what: the one place that decides (BRIEF §3 and §4).

Every other module asks this one; none restates a rule. The rules are
written in two halves, ``policy_visibility`` (seeing metadata and getting
data, the DCAT catalogue, permission labels) and ``policy_requests``
(requests, approvals, steps, the audit log), plus ``policy_curation`` (who
curates a dataset) and ``policy_gaps`` (who judges the gap matrix); only
this module imports them.

* **metadata** of a dataset, as permission labels (``dataset_labels``): a
  deleted dataset -> sysadmins only; a private or draft one -> its
  organisation; otherwise by level: public and restricted -> everyone,
  confidential -> Network members (users in at least one organisation),
  strictly confidential -> the owning organisation. Search, facets, counts,
  ``package_show``, activity and every request page use these labels, so
  they all agree.
* **editing** metadata (and reading the curation advice that goes with it):
  whoever CKAN's ``package_update`` lets edit and may see the dataset; the
  same people run a harvest source and see its internals (configuration,
  job errors, fetched records: ``may_run_harvest_source``).
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
* **curation**: data owners (admins and editors of the owning organisation)
  and sysadmins who see a dataset curate it: confirm it is still current;
  owners are reminded when it is due or overdue, sysadmins when delinquent.
  Sysadmins review and endorse datasets; a dataset's review state and comment
  are seen by those who curate it, searched on by sysadmins only. With
  ``ckanext.imnet.review.required_from`` set, a dataset at that level or
  higher stays private until reviewed (``review_required``).
* **assessment import**: MIMU admins import a registry spreadsheet
  (``may_import_assessments``); its rows are written as the site user.
* **gap matrix**: counted by a search made as the viewer (the labels
  above); MIMU admins override a cell's state (``may_override_gap``); a
  cell's "data on request" counts only datasets the viewer sees whose data
  can be requested (``on_request``).
* **DCAT**: strictly confidential datasets are never in the catalogue, nor
  anything that is not an IM dataset (harvest sources are CKAN datasets of
  type ``harvest``: ``is_im_dataset``).
* **exports** (the inventory): the rows of the exporter's own search, never
  a strictly confidential dataset (``EXPORT_FILTERS``; the assessment
  registry's: ``REGISTRY_EXPORT_FILTERS``), and resource URLs of open data
  only (``url_in_export``; an assessment's product links: ``product_link_in_export``).
* **assessment status reminders** go to the lead agency's admins and editors
  who may see the assessment (``curators_of``), never to anyone else.

Users are ``model.User`` objects (or ``None`` for anonymous visitors);
datasets are dicts with ``id``, ``owner_org``, ``private``, ``state`` and
``sensitivity`` (``package_show`` output or ``model.dataset_summary``).
"""

from __future__ import annotations

from .policy_curation import (
    catalogue_curators,
    curators_of,
    may_curate,
    may_curate_catalogue,
    may_curate_organisation,
    may_endorse,
    may_import_assessments,
    may_review,
    may_search_review,
    review_recipients,
    review_required,
    review_search_organisations,
    reviews_datasets,
    sees_review,
)
from .policy_gaps import may_override_gap, on_request
from .policy_requests import (
    REQUESTER_STEPS,
    acts_for_owner,
    allowed_steps,
    approval_roles,
    approval_to_give,
    approvers_for,
    can_request,
    grant_stands,
    is_approver,
    limit_refusal,
    may_hold,
    may_list_requests,
    may_read_audit,
    may_take_step,
    missing_approvals,
    needs_two_approvals,
    owner_has_approvers,
    request_refusal,
    reviewable_organisations,
)
from .policy_visibility import (
    ASSESSMENT_TYPE,
    CATALOGUE_FILTERS,
    CONFIDENTIAL,
    EXPORT_FILTERS,
    IM_DATASET_TYPE,
    LEVELS,
    NETWORK_MEMBER_LABEL,
    PUBLIC,
    REGISTRY_EXPORT_FILTERS,
    REQUESTABLE,
    RESTRICTED,
    STRICTLY_CONFIDENTIAL,
    PermissionLabels,
    can_edit_metadata,
    can_get_data,
    can_see_metadata,
    dataset_labels,
    has_active_grant,
    in_catalogue,
    is_im_dataset,
    is_network_member,
    is_open_data,
    is_sysadmin,
    level_of,
    may_run_harvest_source,
    organisation_role,
    product_link_in_export,
    url_in_export,
    user_labels,
)

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
    "url_in_export",
    "product_link_in_export",
    "PermissionLabels",
    "may_curate",
    "curators_of",
    "catalogue_curators",
    "may_review",
    "may_endorse",
    "sees_review",
    "may_search_review",
    "review_search_organisations",
    "reviews_datasets",
    "may_curate_organisation",
    "may_curate_catalogue",
    "may_import_assessments",
    "review_recipients",
    "review_required",
    "may_override_gap",
    "on_request",
]
