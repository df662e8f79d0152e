"""The inventory export: the datasets of a search, as CSV or XLSX (issue 13)."""

from __future__ import annotations

import datetime
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet.access import policy
from ckanext.imnet.assessments import inventory as registry
from ckanext.imnet.inventory import writers
from ckanext.imnet.inventory.columns import Labels
from ckanext.imnet.inventory.search import Search
from ckanext.imnet.logic import schema as imnet_schema

from ._common import validate

__all__ = ["imnet_inventory_export", "STREAM"]

# Set in the context by callers that send the file (the views, scripts): the
# answer then carries ``body``, the file as an iterator of bytes.
STREAM = "imnet_stream"


def _lang(context: Context) -> str:
    if context.get("lang"):
        return str(context["lang"])
    try:
        return str(tk.h.lang() or "en")
    except RuntimeError:  # outside a request
        return str(tk.config.get("ckan.locale_default") or "en")


def _organisation(context: Context, name_or_id: str) -> dict[str, Any]:
    return tk.get_action("organization_show")(
        {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
        {"id": name_or_id, "include_datasets": False},
    )


@tk.side_effect_free
def imnet_inventory_export(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The inventory of the datasets a search finds, as CSV or XLSX: one row
    per dataset the caller may see (the caller's own ``package_search``,
    never a strictly confidential dataset), with the IM standard's columns in
    the caller's language; XLSX adds a sheet of resources (URLs of open data
    only) and a sheet describing the columns. Cells a spreadsheet would run as
    formulas start with a quote.

    With ``type=assessment``, the assessment registry's inventory instead: one
    row per assessment (never a strictly confidential one) with the
    registry's columns, its products' links only where public.

    Through the API the answer describes the file and gives its address; the
    catalogue's pages (``/dataset/inventory.csv``, ``.xlsx``,
    ``/organization/<id>/inventory.csv``, ``.xlsx``,
    ``/assessment/inventory.csv``, ``.xlsx``) send the file itself.

    :param format: ``csv`` (default) or ``xlsx``
    :type format: string
    :param type: ``dataset`` (default: the catalogue's inventory) or
        ``assessment`` (the registry's)
    :type type: string
    :param q: the search's query, as ``package_search``'s (optional)
    :type q: string
    :param fq: a filter query, as ``package_search``'s (optional)
    :type fq: string
    :param fq_list: more filter queries, each on its own (optional)
    :type fq_list: list of strings
    :param sort: the order, as ``package_search``'s (default: relevance)
    :type sort: string
    :param ext_bbox: a map box ``west,south,east,north``, as the search page's
        map filter (optional)
    :type ext_bbox: string
    :param organization: only this organisation's datasets, by name or id
        (optional)
    :type organization: string
    :returns: ``{"format", "filename", "mimetype", "count", "columns", "url"}``
        -- ``count`` datasets, ``columns`` the datasets sheet's column keys
    :rtype: dictionary
    """
    tk.check_access("imnet_inventory_export", context, data_dict)
    data = validate(context, data_dict, imnet_schema.inventory_export)
    fq_list = list(data.get("fq_list") or [])
    include_private = tk.config.get("ckan.search.default_include_private")
    org_name = ""
    if data.get("organization"):
        org = _organisation(context, data["organization"])
        org_name = org["name"]
        # As the organisation's page lists it, its private datasets included.
        fq_list.append(f'owner_org:"{org["id"]}"')
        include_private = True
    of_registry = data["type"] == policy.ASSESSMENT_TYPE
    search = Search(
        context,
        {**data, "fq_list": fq_list, "include_private": include_private},
        policy.REGISTRY_EXPORT_FILTERS if of_registry else policy.EXPORT_FILTERS,
    )
    layout = registry.LAYOUT if of_registry else writers.DATASETS
    fmt = data["format"]
    today = datetime.date.today().isoformat()
    name = "imnet-assessments" if of_registry else "imnet-inventory"
    stem = "-".join(part for part in (name, org_name, today) if part)
    answer: dict[str, Any] = {
        "format": fmt,
        "filename": f"{stem}.{fmt}",
        "mimetype": writers.FORMATS[fmt],
        "count": search.count,
        "columns": [column.key for column in layout.columns],
        "url": _download_url(data, org_name),
    }
    if context.get(STREAM):
        labels = Labels(_lang(context))
        write = writers.csv_chunks if fmt == "csv" else writers.xlsx_chunks
        answer["body"] = write(labels, search.pages(), layout)
    return answer


def _download_url(data: dict[str, Any], org_name: str) -> str:
    """The page that sends this export (``fq``/``fq_list`` as ``fq`` arguments)."""
    args: dict[str, Any] = {
        key: data[key] for key in ("q", "sort", "ext_bbox") if data.get(key)
    }
    filters = [data["fq"]] if data.get("fq") else []
    filters += list(data.get("fq_list") or [])
    if filters:
        args["fq"] = filters
    try:
        if data["type"] == policy.ASSESSMENT_TYPE:
            return tk.url_for(
                f"imnet_inventory.registry_{data['format']}", _external=True, **args
            )
        if org_name:
            return tk.url_for(
                f"imnet_inventory.organization_{data['format']}",
                id=org_name,
                _external=True,
                **args,
            )
        return tk.url_for(
            f"imnet_inventory.search_{data['format']}", _external=True, **args
        )
    except RuntimeError:  # no application to build links with
        return ""
