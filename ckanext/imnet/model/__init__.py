"""Tables of ckanext-imnet. Every table is created by an alembic migration."""

from __future__ import annotations

from .access import (
    OPEN_STATES,
    AccessEvent,
    AccessRequest,
    MailOutbox,
    active_grant,
    approver_users,
    due_for_expiry,
    due_for_reminder,
    find_events,
    find_requests,
    now,
    open_request,
    organisations_of,
    requests_for_dataset,
    session,
    unsent_mail,
    user,
)
from .datasets import dataset_of_resource, dataset_summary, packages_of, resource_urls
from .search_index import SearchIndexEntry

__all__ = [
    "SearchIndexEntry",
    "AccessRequest",
    "AccessEvent",
    "MailOutbox",
    "OPEN_STATES",
    "organisations_of",
    "active_grant",
    "now",
    "session",
    "user",
    "requests_for_dataset",
    "open_request",
    "find_requests",
    "due_for_expiry",
    "due_for_reminder",
    "approver_users",
    "find_events",
    "unsent_mail",
    "dataset_summary",
    "dataset_of_resource",
    "resource_urls",
    "packages_of",
]
