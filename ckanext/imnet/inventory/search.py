"""The exporter's own search, page by page: the rows of an inventory.

Each page is ``package_search`` run as the exporter -- never with
``ignore_auth`` -- with the search page's parameters, so the rows are exactly
the datasets that user finds; the policy's export filters are added as
separate ``fq_list`` entries (``policy.EXPORT_FILTERS``; for the assessment
registry ``policy.REGISTRY_EXPORT_FILTERS``). Pages of ``BATCH``
datasets keep memory bounded whatever the catalogue's size. The first page is
asked for at once, so a bad query is an error before any byte is sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search import SearchError
from ckan.types import Context

from ckanext.imnet.access import policy

__all__ = ["BATCH", "DEFAULT_SORT", "Search"]

_ = tk._

# Datasets per page: within CKAN's ``ckan.search.rows_max`` (1000 by default).
BATCH = 500
# The search page's order when none is chosen.
DEFAULT_SORT = "score desc, metadata_modified desc"


class Search:
    """A search to export: its parameters, its first page and its count."""

    def __init__(
        self,
        context: Context,
        params: dict[str, Any],
        filters: tuple[str, ...] = policy.EXPORT_FILTERS,
    ) -> None:
        """The search of ``params``, with the policy's ``filters`` (the
        catalogue's export filters, or the registry's)."""
        # A fresh context per page: package_search writes into the one it gets.
        self._user = {
            key: context[key] for key in ("user", "auth_user_obj") if key in context
        }
        sort = params.get("sort") or DEFAULT_SORT
        bbox = params.get("ext_bbox")
        self.params: dict[str, Any] = {
            "q": params.get("q") or "",
            "fq": params.get("fq") or "",
            "fq_list": [*(params.get("fq_list") or []), *filters],
            # A last key makes pages of equal values follow one order.
            "sort": sort if sort.rstrip().endswith("id asc") else f"{sort}, id asc",
            "extras": {"ext_bbox": bbox} if bbox else {},
            "include_private": params.get("include_private", True),
            "facet": "false",
            "rows": BATCH,
        }
        self._first = self._page(0)
        self.count: int = self._first["count"]

    def _page(self, start: int) -> dict[str, Any]:
        context: Any = dict(self._user)
        try:
            return tk.get_action("package_search")(
                context, {**self.params, "start": start}
            )
        except SearchError as error:
            # CKAN's own messages (a bad query, ckanext-spatial's box) are
            # English; say which parameters to check, then what was wrong.
            raise tk.ValidationError(
                {
                    "q": [
                        _(
                            "Invalid search query: check q, fq, sort and ext_bbox "
                            "({error})"
                        ).format(error=str(error))
                    ]
                }
            ) from None

    def pages(self) -> Iterator[list[dict[str, Any]]]:
        """The results, a page at a time; a page shorter than asked is the last."""
        page = self._first
        start = 0
        while True:
            results = page["results"]
            if results:
                yield results
            if len(results) < BATCH:
                return
            start += BATCH
            page = self._page(start)
