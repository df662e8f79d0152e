"""What a change of a dataset's access ends, on every path that writes.

A dataset's level, privacy, state (draft, deleted) and owner decide who sees
it and who may hold a request or a grant for it (``policy``). Whatever path
changes them -- ``package_update`` by id or by name, ``package_patch``,
``package_revise``, ``package_delete``, bulk actions, ``dataset_purge``,
harvest imports, calls with ``defer_commit`` -- ``dataset_changed`` compares
the dataset with its access state as last acted upon (``imnet_dataset_access``)
and, in the caller's transaction:

* writes the change to the audit log;
* ends each open request and grant its holder could no longer make
  (``policy.may_hold``), and each grant without the approvals the new level
  needs (``policy.grant_stands``), telling the holder -- without naming the
  dataset if they may no longer see it; a new owner's open requests lose the
  old owner's approval;
* gives the dataset's activity the current permission labels, and removes
  the URLs from its stored snapshots once its data is no longer open.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet import vocab
from ckanext.imnet.model import DatasetAccess

from . import policy, redaction, workflow

__all__ = ["dataset_changed", "dataset_purged"]

_ = tk._


def _stored(package_id: str) -> DatasetAccess | None:
    return imnet_model.session().get(DatasetAccess, package_id)


def _store(row: DatasetAccess | None, dataset: dict[str, Any], labels: list[str]):
    if row is None:
        row = DatasetAccess(package_id=dataset["id"])
        imnet_model.session().add(row)
    row.sensitivity = policy.level_of(dataset)
    row.private = bool(dataset.get("private"))
    row.state = dataset.get("state") or "active"
    row.owner_org = dataset.get("owner_org")
    row.labels = labels
    row.modified = imnet_model.now()
    imnet_model.session().flush()  # seen by the next call in this transaction


def _reason(holder: Any, dataset: dict[str, Any]) -> str:
    level = policy.level_of(dataset)
    if level == policy.PUBLIC:
        return _("The data of this dataset is now public: no request is needed.")
    term = vocab.term("sensitivity", level)
    return _("The dataset was reclassified as {level}.").format(
        level=term.label(_language()) if term else level
    )


def _language() -> str:
    """The language of the reason, as that of the sentence around it."""
    try:
        return tk.h.lang() or "en"
    except (RuntimeError, AttributeError):  # no request: the site's language
        return tk.config.get("ckan.locale_default") or "en"


def _end_what_is_no_longer_allowed(dataset: dict[str, Any], actor_id: str | None):
    for request in imnet_model.requests_for_dataset(dataset["id"]):
        if request.state not in ("approved", *imnet_model.OPEN_STATES):
            continue
        holder = imnet_model.user(request.user_id)
        if policy.may_hold(holder, dataset) and (
            request.state != "approved" or policy.grant_stands(dataset, request)
        ):
            continue
        visible = policy.can_see_metadata(holder, dataset)
        reason = (
            _reason(holder, dataset)
            if visible
            else _("The dataset is no longer available.")
        )
        workflow.close(request, actor_id, dataset, reason, visible)


def _void_owner_approvals(dataset: dict[str, Any], actor_id: str | None) -> None:
    """A new owner decides for itself: the old owner's approvals of open
    requests no longer count."""
    for request in imnet_model.requests_for_dataset(dataset["id"]):
        if request.state in imnet_model.OPEN_STATES and request.owner_approved_by:
            request.owner_approved_by = request.owner_approved_at = None
            workflow.record(
                "request_approvals_voided",
                actor_id,
                request.package_id,
                request.id,
                roles=["owner"],
                reason="owner_changed",
            )


def dataset_changed(
    package_id: str, actor_id: str | None, state: str | None = None
) -> None:
    """React to whatever changed in the dataset's access since last time.

    ``state`` overrides the dataset's state (``package_delete`` announces a
    deletion before it sets the state). Nothing is committed here.
    """
    dataset = imnet_model.dataset_summary(package_id)
    if dataset is None:
        return
    if state:
        dataset["state"] = state
    labels = policy.dataset_labels(dataset)
    row = _stored(dataset["id"])
    if row is None:  # a new dataset: nothing was allowed before
        _store(row, dataset, labels)
        return
    before = {
        "id": row.package_id,
        "sensitivity": row.sensitivity,
        "private": row.private,
        "state": row.state,
        "owner_org": row.owner_org,
    }
    old_level, new_level = policy.level_of(before), policy.level_of(dataset)
    visibility = (row.private, row.state), (bool(dataset["private"]), dataset["state"])
    if (
        old_level == new_level
        and visibility[0] == visibility[1]
        and row.owner_org == dataset["owner_org"]
        and list(row.labels or []) == labels
    ):
        return
    if old_level != new_level:
        workflow.record(
            "sensitivity_changed", actor_id, dataset["id"], old=old_level, new=new_level
        )
    if visibility[0] != visibility[1]:
        workflow.record(
            "visibility_changed",
            actor_id,
            dataset["id"],
            old={"private": row.private, "state": row.state},
            new={"private": bool(dataset["private"]), "state": dataset["state"]},
        )
    if row.owner_org != dataset["owner_org"]:
        workflow.record(
            "owner_changed",
            actor_id,
            dataset["id"],
            old=row.owner_org,
            new=dataset["owner_org"],
        )
    if row.owner_org != dataset["owner_org"]:
        _void_owner_approvals(dataset, actor_id)
    _end_what_is_no_longer_allowed(dataset, actor_id)
    imnet_model.set_activity_labels(dataset["id"], labels)
    if policy.is_open_data(before) and not policy.is_open_data(dataset):
        imnet_model.rewrite_snapshots(dataset["id"], redaction.snapshot_without_urls)
    _store(row, dataset, labels)


def dataset_purged(package_id: str, actor_id: str | None) -> None:
    """A purged dataset no longer exists: end its requests and grants, unnamed."""
    row = _stored(package_id)
    gone = {"id": package_id, "name": package_id, "title": "", "state": "deleted"}
    for request in imnet_model.requests_for_dataset(package_id):
        workflow.close(
            request, actor_id, gone, _("The dataset is no longer available."), False
        )
    if row is not None:
        imnet_model.session().delete(row)
