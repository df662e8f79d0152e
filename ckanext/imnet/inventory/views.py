"""Pages that send the inventory: from the dataset search, an organisation,
and the assessment registry's search.

They read the search page's own arguments -- ``q``, ``sort``, the map's
``ext_bbox`` and every facet filter (``field=value``, each its own filter, as
CKAN's search page makes them) -- plus ``fq`` (a raw filter, repeatable, as
the API's), call ``imnet_inventory_export`` and stream its file.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response, stream_with_context

from ckanext.imnet.logic.action.inventory import STREAM

__all__ = ["imnet_inventory"]

imnet_inventory = Blueprint("imnet_inventory", __name__)

_ = tk._

# Arguments of the search page that are not facet filters.
_NOT_FILTERS = frozenset({"q", "sort", "page", "fq"})


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def search_params(args: Any) -> dict[str, Any]:
    """``imnet_inventory_export``'s parameters from a search page's arguments."""
    params: dict[str, Any] = {
        key: args[key] for key in ("q", "sort", "ext_bbox") if args.get(key)
    }
    filters = [value for value in args.getlist("fq") if value]
    for key, value in args.items(multi=True):
        if key in _NOT_FILTERS or key.startswith(("_", "ext_")) or not value:
            continue
        filters.append(f"{key}:{_quoted(value)}")
    if filters:
        params["fq_list"] = filters
    return params


def _send(fmt: str, organization: str | None = None, type_: str = "") -> Any:
    params = {**search_params(tk.request.args), "format": fmt}
    if organization is not None:
        params["organization"] = organization
    if type_:
        params["type"] = type_
    user = tk.current_user
    context: Any = {
        "user": user.name if user and not user.is_anonymous else "",
        STREAM: True,
    }
    try:
        answer = tk.get_action("imnet_inventory_export")(context, params)
    except tk.ObjectNotFound:
        return tk.abort(404, _("Organization not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        messages = [
            str(message)
            for field_messages in error.error_dict.values()
            for message in (
                field_messages if isinstance(field_messages, list) else [field_messages]
            )
        ]
        return tk.abort(400, " ".join(messages))
    return Response(
        stream_with_context(answer["body"]),
        mimetype=answer["mimetype"],
        headers={"Content-Disposition": f'attachment; filename="{answer["filename"]}"'},
    )


@imnet_inventory.route("/dataset/inventory.csv")
def search_csv() -> Any:
    """The inventory of the dataset search's results, as CSV."""
    return _send("csv")


@imnet_inventory.route("/dataset/inventory.xlsx")
def search_xlsx() -> Any:
    """The inventory of the dataset search's results, as an Excel workbook."""
    return _send("xlsx")


@imnet_inventory.route("/organization/<id>/inventory.csv")
def organization_csv(id: str) -> Any:
    """The inventory of an organisation's datasets (and its page's search), CSV."""
    return _send("csv", id)


@imnet_inventory.route("/organization/<id>/inventory.xlsx")
def organization_xlsx(id: str) -> Any:
    """The same as an Excel workbook."""
    return _send("xlsx", id)


@imnet_inventory.route("/assessment/inventory.csv")
def registry_csv() -> Any:
    """The registry's inventory of the assessment search's results, as CSV."""
    return _send("csv", type_="assessment")


@imnet_inventory.route("/assessment/inventory.xlsx")
def registry_xlsx() -> Any:
    """The same as an Excel workbook."""
    return _send("xlsx", type_="assessment")
