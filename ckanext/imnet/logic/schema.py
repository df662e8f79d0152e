"""Validation schemas of the actions of ckanext-imnet."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

__all__ = [
    "access_request_create",
    "access_request_id",
    "access_request_approve",
    "access_request_reason",
    "access_request_respond",
    "access_request_list",
    "audit_list",
    "completeness_summary",
    "dataset_confirm_current",
    "link_report",
    "dataset_review",
    "dataset_endorse",
    "curation_summary",
    "curation_list",
    "curation_bulk",
    "inventory_export",
]


@validator_args
def access_request_create(
    not_empty: Validator,
    unicode_safe: Validator,
    imnet_required_text: Validator,
    imnet_ignore_blank: Validator,
    is_positive_integer: Validator,
    imnet_accepted: Validator,
) -> Schema:
    """Fields of a new request for data."""
    return {
        "id": [not_empty, unicode_safe],
        "purpose": [imnet_required_text, unicode_safe],
        "organization": [imnet_required_text, unicode_safe],
        "days": [imnet_ignore_blank, is_positive_integer],
        "accept_conditions": [imnet_accepted],
    }


@validator_args
def access_request_id(not_empty: Validator, unicode_safe: Validator) -> Schema:
    """A request named by its id."""
    return {"id": [not_empty, unicode_safe]}


@validator_args
def access_request_approve(
    not_empty: Validator,
    unicode_safe: Validator,
    imnet_ignore_blank: Validator,
    is_positive_integer: Validator,
) -> Schema:
    """An approval, optionally for fewer days than asked."""
    return {
        "id": [not_empty, unicode_safe],
        "days": [imnet_ignore_blank, is_positive_integer],
    }


@validator_args
def access_request_reason(
    not_empty: Validator, unicode_safe: Validator, imnet_required_text: Validator
) -> Schema:
    """A step that needs a reason the requester sees."""
    return {
        "id": [not_empty, unicode_safe],
        "reason": [imnet_required_text, unicode_safe],
    }


@validator_args
def access_request_respond(
    not_empty: Validator, unicode_safe: Validator, imnet_required_text: Validator
) -> Schema:
    """The requester's answer to a question."""
    return {
        "id": [not_empty, unicode_safe],
        "answer": [imnet_required_text, unicode_safe],
    }


@validator_args
def access_request_list(
    ignore_missing: Validator,
    unicode_safe: Validator,
    one_of: Validator,
    default: Validator,
    imnet_boolean: Validator,
    imnet_count: Validator,
) -> Schema:
    """Filters and paging of request lists."""
    return {
        "role": [default("mine"), one_of(["mine", "review"])],
        "awaiting_me": [default(False), imnet_boolean],
        "state": [
            ignore_missing,
            one_of(
                [
                    "submitted",
                    "needs_info",
                    "approved",
                    "rejected",
                    "withdrawn",
                    "expired",
                    "revoked",
                ]
            ),
        ],
        "package_id": [ignore_missing, unicode_safe],
        "limit": [default(50), imnet_count(1000)],
        "offset": [default(0), imnet_count(10**9)],
    }


@validator_args
def audit_list(
    ignore_missing: Validator,
    unicode_safe: Validator,
    imnet_count: Validator,
    isodate: Validator,
    default: Validator,
) -> Schema:
    """Filters and paging of the audit log."""
    return {
        "package_id": [ignore_missing, unicode_safe],
        "event": [ignore_missing, unicode_safe],
        "user": [ignore_missing, unicode_safe],
        "since": [ignore_missing, isodate],
        "until": [ignore_missing, isodate],
        "limit": [default(100), imnet_count(1000)],
        "offset": [default(0), imnet_count(10**9)],
    }


@validator_args
def completeness_summary(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    """An organisation named by id or name, or none (the whole catalogue)."""
    return {"id": [ignore_missing, unicode_safe]}


@validator_args
def dataset_confirm_current(
    not_empty: Validator, unicode_safe: Validator, imnet_ignore_blank: Validator
) -> Schema:
    """A dataset confirmed as still current, with an optional note."""
    return {
        "id": [not_empty, unicode_safe],
        "note": [imnet_ignore_blank, unicode_safe],
    }


@validator_args
def link_report(
    ignore_missing: Validator,
    unicode_safe: Validator,
    one_of: Validator,
    default: Validator,
    imnet_count: Validator,
) -> Schema:
    """Filters and paging of the broken-link report."""
    return {
        "organization": [ignore_missing, unicode_safe],
        "status": [
            default("failing"),
            one_of(["failing", "broken", "unreachable", "refused", "ok", "all"]),
        ],
        "limit": [default(100), imnet_count(1000)],
        "offset": [default(0), imnet_count(10**9)],
    }


@validator_args
def dataset_review(
    not_empty: Validator, unicode_safe: Validator, imnet_ignore_blank: Validator
) -> Schema:
    """A review decision on a dataset, with the reviewer's comment."""
    return {
        "id": [not_empty, unicode_safe],
        "state": [not_empty, unicode_safe],
        "comment": [imnet_ignore_blank, unicode_safe],
    }


@validator_args
def dataset_endorse(
    not_empty: Validator,
    unicode_safe: Validator,
    imnet_ignore_blank: Validator,
    ignore_missing: Validator,
    imnet_boolean: Validator,
) -> Schema:
    """An endorsement given (the default) or withdrawn, with a note."""
    return {
        "id": [not_empty, unicode_safe],
        "endorsed": [ignore_missing, imnet_boolean],
        "note": [imnet_ignore_blank, unicode_safe],
    }


@validator_args
def curation_summary(ignore_missing: Validator, unicode_safe: Validator) -> Schema:
    """The curation workspace of an organisation (id or name), or of the
    whole catalogue."""
    return {"organization": [ignore_missing, unicode_safe]}


@validator_args
def curation_list(
    ignore_missing: Validator,
    unicode_safe: Validator,
    not_empty: Validator,
    default: Validator,
    imnet_count: Validator,
) -> Schema:
    """A list of the curation workspace, with paging."""
    return {
        "list": [not_empty, unicode_safe],
        "organization": [ignore_missing, unicode_safe],
        "limit": [default(25), imnet_count(1000)],
        "offset": [default(0), imnet_count(10**9)],
    }


@validator_args
def curation_bulk(
    not_empty: Validator,
    unicode_safe: Validator,
    imnet_ignore_blank: Validator,
) -> Schema:
    """A bulk action of the curation workspace (the dataset ids are checked
    by the action)."""
    return {
        "operation": [not_empty, unicode_safe],
        "note": [imnet_ignore_blank, unicode_safe],
        "comment": [imnet_ignore_blank, unicode_safe],
        "sensitivity": [imnet_ignore_blank, unicode_safe],
        "sensitivity_rationale": [imnet_ignore_blank, unicode_safe],
    }


@validator_args
def inventory_export(
    default: Validator,
    one_of: Validator,
    ignore_missing: Validator,
    unicode_safe: Validator,
    list_of_strings: Validator,
) -> Schema:
    """The inventory's format and the search it exports (``package_search``'s
    parameters as the search page uses them, and an organisation)."""
    return {
        "format": [default("csv"), unicode_safe, one_of(["csv", "xlsx"])],
        "type": [default("dataset"), unicode_safe, one_of(["dataset", "assessment"])],
        "q": [ignore_missing, unicode_safe],
        "fq": [ignore_missing, unicode_safe],
        "fq_list": [ignore_missing, list_of_strings],
        "sort": [ignore_missing, unicode_safe],
        "ext_bbox": [ignore_missing, unicode_safe],
        "organization": [ignore_missing, unicode_safe],
    }
