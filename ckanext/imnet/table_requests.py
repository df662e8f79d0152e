"""The table preview's requests are checked for shape before CKAN reads them.

CKAN's DataTables view (``ckanext.datatablesview``) reads the fields its
page posts -- ``draw``, ``start``, ``search[value]``, the ``params`` of a
filtered download -- without checking them: a request without one, or with
a word where a number belongs, ends as a 500. These ``before_request`` checks
answer such a request with a 400 and a message instead. They look at the
request only, never at the view or its dataset, so their answer is the same
whether the view exists or not.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
import flask

__all__ = ["ajax_request_problem", "download_request_problem", "register"]

_AJAX = "datatablesview.ajax"
_DOWNLOAD = "datatablesview.filtered_download"


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())


def ajax_request_problem(form: Any) -> str | None:
    """What is wrong with a table page's data request (``None``: nothing)."""
    if not all(_whole_number(form.get(key)) for key in ("draw", "start", "length")):
        return tk._("draw, start and length must be whole numbers")
    if "search[value]" not in form:
        return tk._("search[value] is missing")
    i = 0
    while f"order[{i}][column]" in form:
        if not _whole_number(form.get(f"order[{i}][column]")):
            return tk._("A sort column must be a whole number")
        if f"order[{i}][dir]" not in form:
            return tk._("A sort column needs its direction")
        i += 1
    i = 0
    while f"columns[{i}][search][value]" in form:
        if f"columns[{i}][name]" not in form:
            return tk._("A searched column needs its name")
        i += 1
    return None


def download_request_problem(form: Any) -> str | None:
    """What is wrong with a filtered download request (``None``: nothing)."""
    try:
        params = json.loads(form.get("params") or "")
    except ValueError:
        params = None
    if not isinstance(params, dict):
        return tk._("params must be a JSON object")
    search = params.get("search")
    columns = params.get("columns")
    shapes = (
        isinstance(search, dict) and "value" in search,
        isinstance(params.get("order"), list),
        isinstance(params.get("visible"), list),
        isinstance(columns, list),
        "format" in form,
    )
    if not all(shapes) or not isinstance(columns, list):
        return tk._("params needs search, order, visible and columns, and a format")
    for column in columns:
        found = column.get("search") if isinstance(column, dict) else None
        if not isinstance(found, dict) or "value" not in found or "name" not in column:
            return tk._("Each column needs its name and search value")
    for order in params["order"]:
        if (
            not isinstance(order, dict)
            or not _whole_number(order.get("column"))
            or int(order["column"]) >= len(columns)
            or "dir" not in order
        ):
            return tk._("Each sort needs one of the columns and a direction")
    return None


def refuse_malformed_table_requests() -> Any:
    """``before_request``: a 400 with a message for a malformed table request."""
    request = flask.request
    if request.method != "POST":
        return None
    if request.endpoint == _AJAX:
        problem = ajax_request_problem(request.form)
    elif request.endpoint == _DOWNLOAD:
        problem = download_request_problem(request.form)
    else:
        return None
    if problem is None:
        return None
    return flask.make_response(json.dumps({"error": problem}), 400)


def register(app: flask.Flask) -> flask.Flask:
    """Install the check in front of every view."""
    app.before_request(refuse_malformed_table_requests)
    return app
