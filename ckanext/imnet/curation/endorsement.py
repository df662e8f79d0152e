"""Endorsed baseline datasets: the Network's authoritative sources.

MIMU admins endorse a dataset, or withdraw the endorsement, with a note
(``imnet_dataset_endorse``). An endorsed dataset carries a badge on its page
and in search results, is a facet (``endorsed``, indexed as ``"true"`` and
absent otherwise), is listed on the home page and **ranks first for the same
query**: when the caller asks for relevance (no ``sort``, ``rank`` or a sort
starting with ``score``), the search is ordered ``endorsed desc`` first (after
a place search's fit, ``place_search``) and by the relevance order after --
on Solr exactly the same ``sort`` string, since string fields sort missing
values last. An explicit order (name, date,
completeness ...) is kept as asked.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

__all__ = [
    "INDEX_FIELD",
    "ENDORSED",
    "BOOST",
    "label",
    "is_relevance",
    "ranked_first",
    "after_search",
    "index_fields",
    "badge",
]

INDEX_FIELD = "endorsed"
ENDORSED = "true"
# The sort key put before a relevance order.
BOOST = f"{INDEX_FIELD} desc"


def label() -> str:
    """The badge and facet label, in the current language."""
    return tk._("Endorsed baseline")


def is_relevance(sort: Any) -> bool:
    """True if the caller asked for the relevance order (or gave none)."""
    if sort in (None, "", "rank"):
        return True
    return isinstance(sort, str) and sort.strip().startswith("score")


def ranked_first(search_params: dict[str, Any], relevance: bool) -> dict[str, Any]:
    """``before_dataset_search``: endorsed datasets first in a relevance order
    (``relevance``: as the caller asked, before other hooks added keys). A
    place search's fit keys stay first: among datasets that fit a place
    equally, the endorsed ones come first."""
    if not relevance:
        return search_params
    order = search_params.get("sort")
    if order in (None, "", "rank"):
        order = tk.config.get("ckan.search.default_package_sort")
    order = str(order)
    at = order.find(", score ")
    if order.startswith("score") or at < 0:
        search_params["sort"] = f"{BOOST}, {order}"
    else:
        search_params["sort"] = f"{order[:at]}, {BOOST}{order[at:]}"
    return search_params


def after_search(search_results: dict[str, Any]) -> dict[str, Any]:
    """Report the order the caller asked for, without the boost."""
    sort = search_results.get("sort")
    if isinstance(sort, str):
        if sort.startswith(f"{BOOST}, "):
            sort = sort[len(BOOST) + 2 :]
        search_results["sort"] = sort.replace(f", {BOOST}, ", ", ", 1)
    return search_results


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: ``endorsed: "true"`` for an endorsed dataset."""
    pkg_dict.pop(INDEX_FIELD, None)
    is_im = policy.is_im_dataset(
        {"type": pkg_dict.get("dataset_type") or pkg_dict.get("type")}
    )
    if is_im and imnet_model.endorsement(str(pkg_dict.get("id") or "")):
        pkg_dict[INDEX_FIELD] = ENDORSED
    return pkg_dict


def badge(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """The endorsement of a dataset for its page (``None``: not endorsed)."""
    row = imnet_model.endorsement(str(pkg.get("id") or ""))
    if row is None:
        return None
    return {"label": label(), "endorsed_at": row.endorsed_at, "note": row.note}
