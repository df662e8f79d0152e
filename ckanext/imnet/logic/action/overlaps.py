"""The assessment registry's overlap warnings: who else assesses the same
places and sectors at the same time."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import config
from ckanext.imnet.access import policy
from ckanext.imnet.assessments import draft, overlap_search, overlaps

from ._common import missing_answer, organisation

__all__ = ["imnet_assessment_overlaps"]

_ = tk._


def _assessment(viewer: str, id_: Any) -> dict[str, Any]:
    """The assessment ``id_`` as the viewer may see it; anything else --
    hidden, missing, not an assessment -- is not found, alike."""
    if not isinstance(id_, str):
        raise tk.ValidationError({"id": [_("Must be text")]})
    show = tk.get_action("package_show")
    shown = show({"user": viewer}, {"id": id_})
    if shown.get("type") != policy.ASSESSMENT_TYPE:
        missing_answer(show, {"user": viewer}, {"id": id_}, "id")
    return shown


def _lead_agency(context: Context, name_or_id: str) -> str:
    """The id of the draft's lead agency (given by id or name)."""
    try:
        return organisation(context, name_or_id)["id"]
    except tk.ObjectNotFound:
        raise tk.ValidationError({"owner_org": [_("Organization not found")]}) from None


@tk.side_effect_free
def imnet_assessment_overlaps(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The assessments of other agencies that overlap an assessment, or the
    fields of a draft (the assessment form asks while it is filled in).

    Two assessments overlap when they are of different lead agencies, neither
    is cancelled, and they share a township (or a State/Region where either
    names no township in it; countrywide overlaps every place), a sector and,
    when both name some, a population group, with data collection windows
    (actual dates where known, else planned) that intersect or lie at most
    ``ckanext.imnet.assessments.overlap_margin_days`` apart. Completed
    assessments count when their collection ended within that margin.
    Only assessments the caller may see are listed (a search made as the
    caller), strongest overlap first.

    :param id: an assessment the caller may see (id or name); with draft
        fields, those fields replace its own (the edit form)
    :type id: string
    :param owner_org: the draft's lead agency (id or name): its own
        assessments are not listed
    :type owner_org: string
    :param status: the draft's status (a cancelled assessment overlaps none)
    :type status: string
    :param geographic_coverage: adm1 Pcodes, or ``MMR`` (countrywide)
    :type geographic_coverage: list of strings
    :param township_coverage: adm3 Pcodes (they add their States/Regions)
    :type township_coverage: list of strings
    :param sector: sector values
    :type sector: list of strings
    :param population_group: population group values
    :type population_group: list of strings
    :param planned_start: ``YYYY-MM-DD``; also ``planned_end``,
        ``actual_start``, ``actual_end``
    :type planned_start: string
    :returns: ``{"margin_days", "count", "overlaps": [{"id", "name",
        "title", "title_my", "lead_agency": {"id", "name", "title"},
        "status", "status_label", "planned_start", "planned_end",
        "actual_start", "actual_end", "collection": {"start", "end",
        "actual"}, "shared": {"townships", "states", "countrywide",
        "sectors", "population_groups"}, "window_overlap_days", "reasons",
        "maintainer", "maintainer_email"}]}`` -- ``reasons``: sentences in
        the request's language; ``window_overlap_days``: days the
        collection windows share (negative: days apart; null: not compared)
    :rtype: dictionary
    :raises ValidationError: a draft field of the wrong shape or outside its
        vocabulary (a message per field)
    :raises ObjectNotFound: ``id`` names no assessment the caller may see
    """
    tk.check_access("imnet_assessment_overlaps", context, data_dict)
    viewer = str(context.get("user") or "")
    fields = draft.check(data_dict)
    id_ = data_dict.get("id")
    if id_ in (None, "") and not draft.given(data_dict):
        raise tk.ValidationError({"id": [_("Missing value")]})
    stored = _assessment(viewer, id_) if id_ not in (None, "") else {}
    if fields.get("owner_org"):
        fields["owner_org"] = _lead_agency(context, fields["owner_org"])
    mine = overlaps.facts({**stored, **fields})
    margin = config.overlap_margin_days()
    found = overlap_search.find(viewer, mine, margin, config.request_locale())
    return {"margin_days": margin, "count": len(found), "overlaps": found}
