"""The overlap warnings on the assessment page and form: template helpers
that ask ``imnet_assessment_overlaps`` as the visitor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet.access.display import current_user

from . import draft

__all__ = ["imnet_assessment_overlaps", "imnet_assessment_form_overlaps"]


def _ask(data_dict: dict[str, Any]) -> dict[str, Any]:
    """The action's answer as the visitor; nothing listed if it refuses."""
    user = current_user()
    context = {"user": user.name if user is not None else ""}
    try:
        found = tk.get_action("imnet_assessment_overlaps")(context, data_dict)
    except (tk.ObjectNotFound, tk.NotAuthorized, tk.ValidationError):
        return {"compared": False, "count": 0, "overlaps": []}
    return {"compared": True, **found}


def imnet_assessment_overlaps(pkg: Mapping[str, Any]) -> dict[str, Any]:
    """The assessments of other agencies that overlap a saved assessment, as
    the visitor may see them (``count``, ``overlaps``, ``margin_days``)."""
    return _ask({"id": pkg.get("id") or ""})


def imnet_assessment_form_overlaps(data: Mapping[str, Any]) -> dict[str, Any]:
    """The same for the assessment form's data as it stands (a form shown
    again after an error, an assessment being edited); ``compared`` is false
    until places and sectors are given."""
    fields = {name: data[name] for name in draft.DRAFT_FIELDS if name in data}
    places = fields.get("township_coverage") or fields.get("geographic_coverage")
    if not places or not fields.get("sector"):
        return {"compared": False, "count": 0, "overlaps": []}
    if data.get("id"):
        fields["id"] = data["id"]
    return _ask(fields)
