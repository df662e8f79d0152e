"""Notifications of the request workflow, by email through CKAN's mailer.

``queue`` writes messages to ``imnet_mail_outbox`` in the caller's
transaction, so they are committed with the state change they announce.
``send_pending`` sends them afterwards; a failure is logged and the message
stays queued for the next attempt (``ckan imnet mail send`` or the next
workflow step), so a mail outage never loses a request or its notice.
Recipients are derived here from the request and the dataset, never taken
from user input.
"""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from flask_babel import force_locale

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.model import AccessRequest, MailOutbox

__all__ = ["queue", "send_pending", "SUBJECTS"]

log = logging.getLogger(__name__)
_ = tk._


def N_(message: str) -> str:
    """Marks a message for the translation catalogue; translated when sent."""
    return message


# event -> (subject, who is told: "requester" and/or "owners"/"admins")
SUBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "request_submitted": (N_("New request for data: {title}"), ("owners", "admins")),
    "request_info_requested": (
        N_("More information needed for your request: {title}"),
        ("requester",),
    ),
    "request_info_provided": (
        N_("Request updated with more information: {title}"),
        ("owners", "admins"),
    ),
    "request_approval_given": (
        N_("One approval given, one more needed: {title}"),
        ("requester",),
    ),
    "request_approved": (N_("Your request was approved: {title}"), ("requester",)),
    "request_rejected": (N_("Your request was rejected: {title}"), ("requester",)),
    "request_withdrawn": (N_("Request withdrawn: {title}"), ("owners", "admins")),
    "grant_revoked": (N_("Your access was revoked: {title}"), ("requester",)),
    "grant_expiring": (N_("Your access ends soon: {title}"), ("requester",)),
    "grant_expired": (N_("Your access has ended: {title}"), ("requester",)),
}


def _recipients(
    event: str, request: AccessRequest, dataset: dict[str, Any], extra: dict[str, Any]
) -> list[Any]:
    _, audiences = SUBJECTS[event]
    people: dict[str, Any] = {}
    if "requester" in audiences:
        requester = imnet_model.user(request.user_id)
        if requester is not None:
            people[requester.id] = requester
    if event == "request_approval_given":
        # The other side of a two-person decision is asked to decide.
        role = extra.get("role")
        others = imnet_model.approver_users(
            dataset.get("owner_org"), owners=role == "admin", admins=role == "owner"
        )
        people.update({u.id: u for u in others})
    elif "owners" in audiences or "admins" in audiences:
        approvers = imnet_model.approver_users(
            dataset.get("owner_org"),
            owners="owners" in audiences,
            admins="admins" in audiences,
        )
        people.update({u.id: u for u in approvers})
    return [p for p in people.values() if p.email]


def queue(
    event: str, request: AccessRequest, dataset: dict[str, Any], **extra: Any
) -> list[MailOutbox]:
    subject_template, _audiences = SUBJECTS[event]
    title = dataset.get("title") or dataset.get("name")
    requester = imnet_model.user(request.user_id)
    link = tk.url_for("imnet.request_read", id=request.id, _external=True)
    dataset_link = tk.url_for("dataset.read", id=dataset["name"], _external=True)
    queued = []
    for person in _recipients(event, request, dataset, extra):
        with force_locale(config.mail_locale()):
            subject = _(subject_template).format(title=title)
            body = tk.render(
                f"imnet/emails/{event}.txt",
                {
                    "recipient": person,
                    "request": request,
                    "dataset": dataset,
                    "requester": requester,
                    "link": link,
                    "dataset_link": dataset_link,
                    "site_title": tk.config.get("ckan.site_title"),
                    **extra,
                },
            )
        message = MailOutbox(
            recipient_id=person.id,
            recipient_email=person.email,
            recipient_name=person.display_name,
            subject=subject,
            body=body,
            attempts=0,
        )
        imnet_model.session().add(message)
        queued.append(message)
    return queued


def send_pending(ids: list[int] | None = None) -> tuple[int, int]:
    """Send queued notifications; returns (sent, failed). Commits each one."""
    session = imnet_model.session()
    sent = failed = 0
    for message in imnet_model.unsent_mail(config.mail_max_attempts(), ids):
        try:
            tk.mail_recipient(
                message.recipient_name,
                message.recipient_email,
                message.subject,
                message.body,
            )
        except Exception as error:  # noqa: BLE001 - any failure leaves it queued
            message.attempts += 1
            message.last_error = str(error)[:1000]
            failed += 1
            log.warning(
                "Notification %s to %s not sent (attempt %s): %s",
                message.id,
                message.recipient_email,
                message.attempts,
                error,
            )
        else:
            message.attempts += 1
            message.sent_at = imnet_model.now()
            sent += 1
        session.commit()
    return sent, failed
