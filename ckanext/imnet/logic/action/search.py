"""Searches: ``package_search``'s own flags, and the DCAT catalogue's filters.

* ``package_search`` reads ``include_private``, ``include_drafts`` and
  ``include_deleted`` as booleans before CKAN does (CKAN fails on a value it
  cannot read): a clear error instead. ``extras`` (the ``ext_`` parameters,
  which CKAN and ckanext-spatial read as a mapping) must be one.
* ckanext-dcat builds its own ``package_search`` call; the catalogue actions
  mark the context, and ``package_search`` then adds the policy's catalogue
  filters as separate ``fq_list`` entries -- a caller's ``q`` and ``fq`` are
  never wrapped in a string, so they cannot escape the filters. Bad ``q``/``fq``
  get a validation error, which ckanext-dcat's views answer with a 409.
* the review state (``review_state``) is searched on by MIMU admins, and by
  data owners within the organisations they curate (their search is kept to
  those organisations' datasets: ``curation.review.search_scope``); anyone
  else naming it in a filter, facet, sort or query gets the error of an
  invalid query (``curation.review.refused_search``: the API answers 400,
  the search page its invalid-query page), so no answer tells them which
  datasets are in which state.
* ``modified_since`` with a time zone (``2026-01-01T09:00:00+06:30``, ``...Z``)
  is read as that moment in UTC, the time ``metadata_modified`` is kept in;
  without one it is UTC already. ckanext-dcat would append a ``Z`` to the
  offset and refuse the result.
"""

from __future__ import annotations

import contextlib
import datetime
import math
import re
from collections.abc import Iterator
from urllib.parse import quote

import ckan.plugins.toolkit as tk
import flask
from ckan.lib.search import SearchError, SearchQueryError
from ckan.types import Action, Context, DataDict
from dateutil.parser import parse as parse_date
from werkzeug.datastructures import ImmutableMultiDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.curation import review

from ._common import actor

__all__ = [
    "package_search",
    "dcat_catalog_show",
    "dcat_catalog_search",
    "dcat_datasets_list",
    "dcat_dataset_show",
]

_ = tk._

# Set in the context by the catalogue actions; read by ``package_search``.
_CATALOGUE = "imnet_catalogue"


def _as_flag(value: object) -> bool | None:
    try:
        return tk.asbool(value)
    except ValueError:
        return None


@tk.chained_action
@tk.side_effect_free
def package_search(up_func: Action, context: Context, data_dict: DataDict):
    """CKAN's search, its flags checked; for the DCAT catalogue, with the
    policy's filters added."""
    errors = {
        flag: [_("Must be true or false")]
        for flag in ("include_private", "include_drafts", "include_deleted")
        if flag in data_dict and _as_flag(data_dict[flag]) is None
    }
    if "extras" in data_dict and not isinstance(data_dict["extras"], dict):
        errors["extras"] = [
            _("Must be an object of extra search parameters, such as ext_bbox")
        ]
    if errors:
        raise tk.ValidationError(errors)
    if not context.get("ignore_auth"):
        user = actor(context)
        refused = review.refused_search(user, data_dict)
        if refused:
            raise SearchQueryError(
                _("Unknown field in {param}: {field}").format(
                    param=refused, field=review.INDEX_FIELD
                )
            )
        scope = review.search_scope(user, data_dict)
        if scope:
            fq_list = list(data_dict.get("fq_list") or [])
            data_dict = {**data_dict, "fq_list": [*fq_list, *scope]}
    bbox_error = _bbox_error(data_dict)
    if bbox_error:
        raise SearchQueryError(bbox_error)
    if context.get(_CATALOGUE):
        fq_list = list(data_dict.get("fq_list") or [])
        data_dict = {**data_dict, "fq_list": [*fq_list, *policy.CATALOGUE_FILTERS]}
    try:
        return up_func(context, data_dict)
    except SearchError as error:
        # CKAN quotes the whole query it sent, the caller's permission labels
        # and site filters included: only the backend's reason is told.
        raise type(error)(_reason(error)) from None


# The backend's reason at the end of CKAN's "... Error: QueryError('...')".
_REASON = re.compile(r"Error: \w+\((['\"])(.*)\1\)")


def _reason(error: SearchError) -> str:
    """A search error's message without the query CKAN quotes in it."""
    text = " ".join(str(arg) for arg in error.args)
    found = _REASON.search(text)
    if found:
        return found.group(2)
    if "permission_labels" in text or "site_id" in text:
        return "The search index could not answer this query"
    return text


def _bbox_error(data_dict: DataDict) -> str | None:
    """Why a map box (``ext_bbox``, as ckanext-spatial reads it) cannot be
    searched, or ``None``: four finite numbers west,south,east,north,
    latitudes within the world, longitudes at most one turn past it.
    ckanext-spatial turns a longitude into the world 360 degrees at a time:
    it would loop for ever on an infinite or huge one."""
    extras = data_dict.get("extras")
    bbox = extras.get("ext_bbox") if isinstance(extras, dict) else None
    if bbox in (None, ""):
        # The API's ``ext_bbox`` is moved into ``extras`` by CKAN later.
        bbox = data_dict.get("ext_bbox")
    if bbox in (None, ""):
        return None
    message = _(
        "The map box must be four numbers west,south,east,north: longitudes "
        "from -180 to 180, latitudes from -90 to 90"
    )
    if not isinstance(bbox, str):
        return message
    try:
        west, south, east, north = (float(part) for part in bbox.split(","))
    except ValueError:
        return message
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return message
    # A box drawn across the date line reaches past 180: one turn either way.
    if not (-540 <= west <= 540 and -540 <= east <= 540):
        return message
    if not (-90 <= south <= 90 and -90 <= north <= 90 and south <= north):
        return message
    return None


@contextlib.contextmanager
def _paging_urls_encoded() -> Iterator[None]:
    """ckanext-dcat (2.4.4) writes the request's ``q`` and ``fq`` into its
    paging URLs as they are; a space there is an invalid IRI, and Turtle
    output fails. While the catalogue is built, the request's arguments read
    percent-encoded (the search itself has already taken them as given)."""
    if not flask.has_request_context():
        yield
        return
    request = flask.request._get_current_object()  # type: ignore[attr-defined]
    original = request.args
    request.__dict__["args"] = ImmutableMultiDict(
        [(key, quote(value, safe="")) for key, value in original.items(multi=True)]
    )
    try:
        yield
    finally:
        request.__dict__["args"] = original


def _in_utc(modified_since: object) -> object:
    """``modified_since`` with a time zone as the same moment in UTC (naive);
    anything else as given, for ckanext-dcat to accept or refuse."""
    if not isinstance(modified_since, str):
        return modified_since
    try:
        moment = parse_date(modified_since)
    except (ValueError, OverflowError):
        return modified_since
    if moment.tzinfo is None:
        return modified_since
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()


def _catalogue_search(up_func: Action, context: Context, data_dict: DataDict):
    """A DCAT search within the catalogue; bad ``q``/``fq`` get a validation
    error, which ckanext-dcat's views answer with a 409."""
    context[_CATALOGUE] = True
    if data_dict.get("modified_since"):
        data_dict = {
            **data_dict,
            "modified_since": _in_utc(data_dict["modified_since"]),
        }
    try:
        with _paging_urls_encoded():
            return up_func(context, data_dict)
    except SearchError:
        raise tk.ValidationError(
            {"q": [_("Invalid search query: check the q and fq parameters")]}
        ) from None


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-dcat's catalogue, without what the policy keeps out of it."""
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-dcat's catalogue search, without what the policy keeps out of it."""
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_datasets_list(up_func: Action, context: Context, data_dict: DataDict):
    """ckanext-dcat's JSON list, without what the policy keeps out of it."""
    return _catalogue_search(up_func, context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_dataset_show(up_func: Action, context: Context, data_dict: DataDict):
    """One dataset as DCAT; a dataset kept out of the catalogue is not found."""
    dataset = imnet_model.dataset_summary(str(data_dict.get("id") or ""))
    if dataset and not policy.in_catalogue(dataset):
        raise tk.ObjectNotFound()  # what package_show says of a missing one
    return up_func(context, data_dict)
