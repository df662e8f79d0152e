"""Actions of data freshness: confirming that a dataset is still current."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, workflow
from ckanext.imnet.curation import freshness
from ckanext.imnet.logic import schema as imnet_schema
from ckanext.imnet.search import reindex

from ._common import actor, not_found, validate

__all__ = ["imnet_dataset_confirm_current", "CONFIRMED_EVENT", "NOTE_MAX_LENGTH"]

_ = tk._

# The audit log's event for a confirmation.
CONFIRMED_EVENT = "dataset_confirmed_current"
NOTE_MAX_LENGTH = 2000


def imnet_dataset_confirm_current(
    context: Context, data_dict: DataDict
) -> dict[str, Any]:
    """Confirm that a dataset is still current: its freshness clock starts
    again now, without editing its metadata (``metadata_modified`` is kept).

    For the data owners (admins and editors of the dataset's organisation) and
    MIMU admins. Recorded in the audit log (``dataset_confirmed_current``,
    with the note as its reason). A dataset the user may not see is not found.

    :param id: the dataset's id or name
    :type id: string
    :param note: why it is still current (optional, at most 2000 characters),
        e.g. "No new round of the survey this year"
    :type note: string
    :returns: ``{"id", "name", "confirmed": {"confirmed_at", "confirmed_by",
        "note"}, "freshness": {"state", "frequency", "since", "basis", "due",
        "overdue", "delinquent"}}``
    :rtype: dictionary
    """
    if not str(data_dict.get("id") or "").strip():
        # As core's package_show: no dataset named is a mistake in the call,
        # not a dataset that is missing.
        raise tk.ValidationError({"id": [_("Missing value")]})
    tk.check_access("imnet_dataset_confirm_current", context, data_dict)
    given = data_dict.get("note")
    if given is not None and not isinstance(given, str):
        raise tk.ValidationError({"note": [_("Must be text")]})
    data = validate(context, data_dict, imnet_schema.dataset_confirm_current)
    note = str(data.get("note") or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise tk.ValidationError(
            {
                "note": [
                    _("Must be at most {max} characters").format(max=NOTE_MAX_LENGTH)
                ]
            }
        )
    dataset = imnet_model.dataset_summary(str(data["id"]))
    # ``ignore_auth`` callers reach here with any id.
    if dataset is None or not policy.is_im_dataset(dataset):
        raise not_found("dataset")
    user = actor(context)
    session = imnet_model.session()
    row = imnet_model.confirmation(dataset["id"])
    if row is None:
        row = imnet_model.DatasetConfirmation(package_id=dataset["id"])
        session.add(row)
    row.confirmed_at = imnet_model.now()
    row.confirmed_by = user.id if user is not None else None
    row.note = note
    workflow.record(
        CONFIRMED_EVENT,
        row.confirmed_by,
        dataset["id"],
        reason=note or None,
    )
    if context.get("defer_commit"):
        session.flush()
        return {"id": dataset["id"], "name": dataset["name"]}
    session.commit()
    # The index holds the state: it changes now, not at the next edit.
    reindex.reindex([dataset["id"]])
    shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["id"]})
    return {
        "id": dataset["id"],
        "name": dataset["name"],
        "confirmed": row.as_dict(),
        "freshness": freshness.of_dataset(shown).as_dict(),
    }
