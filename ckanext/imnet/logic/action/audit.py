"""Actions of the audit log and of the notification outbox's status."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.logic import schema as imnet_schema

from ._common import actor, validate

__all__ = [
    "imnet_audit_list",
    "imnet_audit_export",
    "imnet_mail_status",
    "spreadsheet_safe",
]

CSV_COLUMNS = (
    "id",
    "created",
    "event",
    "actor",
    "dataset",
    "resource_id",
    "request_id",
    "reason",
    "details",
)

# A spreadsheet reads a cell starting with one of these as a formula (OWASP),
# also behind blanks and invisible characters it may skip.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_SKIPPED = " \t\r\n\xa0\ufeff\u200b\u200c\u200d\u2060"


def spreadsheet_safe(value: Any) -> str:
    """A cell value no spreadsheet runs as a formula: a leading quote if needed."""
    text = "" if value is None else str(value)
    # (``"" in "..."`` is true: an empty cell stays empty.)
    if text.lstrip(_SKIPPED).startswith(_FORMULA_START) or (
        text and text[0] in "\t\r\n"
    ):
        return f"'{text}"
    return text


def _scope(user: Any) -> list[str] | None:
    """The datasets whose log the user reads (``None``: all, for MIMU admins)."""
    orgs = policy.reviewable_organisations(user)
    return None if orgs is None else imnet_model.packages_of(orgs)


def _audit(context: Context, data_dict: DataDict, auth: str, limit: bool):
    tk.check_access(auth, context, data_dict)
    data = validate(context, data_dict, imnet_schema.audit_list)
    user = actor(context)
    package_ids = _scope(user)
    if data.get("package_id"):
        # The auth function checked that the user reads this dataset's log.
        dataset = imnet_model.dataset_summary(data["package_id"])
        package_ids = [dataset["id"]] if dataset else []
    actor_id = None
    if data.get("user"):
        person = imnet_model.user(data["user"])
        actor_id = person.id if person else "-"
    return imnet_model.find_events(
        package_ids=package_ids,
        events=[data["event"]] if data.get("event") else None,
        actor_id=actor_id,
        since=data.get("since"),
        until=data.get("until"),
        limit=data["limit"] if limit else None,
        offset=data["offset"] if limit else 0,
    )


def _event_dict(event: Any, datasets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out = event.as_dict()
    person = imnet_model.user(event.actor_id)
    out["actor"] = (
        {"id": person.id, "name": person.name, "display_name": person.display_name}
        if person
        else None
    )
    dataset = datasets.get(event.package_id or "")
    out["dataset"] = (
        {key: dataset.get(key) for key in ("id", "name", "title", "title_my")}
        if dataset
        else None
    )
    return out


def _event_dicts(events: list[Any]) -> list[dict[str, Any]]:
    datasets = imnet_model.dataset_summaries(
        e.package_id for e in events if e.package_id
    )
    return [_event_dict(e, datasets) for e in events]


@tk.side_effect_free
def imnet_audit_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The audit log: request steps, downloads of non-public data and changes of
    datasets' level, privacy, state and owner, newest first. MIMU administrators
    see everything; data owners see the log of their datasets (``package_id``
    required).

    :param package_id: only events of this dataset (optional for sysadmins)
    :type package_id: string
    :param event: only events of this kind, eg ``download`` (optional)
    :type event: string
    :param user: only events by this user (optional)
    :type user: string
    :param since: only events from this date (optional, ISO date)
    :type since: string
    :param until: only events before this date (optional, ISO date)
    :type until: string
    :param limit: at most this many (default 100)
    :type limit: int
    :param offset: skip this many
    :type offset: int
    :returns: ``{"count": n, "results": [event, ...], "datasets": [...],
        "users": [...]}`` -- the datasets and people that appear in the log
        the user may read, for filter pickers
    :rtype: dictionary
    """
    total, events = _audit(context, data_dict, "imnet_audit_list", limit=True)
    package_ids, actor_ids = imnet_model.event_subjects(_scope(actor(context)))
    datasets = imnet_model.dataset_summaries(package_ids)
    people = [imnet_model.user(i) for i in actor_ids]
    return {
        "count": total,
        "results": _event_dicts(events),
        "datasets": sorted(
            (
                {key: d.get(key) for key in ("id", "name", "title", "title_my")}
                for d in datasets.values()
            ),
            key=lambda d: d["title"].lower(),
        ),
        "users": sorted(
            (
                {"id": p.id, "name": p.name, "display_name": p.display_name}
                for p in people
                if p is not None
            ),
            key=lambda p: p["display_name"].lower(),
        ),
    }


@tk.side_effect_free
def imnet_audit_export(context: Context, data_dict: DataDict) -> str:
    """The audit log as CSV text, with the filters of ``imnet_audit_list``
    (no paging). Cells that a spreadsheet would run as a formula start with a
    quote.

    :returns: CSV with a header row
    :rtype: string
    """
    _total, events = _audit(context, data_dict, "imnet_audit_export", limit=False)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in _event_dicts(events):
        cells = [
            row["id"],
            row["created"],
            row["event"],
            row["actor"]["name"] if row["actor"] else "",
            row["dataset"]["name"] if row["dataset"] else row["package_id"] or "",
            row["resource_id"] or "",
            row["request_id"] or "",
            row["reason"] or "",
            json.dumps(row["details"], sort_keys=True, ensure_ascii=False),
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


@tk.side_effect_free
def imnet_mail_status(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The notification outbox: how many messages wait, are being retried, have
    failed for good or are held for the digest, how many were sent in the last
    day, and the latest messages that failed (without their text). MIMU
    administrators only.

    :returns: ``{"waiting": n, "retrying": n, "failed": n, "held": n,
        "sent_last_day": n, "max_attempts": n, "problems": [message, ...]}``
    :rtype: dictionary
    """
    tk.check_access("imnet_mail_status", context, data_dict)
    status = imnet_model.mail_status(config.mail_max_attempts())
    status["max_attempts"] = config.mail_max_attempts()
    return status
