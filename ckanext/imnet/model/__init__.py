"""Tables of ckanext-imnet, and the facts it reads from core tables.

Every table is created by an alembic migration; models never commit.
"""

from __future__ import annotations

from .activity import dataset_of_activity, rewrite_snapshots, set_activity_labels
from .audit import AccessEvent, event_subjects, find_events
from .datasets import (
    DatasetAccess,
    dataset_of_resource,
    dataset_of_view,
    dataset_summaries,
    dataset_summary,
    is_dataset,
    packages_of,
    resource_urls,
)
from .freshness import (
    DatasetConfirmation,
    FreshnessNotice,
    backdate_dataset,
    claim_notice,
    confirmation,
    confirmations,
    last_notices,
)
from .gaps import GapOverride, gap_override, gap_overrides
from .harvest import (
    datasets_of_guid,
    harvest_object_summary,
    harvest_origin,
    harvest_source_config,
    harvest_source_titles,
    importers_of_guid,
    keep_holders_current,
    last_import_extra,
    set_object_extra,
)
from .links import (
    LinkCheck,
    link_check,
    link_checks,
    resource_ids_of,
    resource_links,
    resources_to_check,
    uploaded_file_exists,
)
from .mail import MailOutbox, claim_next, held_messages, mail_status
from .owners import Organisation, dataset_names, organisations
from .registry_ids import assessments_by_registry_id, names_taken, registry_id_of
from .requests import (
    OPEN_STATES,
    AccessRequest,
    active_grant,
    count_requests_since,
    due_for_expiry,
    due_for_reminder,
    find_requests,
    last_withdrawal,
    open_request,
    requests_for_dataset,
)
from .review import (
    DatasetEndorsement,
    DatasetReview,
    endorsement,
    endorsements,
    review,
    reviews,
    set_private,
)
from .search_index import SearchIndexEntry
from .users import approver_users, now, organisations_of, session, user

__all__ = [
    "harvest_object_summary",
    "last_import_extra",
    "set_object_extra",
    "harvest_origin",
    "harvest_source_titles",
    "datasets_of_guid",
    "keep_holders_current",
    "importers_of_guid",
    "harvest_source_config",
    "SearchIndexEntry",
    "AccessRequest",
    "AccessEvent",
    "MailOutbox",
    "DatasetAccess",
    "OPEN_STATES",
    "organisations_of",
    "active_grant",
    "now",
    "session",
    "user",
    "requests_for_dataset",
    "open_request",
    "find_requests",
    "count_requests_since",
    "last_withdrawal",
    "due_for_expiry",
    "due_for_reminder",
    "approver_users",
    "find_events",
    "event_subjects",
    "claim_next",
    "held_messages",
    "mail_status",
    "dataset_summary",
    "dataset_summaries",
    "dataset_of_resource",
    "resource_urls",
    "packages_of",
    "is_dataset",
    "set_activity_labels",
    "rewrite_snapshots",
    "dataset_of_activity",
    "dataset_of_view",
    "Organisation",
    "organisations",
    "dataset_names",
    "DatasetConfirmation",
    "FreshnessNotice",
    "confirmation",
    "confirmations",
    "claim_notice",
    "last_notices",
    "backdate_dataset",
    "LinkCheck",
    "link_check",
    "link_checks",
    "resources_to_check",
    "resource_links",
    "uploaded_file_exists",
    "resource_ids_of",
    "DatasetReview",
    "DatasetEndorsement",
    "review",
    "reviews",
    "endorsement",
    "endorsements",
    "set_private",
    "GapOverride",
    "gap_override",
    "gap_overrides",
    "assessments_by_registry_id",
    "registry_id_of",
    "names_taken",
]
