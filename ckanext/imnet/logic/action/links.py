"""Broken links: the report of failing resource links, as the caller may get them."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.imnet import model as imnet_model
from ckanext.imnet.curation import links
from ckanext.imnet.logic import schema

from ._common import Visibility, organisation, validate

__all__ = ["imnet_link_report"]

# The ``status`` filter's values beyond the statuses themselves.
_GROUPS: dict[str, tuple[str, ...] | None] = {
    "failing": links.FAILING,
    "all": None,
}


@tk.side_effect_free
def imnet_link_report(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The resource links that failed their last check, of the datasets whose
    data the caller may get (public data, their organisation's, any for MIMU
    admins, datasets they hold a grant for): the curation workspace's list.

    A link is checked by a background job when its resource is created or its
    URL changes, and again by ``ckan imnet curation check-links`` (cron).
    Results of data the caller may not get are not counted, nor named.

    :param organization: only this organisation's datasets (id or name;
        optional)
    :type organization: string
    :param status: ``failing`` (default: ``broken`` and ``unreachable``),
        ``broken``, ``unreachable``, ``refused`` (not requested: an address
        inside the network, or not http), ``ok`` or ``all``
    :type status: string
    :param limit: at most this many links (default 100, at most 1000)
    :type limit: int
    :param offset: skip this many (default 0)
    :type offset: int
    :returns: ``{"count": 3, "results": [{"dataset": {"id", "name", "title",
        "title_my", "owner_org"}, "resource": {"id", "name", "url"}, "status",
        "http_status", "error", "content_type", "last_checked",
        "last_success", "first_failure"}]}``, the longest failing first
    :rtype: dictionary
    """
    tk.check_access("imnet_link_report", context, data_dict)
    data = validate(context, data_dict, schema.link_report)
    package_ids = None
    if data.get("organization"):
        org = organisation(context, data["organization"])
        package_ids = imnet_model.packages_of([org["id"]])
    status = data["status"]
    statuses = _GROUPS[status] if status in _GROUPS else (status,)
    rows = imnet_model.link_checks(package_ids, statuses)
    visibility = Visibility(context)
    visibility.load(row.package_id for row in rows)
    rows = [row for row in rows if visibility.gets_data(row.package_id)]
    rows.sort(key=lambda row: (row.first_failure is None, row.first_failure))
    page = rows[data["offset"] : data["offset"] + data["limit"]]
    resources = {
        r["id"]: r for r in imnet_model.resource_links(r.resource_id for r in page)
    }
    urls: dict[str, dict[str, str]] = {}
    results = []
    for row in page:
        dataset = visibility.dataset(row.package_id) or {}
        if row.package_id not in urls:
            urls[row.package_id] = imnet_model.resource_urls(row.package_id)
        resource = resources.get(row.resource_id) or {}
        results.append(
            {
                **row.as_dict(),
                "dataset": {
                    key: dataset.get(key)
                    for key in ("id", "name", "title", "title_my", "owner_org")
                },
                "resource": {
                    "id": row.resource_id,
                    "name": resource.get("name") or "",
                    "url": urls[row.package_id].get(row.resource_id, ""),
                },
            }
        )
    return {"count": len(rows), "results": results}
