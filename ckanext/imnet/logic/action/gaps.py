"""Actions of the gap matrix: the matrix as the caller may see it, and MIMU
admins' overrides of a cell's state."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet import vocab
from ckanext.imnet.access import workflow
from ckanext.imnet.gaps import matrix, recipe

from ._common import actor

__all__ = [
    "imnet_gap_matrix",
    "imnet_gap_override",
    "OVERRIDE_SET_EVENT",
    "OVERRIDE_CLEARED_EVENT",
    "COMMENT_MAX_LENGTH",
]

_ = tk._

# The audit log's events for an override set (or changed) and cleared.
OVERRIDE_SET_EVENT = "gap_override_set"
OVERRIDE_CLEARED_EVENT = "gap_override_cleared"
COMMENT_MAX_LENGTH = 2000


def _text(data_dict: DataDict, name: str) -> str:
    value = data_dict.get(name)
    if value is not None and not isinstance(value, str):
        raise tk.ValidationError({name: [_("Must be text")]})
    return (value or "").strip()


def _category(data_dict: DataDict) -> str:
    category = _text(data_dict, "category")
    if category not in vocab.values("data_category"):
        raise tk.ValidationError({"category": [_("Not a priority data category")]})
    return category


def _viewer(context: Context) -> str:
    user = actor(context)
    return user.name if user is not None else ""


@tk.side_effect_free
def imnet_gap_matrix(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The gap matrix: the Network's 15 priority data categories by
    State/Region (and a Union column, ``MMR``: countrywide datasets), or one
    category by township for one State/Region.

    Counts are those of the dataset search made as the caller: datasets the
    caller may not see are never counted. Each cell's state is the recipe's
    (``ckanext.imnet.gaps.recipe``) unless a MIMU admin overrode it.

    :param category: with ``state``, the data category to open by township
    :type category: string
    :param state: with ``category``, the adm1 Pcode of the State/Region
    :type state: string
    :returns: ``{"columns": [{"place", "label"}], "rows": [{"category",
        "label", "admin_level", "sadd", "cells": [{"place", "count",
        "on_request", "state", "computed", "reasons", "override"}]}]}`` --
        ``count``: datasets the caller may see; ``on_request``: how many of
        them have data one requests (restricted or confidential); ``state``:
        ``complete``, ``partial``, ``empty`` or ``not_applicable``;
        ``computed``: the recipe's state; ``reasons``: why a partial cell is
        not complete (``coarser``, ``stale``, ``no_sadd``,
        ``on_request_only``, ``not_together``); ``override``: ``{"state",
        "comment", "set_by", "set_at"}`` or null (``set_by``, the MIMU
        admin's user id, for MIMU admins only)
    :rtype: dictionary
    """
    tk.check_access("imnet_gap_matrix", context, data_dict)
    state = _text(data_dict, "state")
    if not state:
        return matrix.build(_viewer(context))
    category = _category(data_dict)
    if vocab.state(state) is None:
        raise tk.ValidationError({"state": [_("Not a State/Region Pcode")]})
    return matrix.townships(_viewer(context), category, state)


def imnet_gap_override(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Override the state of one gap matrix cell, or mark it not applicable,
    with a comment; or clear the override (the recipe decides again).

    For MIMU admins (sysadmins). Recorded in the audit log
    (``gap_override_set`` or ``gap_override_cleared``, with the comment as
    its reason). The override is shown with its comment to everyone who sees
    the matrix, and exported with it.

    :param category: the data category (row)
    :type category: string
    :param place: the adm1 Pcode of the State/Region, or ``MMR`` (Union)
    :type place: string
    :param state: ``complete``, ``partial``, ``empty`` or ``not_applicable``;
        empty or absent to clear the override
    :type state: string
    :param comment: why (required when setting; at most 2000 characters)
    :type comment: string
    :returns: the cell's override ``{"category", "place", "state", "comment",
        "set_by", "set_at"}``, or ``{"category", "place", "cleared": true}``
    :rtype: dictionary
    """
    tk.check_access("imnet_gap_override", context, data_dict)
    category = _category(data_dict)
    place = _text(data_dict, "place")
    if place != matrix.UNION and vocab.state(place) is None:
        raise tk.ValidationError(
            {"place": [_("Not a State/Region Pcode, nor MMR for the Union")]}
        )
    state = _text(data_dict, "state")
    comment = _text(data_dict, "comment")
    errors: dict[str, list[str]] = {}
    if state and state not in recipe.STATES:
        errors["state"] = [_("Not a state of the gap matrix")]
    if state and not comment:
        errors["comment"] = [_("Missing value")]
    if len(comment) > COMMENT_MAX_LENGTH:
        errors["comment"] = [
            _("Must be at most {max} characters").format(max=COMMENT_MAX_LENGTH)
        ]
    if errors:
        raise tk.ValidationError(errors)
    user = actor(context)
    user_id = user.id if user is not None else None
    session = imnet_model.session()
    row = imnet_model.gap_override(category, place)
    previous = row.state if row is not None else None
    if not state:
        if row is not None:
            session.delete(row)
            workflow.record(
                OVERRIDE_CLEARED_EVENT,
                user_id,
                None,
                reason=comment or None,
                category=category,
                place=place,
                previous=previous,
            )
        result: dict[str, Any] = {"category": category, "place": place}
        result["cleared"] = True
    else:
        if row is None:
            row = imnet_model.GapOverride(category=category, place=place)
            session.add(row)
        row.state = state
        row.comment = comment
        row.set_by = user_id
        row.set_at = imnet_model.now()
        workflow.record(
            OVERRIDE_SET_EVENT,
            user_id,
            None,
            reason=comment,
            category=category,
            place=place,
            state=state,
            previous=previous,
        )
        result = row.as_dict()
    if context.get("defer_commit"):
        session.flush()
    else:
        session.commit()
    return result
