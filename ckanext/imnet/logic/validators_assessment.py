"""Validators of the assessment registry's own fields (``schemas/assessment.yaml``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy, redaction

__all__ = ["imnet_catalogue_dataset"]

_ = tk._


def _name_in(value: str) -> str:
    """The id or name a value gives: itself, or the end of a dataset page's address."""
    text = value.strip().rstrip("/")
    if "/dataset/" in text:
        text = text.rsplit("/dataset/", 1)[1].split("?")[0].split("#")[0]
    return text


def imnet_catalogue_dataset(value: Any, context: Context) -> Any:
    """A dataset of this catalogue (an assessment's report, questionnaire or
    data), named by its name, id or page address and stored as its id.

    Only an active IM dataset the writer may see is accepted; any other value
    gets the same message as a name nobody uses.
    """
    if not isinstance(value, str):
        raise tk.Invalid(_("Must be text"))
    dataset = imnet_model.dataset_summary(_name_in(value))
    found = (
        dataset is not None
        and dataset["state"] == "active"
        and policy.is_im_dataset(dataset)
        and (
            bool(context.get("ignore_auth"))
            or policy.can_see_metadata(redaction.context_user(context), dataset)
        )
    )
    if dataset is None or not found:
        raise tk.Invalid(
            _('No dataset of this catalogue is called "{name}"').format(
                name=value.strip()[:100]
            )
        )
    return dataset["id"]
