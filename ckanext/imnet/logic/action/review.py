"""Actions of review and endorsement: a MIMU admin's review of a dataset's
metadata, and the endorsed baseline datasets."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict
from flask_babel import force_locale

from ckanext.imnet import bilingual, config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import notify, policy, reclassification, workflow
from ckanext.imnet.curation import review
from ckanext.imnet.logic import schema as imnet_schema
from ckanext.imnet.search import reindex

from ._common import actor, not_found, validate

__all__ = [
    "imnet_dataset_review",
    "imnet_dataset_endorse",
    "REVIEWED_EVENT",
    "CHANGES_REQUESTED_EVENT",
    "ENDORSED_EVENT",
    "ENDORSEMENT_WITHDRAWN_EVENT",
    "TEXT_MAX_LENGTH",
]

_ = tk._

# Audit log events.
REVIEWED_EVENT = "dataset_reviewed"
CHANGES_REQUESTED_EVENT = "dataset_changes_requested"
ENDORSED_EVENT = "dataset_endorsed"
ENDORSEMENT_WITHDRAWN_EVENT = "dataset_endorsement_withdrawn"
TEXT_MAX_LENGTH = 2000


def _text(data_dict: DataDict, name: str) -> None:
    """A comment or note must be text of at most ``TEXT_MAX_LENGTH``."""
    given = data_dict.get(name)
    if given is not None and not isinstance(given, str):
        raise tk.ValidationError({name: [_("Must be text")]})
    if given is not None and len(given.strip()) > TEXT_MAX_LENGTH:
        raise tk.ValidationError(
            {name: [_("Must be at most {max} characters").format(max=TEXT_MAX_LENGTH)]}
        )


def _dataset(data: dict[str, Any]) -> dict[str, Any]:
    dataset = imnet_model.dataset_summary(str(data["id"]))
    if dataset is None or not policy.is_im_dataset(dataset):
        raise not_found("dataset")  # ``ignore_auth`` callers reach here
    return dataset


def imnet_dataset_review(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Review a dataset's metadata: mark it reviewed, or ask for changes.

    For MIMU admins. The dataset's data owners (admins and editors of its
    organisation) are told by e-mail and see the decision and comment on the
    dataset page; the decision is recorded in the audit log
    (``dataset_reviewed`` or ``dataset_changes_requested``, the comment as its
    reason). Marking reviewed publishes a dataset that
    ``ckanext.imnet.review.required_from`` held private. A dataset the user
    may not see is not found.

    :param id: the dataset's id or name
    :type id: string
    :param state: ``reviewed`` or ``changes_requested``
    :type state: string
    :param comment: what the owners should know or change (required when
        asking for changes; at most 2000 characters)
    :type comment: string
    :returns: ``{"id", "name", "review": {"state", "entered", "since",
        "reviewed_at", "reviewed_by", "comment", "held"}}``
    :rtype: dictionary
    """
    tk.check_access("imnet_dataset_review", context, data_dict)
    _text(data_dict, "comment")
    data = validate(context, data_dict, imnet_schema.dataset_review)
    decision = str(data["state"])
    comment = str(data.get("comment") or "").strip()
    if decision not in review.DECISIONS:
        raise tk.ValidationError(
            {
                "state": [
                    _("Must be one of: {values}").format(
                        values="reviewed, changes_requested"
                    )
                ]
            }
        )
    if decision == review.CHANGES_REQUESTED and not comment:
        raise tk.ValidationError(
            {"comment": [_("Say what should change: the owners read this comment")]}
        )
    dataset = _dataset(data)
    user = actor(context)
    session = imnet_model.session()
    row = imnet_model.review(dataset["id"])
    if row is None:  # a dataset from before the review queue
        shown = tk.get_action("package_show")(
            {"ignore_auth": True}, {"id": dataset["id"]}
        )
        row = imnet_model.DatasetReview(
            package_id=dataset["id"],
            entered="changed",
            fingerprint=review.fingerprint(shown),
            since=imnet_model.now(),
            held=False,
        )
        session.add(row)
    row.state = decision
    row.reviewed_at = imnet_model.now()
    row.reviewed_by = user.id if user is not None else None
    row.comment = comment
    published = False
    if decision == review.REVIEWED and row.held:
        row.held = False
        imnet_model.set_private(dataset["id"], False)
        published = True
    workflow.record(
        REVIEWED_EVENT if decision == review.REVIEWED else CHANGES_REQUESTED_EVENT,
        row.reviewed_by,
        dataset["id"],
        reason=comment or None,
        published=published,
    )
    _tell_owners(dataset, decision, comment, row.reviewed_by)
    if published:
        # The access change is recorded (audit, permission labels) as any is.
        reclassification.dataset_changed(dataset["id"], row.reviewed_by)
    result = {"id": dataset["id"], "name": dataset["name"], "review": row.as_dict()}
    if context.get("defer_commit"):
        session.flush()
        return result
    session.commit()
    reindex.reindex([dataset["id"]])
    return result


def _tell_owners(
    dataset: dict[str, Any], decision: str, comment: str, reviewer_id: str | None
) -> None:
    """Queue the review's mail to the data owners who see the dataset."""
    locale = config.mail_locale()
    title = notify.one_line(bilingual.title(dataset, locale))
    link = tk.url_for("dataset.read", id=dataset["name"], _external=True)
    for person in policy.review_recipients(dataset):
        if not person.email or person.id == reviewer_id:
            continue
        with force_locale(locale):
            if decision == review.REVIEWED:
                subject = _("Dataset reviewed: {title}").format(title=title)
            else:
                subject = _("Changes requested to a dataset: {title}").format(
                    title=title
                )
            body = notify.render_text(
                "imnet/emails/dataset_review.txt",
                {
                    "recipient": person,
                    "decision": decision,
                    "title": title,
                    "comment": comment,
                    "link": link,
                    "site_title": tk.config.get("ckan.site_title"),
                },
            )
        notify.queue_message(person, subject, body)


def imnet_dataset_endorse(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Endorse a dataset as a baseline of the Network, or withdraw that.

    For MIMU admins. An endorsed dataset carries a badge, is a search facet
    (``endorsed``), ranks first in relevance searches and is listed on the
    home page. Recorded in the audit log (``dataset_endorsed`` or
    ``dataset_endorsement_withdrawn``, the note as its reason). A dataset
    the user may not see is not found.

    :param id: the dataset's id or name
    :type id: string
    :param endorsed: true to endorse (default), false to withdraw
    :type endorsed: boolean
    :param note: why (optional, at most 2000 characters), e.g. "The official
        boundaries, updated yearly by MIMU"
    :type note: string
    :returns: ``{"id", "name", "endorsed", "endorsement": {"endorsed_at",
        "endorsed_by", "note"} or null}``
    :rtype: dictionary
    """
    tk.check_access("imnet_dataset_endorse", context, data_dict)
    _text(data_dict, "note")
    data = validate(context, data_dict, imnet_schema.dataset_endorse)
    endorse = tk.asbool(data.get("endorsed", True))
    note = str(data.get("note") or "").strip()
    dataset = _dataset(data)
    user = actor(context)
    actor_id = user.id if user is not None else None
    session = imnet_model.session()
    row = imnet_model.endorsement(dataset["id"])
    if endorse:
        if row is None:
            row = imnet_model.DatasetEndorsement(package_id=dataset["id"])
            session.add(row)
        row.endorsed_at = imnet_model.now()
        row.endorsed_by = actor_id
        row.note = note
    elif row is not None:
        session.delete(row)
    workflow.record(
        ENDORSED_EVENT if endorse else ENDORSEMENT_WITHDRAWN_EVENT,
        actor_id,
        dataset["id"],
        reason=note or None,
    )
    result = {
        "id": dataset["id"],
        "name": dataset["name"],
        "endorsed": endorse,
        "endorsement": row.as_dict() if endorse and row is not None else None,
    }
    if context.get("defer_commit"):
        session.flush()
        return result
    session.commit()
    reindex.reindex([dataset["id"]])
    return result
