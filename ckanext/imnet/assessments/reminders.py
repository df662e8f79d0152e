"""Daily reminders to keep the registry's statuses true
(``ckan imnet assessments remind``, from cron).

Each run finds the published assessments (active, not private) whose status
is overdue today (``status``: planned past their start, ongoing past their
end) and sends **one digest per person** listing each with what to update and
a link to its edit form. The people told are the lead agency's admins and
editors who may see the assessment (``policy.curators_of``) -- users only,
never the free-text contact e-mail: it may be anyone's, and a confidential
assessment must not be mailed out of the Network. An organisation without
admins or editors gets no digest; MIMU admins see its overdue assessments in
the curation workspace.

**Once, then again every N days** (``ckanext.imnet.assessments.reminder_days``,
default 7): each reminder of an overdue status is claimed in
``imnet_freshness_notice`` -- the reminders' record, as for freshness -- with
the day it is sent, under a state naming what is overdue and its date
(``assessment_start:2026-12-01``). A status reminded less than N days ago is
not reminded again, and the claim is unique, so a second run the same day
sends nothing new. A new overdue status (its date changed, or a planned
assessment went on to be ongoing and is now past its end) is reminded at
once. The digests go to the notification outbox in the same transaction as
the claims, so a failed run claims nothing and a failed delivery is retried.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import force_locale

from ckanext.imnet import bilingual, config, vocab
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import notify, policy

from . import status

__all__ = ["Report", "remind", "NOTICE_PREFIX"]

_ = tk._
_PAGE = 500
# The notice's state in ``imnet_freshness_notice``: ``assessment_start:<date>``
# or ``assessment_end:<date>``.
NOTICE_PREFIX = "assessment_"


@dataclass
class Report:
    """What a run did: assessments newly reminded, digests queued."""

    reminded: int = 0
    digests: int = 0


def _overdue_assessments(today: datetime.date) -> list[dict[str, Any]]:
    """Every published assessment whose status is overdue on ``today``."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    day = f"{today.isoformat()}T00:00:00Z"
    fq_list = [
        f"+dataset_type:{policy.ASSESSMENT_TYPE}",
        status.overdue_filter(at=day),
    ]
    found: list[dict[str, Any]] = []
    while True:
        page = tk.get_action("package_search")(
            {"user": site_user["name"], "ignore_auth": True},
            {
                "q": "",
                "fq_list": fq_list,
                "rows": _PAGE,
                "start": len(found),
                "sort": "id asc",
                "include_private": False,
            },
        )
        found += page["results"]
        if not page["results"] or len(found) >= page["count"]:
            return [a for a in found if a.get("state") == "active"]


def _notice_state(overdue: status.Overdue) -> str:
    """What a reminder is about: what is overdue, and its date."""
    return f"{NOTICE_PREFIX}{overdue.kind}:{overdue.deadline.isoformat()}"


def remind(today: datetime.date | None = None) -> Report:
    """Run the daily reminders (see the module) and commit; ``today``: the
    day to run as (default: today, UTC)."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    report = Report()
    # person id -> (person, [(assessment summary, overdue)])
    digests: dict[str, tuple[Any, list[tuple[dict[str, Any], status.Overdue]]]] = {}
    due = [
        (assessment, overdue)
        for assessment in _overdue_assessments(today)
        if (overdue := status.overdue(assessment, today)) is not None
    ]
    summaries = imnet_model.dataset_summaries(a["id"] for a, _o in due)
    sent = imnet_model.last_notices(
        (a["id"] for a, _o in due), (_notice_state(o) for _a, o in due)
    )
    again = _day(today) - datetime.timedelta(days=config.assessment_reminder_days())
    for assessment, overdue in due:
        summary = summaries.get(assessment["id"])
        state = _notice_state(overdue)
        last = sent.get((assessment["id"], state))
        if summary is None or (last is not None and last > again):
            continue
        if not imnet_model.claim_notice(assessment["id"], state, _day(today)):
            continue
        report.reminded += 1
        for person in policy.curators_of(summary):
            if person.email:
                digests.setdefault(person.id, (person, []))[1].append(
                    ({**summary, "status": assessment.get("status")}, overdue)
                )
    for person, items in digests.values():
        _queue_digest(person, items)
    report.digests = len(digests)
    imnet_model.session().commit()
    return report


def _day(value: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(value, datetime.time(), datetime.UTC)


def _queue_digest(
    person: Any, items: list[tuple[dict[str, Any], status.Overdue]]
) -> None:
    locale = config.mail_locale()
    rows = []
    for summary, overdue in sorted(items, key=lambda item: item[1].deadline):
        term = vocab.term("assessment_status", str(summary.get("status") or ""))
        rows.append(
            {
                "title": notify.one_line(bilingual.title(summary, locale)),
                "kind": overdue.kind,
                "deadline": _day(overdue.deadline),
                "status": term.label(locale) if term else summary.get("status"),
                "edit_link": tk.url_for(
                    f"{policy.ASSESSMENT_TYPE}.edit",
                    id=summary["name"],
                    _external=True,
                ),
            }
        )
    with force_locale(locale):
        subject = tk.ungettext(
            "{count} assessment whose status to update",
            "{count} assessments whose status to update",
            len(rows),
        ).format(count=len(rows))
        body = notify.render_text(
            "imnet/emails/assessment_status_digest.txt",
            {
                "recipient": person,
                "assessments": rows,
                "every": config.assessment_reminder_days(),
                "site_title": tk.config.get("ckan.site_title"),
            },
        )
    notify.queue_message(person, subject, body)
