"""Where each exact-match field's values are read from: ``hot_terms`` or ``terms``.

A search reads, for every row it matches, the fields it filters, sorts and
facets on. ``terms`` holds every exact-match field of a dataset (about 3 KB
with the IM fields, methodology and resource links); reading it for tens of
thousands of matched rows was most of a search's time. ``hot_terms`` holds
only the fields that searches read row by row -- every search's own filters,
the sort keys, the catalogue's facets and filters, the box search's corners --
about half of that, stored inline; ``terms`` keeps every field, compressed
or out of line. Like Solr's ``docValues``, this decides speed, never results:
a field outside ``HOT_FIELDS`` is filtered, sorted and faceted on as before,
from ``terms``.

Rows hold ``hot_terms`` as projected when they were written, so changing
``HOT_FIELDS`` needs a migration that projects the rows again (the
``imnet_search`` migration ``c5e2a7d1b9f3`` lists the same fields; a test
checks that they agree).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from ckanext.imnet.model.search_index import SearchIndexEntry

__all__ = ["HOT_FIELDS", "TERMS", "hot_part"]

HOT_FIELDS: frozenset[str] = frozenset(
    {
        # Every search's own filters (CKAN's ``package_search``).
        "site_id",
        "permission_labels",
        "state",
        "capacity",
        "dataset_type",
        "private",
        # Sort keys and lookups by key.
        "id",
        "name",
        "title_string",
        "metadata_modified",
        "metadata_created",
        # CKAN's facets.
        "organization",
        "owner_org",
        "groups",
        "tags",
        "res_format",
        "license_id",
        # The map's box search (ckanext-spatial's corners and area).
        "minx",
        "maxx",
        "miny",
        "maxy",
        "bbox_area",
        # The catalogue's facets (``facets.FACETS``) and the registry's.
        "sensitivity",
        "sector",
        "geographic_coverage",
        "township_coverage",
        "admin_level",
        "sadd",
        "collection_method",
        "data_owner",
        "data_category",
        "completeness",
        "completeness_band",
        "freshness",
        "freshness_overdue",
        "broken_links",
        "review_state",
        "endorsed",
        "harvest_source_id",
        "status",
        "population_group",
        "assessment_year",
        "collection_start",
        "assessment_start_overdue",
        "assessment_end_overdue",
        # The gap matrix's and the place search's own fields.
        "imnet_gap",
        "imnet_gap_places",
        "imnet_places",
        "imnet_whole_places",
    }
)

_INDEX = SearchIndexEntry.__table__


def _column(name: str) -> Any:
    """The JSONB column that holds field ``name``'s values."""
    return _INDEX.c.hot_terms if name in HOT_FIELDS else _INDEX.c.terms


def hot_part(terms: dict[str, Any]) -> dict[str, Any]:
    """The fields of a row's ``terms`` that ``hot_terms`` holds."""
    return {name: values for name, values in terms.items() if name in HOT_FIELDS}


class _Terms:
    """The exact-match fields of a row, each read from the column holding it."""

    def __getitem__(self, name: str) -> Any:
        """The JSON list of field ``name``'s normalised values (or NULL)."""
        return _column(name)[name]

    def has_key(self, name: str) -> ColumnElement:
        """True where field ``name`` has a value."""
        return _column(name).has_key(name)

    def contains(self, values: dict[str, list[str]]) -> ColumnElement:
        """True where each field holds each of its listed values: one
        containment test per column."""
        hot = hot_part(values)
        cold = {name: v for name, v in values.items() if name not in hot}
        tests = [
            column.contains(part)
            for column, part in ((_INDEX.c.hot_terms, hot), (_INDEX.c.terms, cold))
            if part
        ]
        if not tests:
            return sa.true()
        return tests[0] if len(tests) == 1 else sa.and_(*tests)


TERMS = _Terms()
