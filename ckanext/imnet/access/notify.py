"""Notifications of the request workflow: queued with the step, sent by a job.

``queue`` renders each message and writes it to ``imnet_mail_outbox`` in the
caller's transaction, so it is committed with the state change it announces
and never sent for a change that was rolled back. When that transaction
commits, a CKAN background job (``send_due``, run by ``ckan jobs worker``) is
enqueued; it claims messages one at a time (``FOR UPDATE SKIP LOCKED``), so
any number of workers never send one message twice. A failure leaves the
message queued with its error and a later time for the next attempt;
``ckan imnet mail send`` (cron) retries what is due. MIMU admins see the
outbox's state at ``/ckan-admin/notifications``.

Recipients are derived here from the request and the dataset, never taken from
user input; subjects and names are made single-line, so no user text can add
a header. With ``ckanext.imnet.mail.approver_digest`` on, messages to approvers
are held and sent once a day as one digest per person (``ckan imnet mail
digest``).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
import flask
import sqlalchemy as sa
from flask_babel import force_locale

from ckanext.imnet import bilingual, config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.model import AccessRequest, MailOutbox

from . import policy

__all__ = [
    "SUBJECTS",
    "queue",
    "send_due",
    "send_digests",
    "enqueue_sending",
    "listen_for_commits",
    "one_line",
    "render_text",
    "queue_message",
]

log = logging.getLogger(__name__)
_ = tk._

# Set on a session whose transaction queued messages: send them after commit.
_PENDING = "imnet_mail_pending"
# Where the app keeps its Jinja environment for plain text.
_TEXT_ENVIRONMENT = "imnet_text_environment"


def N_(message: str) -> str:
    """Marks a message for the translation catalogue; translated when sent."""
    return message


# event -> (subject, who is told: "requester" and/or "owners"/"admins")
SUBJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "request_submitted": (N_("New request for data: {title}"), ("owners", "admins")),
    "request_received": (N_("Your request was received: {title}"), ("requester",)),
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
    "grant_revoked": (N_("Your access was revoked: {title}"), ("requester",)),
    "grant_expiring": (N_("Your access ends soon: {title}"), ("requester",)),
    "grant_expired": (N_("Your access has ended: {title}"), ("requester",)),
    # The dataset is no longer visible to the requester: the notice names nothing.
    "request_closed": (N_("A request for data was closed"), ("requester",)),
}

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: str | None) -> str:
    """``text`` on one line, without control characters (safe in a header)."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def render_text(template: str, extra_vars: dict[str, Any]) -> str:
    """A plain-text mail body: CKAN's templates and helpers, no HTML escaping.

    CKAN escapes every template it renders (``autoescape=True``), which pages
    need and ``text/plain`` mail must not have ("IM Network&#39;s"). The same
    environment with escaping off renders the mail; pages are unchanged.
    """
    app = flask.current_app
    environment = app.extensions.get(_TEXT_ENVIRONMENT)
    if environment is None:
        environment = app.jinja_env.overlay(autoescape=False)
        app.extensions[_TEXT_ENVIRONMENT] = environment
    context = dict(extra_vars)
    app.update_template_context(context)  # h, g, c ... as tk.render gives them
    return environment.get_template(template).render(context)


def _recipients(
    event: str, request: AccessRequest, dataset: dict[str, Any], extra: dict[str, Any]
) -> list[tuple[Any, bool]]:
    """(person, is an approver) pairs to tell about an event."""
    _subject, audiences = SUBJECTS[event]
    people: dict[str, tuple[Any, bool]] = {}
    if "requester" in audiences:
        requester = imnet_model.user(request.user_id)
        if requester is not None and requester.state == "active":
            people[requester.id] = (requester, False)
    approvers: list[Any] = []
    if event == "request_approval_given":
        # Those who can give the approval still missing are asked to decide.
        given = extra.get("role")
        missing = "admin" if given == "owner" else "owner"
        approvers = policy.approvers_for(dataset, missing, request)
    else:
        for role in ("owner", "admin"):
            if f"{role}s" in audiences:
                approvers += policy.approvers_for(dataset, role, request)
    for approver in approvers:
        people.setdefault(approver.id, (approver, True))
    return [(p, approver) for p, approver in people.values() if p.email]


def queue(
    event: str, request: AccessRequest, dataset: dict[str, Any], **extra: Any
) -> list[MailOutbox]:
    """Write the event's messages to the outbox, in the caller's transaction."""
    subject_template, _audiences = SUBJECTS[event]
    # Mail is written in the mail locale, the dataset's title too.
    title = one_line(bilingual.title(dataset, config.mail_locale()))
    requester = imnet_model.user(request.user_id)
    link = tk.url_for("imnet.request_read", id=request.id, _external=True)
    dataset_link = tk.url_for("dataset.read", id=dataset["name"], _external=True)
    digest = config.approver_digest()
    queued = []
    session = imnet_model.session()
    for person, is_approver in _recipients(event, request, dataset, extra):
        with force_locale(config.mail_locale()):
            subject = one_line(_(subject_template).format(title=title))
            body = render_text(
                f"imnet/emails/{event}.txt",
                {
                    "recipient": person,
                    "request": request,
                    "dataset": {**dataset, "title": title},
                    "requester": requester,
                    "link": link,
                    "dataset_link": dataset_link,
                    "site_title": tk.config.get("ckan.site_title"),
                    **extra,
                },
            )
        message = MailOutbox(
            recipient_id=person.id,
            recipient_email=one_line(person.email),
            recipient_name=one_line(person.display_name),
            subject=subject,
            body=body,
            attempts=0,
            held=digest and is_approver,
        )
        session.add(message)
        queued.append(message)
    if queued:
        session.info[_PENDING] = True
    return queued


def queue_message(person: Any, subject: str, body: str) -> MailOutbox:
    """Write one rendered message to ``person`` (a ``model.User``) to the
    outbox, in the caller's transaction; sent by the job enqueued on commit."""
    message = MailOutbox(
        recipient_id=person.id,
        recipient_email=one_line(person.email),
        recipient_name=one_line(person.display_name),
        subject=one_line(subject),
        body=body,
        attempts=0,
        held=False,
    )
    session = imnet_model.session()
    session.add(message)
    session.info[_PENDING] = True
    return message


# -- sending -------------------------------------------------------------------


def _deliver(message: MailOutbox) -> None:
    tk.mail_recipient(
        one_line(message.recipient_name),
        one_line(message.recipient_email),
        one_line(message.subject),
        message.body,
    )


def send_due() -> tuple[int, int]:
    """Send every message that is due, one claimed row at a time.

    The background job of the outbox; also run by ``ckan imnet mail send``.
    Returns (sent, failed); each message is committed on its own.
    """
    session = imnet_model.session()
    sent = failed = 0
    tried: set[int] = set()
    while True:
        message = imnet_model.claim_next(config.mail_max_attempts())
        if message is None or message.id in tried:
            session.commit()
            return sent, failed
        tried.add(message.id)
        message.attempts += 1
        try:
            _deliver(message)
        except Exception as error:  # any failure leaves it queued for a retry
            message.last_error = one_line(str(error))[:1000] or type(error).__name__
            message.next_attempt_at = imnet_model.now() + config.mail_retry_delay(
                message.attempts
            )
            failed += 1
            log.warning(
                "Notification %s to %s not sent (attempt %s): %s",
                message.id,
                message.recipient_email,
                message.attempts,
                error,
            )
        else:
            message.sent_at = imnet_model.now()
            message.last_error = None
            sent += 1
        session.commit()


def send_digests() -> int:
    """Combine the messages held for approvers into one digest per person.

    The held messages are marked sent and the digests queued; returns how
    many digests were queued (sent by the job enqueued on commit).
    """
    session = imnet_model.session()
    by_person: dict[str, list[MailOutbox]] = defaultdict(list)
    for message in imnet_model.held_messages():
        by_person[message.recipient_email].append(message)
    for messages in by_person.values():
        first = messages[0]
        with force_locale(config.mail_locale()):
            subject = one_line(
                _("{count} updates on requests for data").format(count=len(messages))
            )
            body = render_text(
                "imnet/emails/digest.txt",
                {
                    "recipient_name": first.recipient_name,
                    "messages": messages,
                    "site_title": tk.config.get("ckan.site_title"),
                },
            )
        session.add(
            MailOutbox(
                recipient_id=first.recipient_id,
                recipient_email=first.recipient_email,
                recipient_name=first.recipient_name,
                subject=subject,
                body=body,
                attempts=0,
                held=False,
            )
        )
        for message in messages:
            message.sent_at = imnet_model.now()
            message.last_error = "sent in a digest"
    if by_person:
        session.info[_PENDING] = True
    session.commit()
    return len(by_person)


def enqueue_sending() -> None:
    """Ask a background worker to send what is due (cron covers a Redis outage)."""
    try:
        tk.enqueue_job(send_due, title="imnet: send notifications")
    except Exception as error:  # Redis down: the messages wait for the next run
        log.warning("Could not enqueue the sending of notifications: %s", error)


def _after_commit(session: Any) -> None:
    if session.info.pop(_PENDING, False):
        enqueue_sending()


def _after_rollback(session: Any, *args: Any) -> None:
    session.info.pop(_PENDING, None)


def listen_for_commits() -> None:
    """Enqueue the sending job whenever a transaction that queued mail commits."""
    session = imnet_model.session()
    handlers: tuple[tuple[str, Callable[..., None]], ...] = (
        ("after_commit", _after_commit),
        ("after_soft_rollback", _after_rollback),
    )
    for event, handler in handlers:
        if not sa.event.contains(session, event, handler):
            sa.event.listen(session, event, handler)
