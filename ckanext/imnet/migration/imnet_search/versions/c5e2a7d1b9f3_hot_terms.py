"""the fields searches read row by row, in a narrow column of their own

``hot_terms`` holds the part of ``terms`` that searches filter, sort and
facet on for every matched row (``ckanext.imnet.search.layout``), stored
inline and uncompressed; ``terms`` keeps every field and goes back to
PostgreSQL's default storage (compressed, moved out of line), which halves
the rows' width. Existing rows are projected here, in batches, so no
rebuild is needed; their fields' repeated values (one per resource) are kept
once, as rows are written from now on.

Revision ID: c5e2a7d1b9f3
Revises: b7e3c1d2a4f6
Create Date: 2026-12-01 05:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "c5e2a7d1b9f3"
down_revision = "b7e3c1d2a4f6"
branch_labels = None
depends_on = None

# The fields of ``search.layout.HOT_FIELDS`` when this revision was written
# (tests/search/test_layout.py checks that they agree).
HOT_FIELDS = (
    "site_id permission_labels state capacity dataset_type private "
    "id name title_string metadata_modified metadata_created "
    "organization owner_org groups tags res_format license_id "
    "minx maxx miny maxy bbox_area "
    "sensitivity sector geographic_coverage township_coverage admin_level sadd "
    "collection_method data_owner data_category completeness completeness_band "
    "freshness freshness_overdue broken_links review_state endorsed "
    "harvest_source_id status population_group assessment_year collection_start "
    "assessment_start_overdue assessment_end_overdue "
    "imnet_gap imnet_gap_places imnet_places imnet_whole_places"
).split()

# Each field's values once, in first-seen order (rows written before held a
# value once per resource, which facets counted once each).
_ONCE = """
(SELECT jsonb_agg(value ORDER BY position) FROM (
    SELECT value, min(position) AS position
    FROM jsonb_array_elements(field.value) WITH ORDINALITY AS e(value, position)
    GROUP BY value
) AS first_seen)
"""

_PROJECT = f"""
UPDATE imnet_search_index AS r
SET terms = projected.terms, hot_terms = projected.hot_terms
FROM (
    SELECT batch.index_id,
           coalesce(fields.terms, '{{}}'::jsonb) AS terms,
           coalesce(fields.hot_terms, '{{}}'::jsonb) AS hot_terms
    FROM (
        SELECT index_id, terms FROM imnet_search_index
        WHERE hot_terms IS NULL
        LIMIT 5000
    ) AS batch
    LEFT JOIN LATERAL (
        SELECT jsonb_object_agg(key, once) AS terms,
               jsonb_object_agg(key, once) FILTER (WHERE key = ANY(:fields))
                   AS hot_terms
        FROM (
            SELECT field.key, {_ONCE} AS once
            FROM jsonb_each(batch.terms) AS field
            WHERE jsonb_typeof(field.value) = 'array'
        ) AS deduplicated
    ) AS fields ON true
) AS projected
WHERE r.index_id = projected.index_id
"""


def upgrade():
    op.add_column("imnet_search_index", sa.Column("hot_terms", JSONB))
    op.execute("ALTER TABLE imnet_search_index ALTER COLUMN hot_terms SET STORAGE MAIN")
    # A row of up to 3,000 bytes is stored as it is: the large columns are
    # compressed or moved out of line until the row fits, and ``hot_terms``
    # (1.5 KB in the benchmark) is never compressed -- a compressed value
    # would be decompressed at each of the dozen reads a search makes of it.
    op.execute("ALTER TABLE imnet_search_index SET (toast_tuple_target = 3000)")
    op.execute(
        "ALTER TABLE imnet_search_index ALTER COLUMN terms SET STORAGE EXTENDED"
    )
    bind = op.get_bind()
    statement = sa.text(_PROJECT).bindparams(
        sa.bindparam("fields", HOT_FIELDS, type_=sa.ARRAY(sa.Text))
    )
    # Each rewritten row is stored in the new layout.
    while bind.execute(statement).rowcount:
        pass
    op.alter_column("imnet_search_index", "hot_terms", nullable=False)
    # Containment only (``@>``): the path-and-value index answers it without
    # the false matches of a value under another key, at about half the size.
    op.create_index(
        "imnet_search_index_hot_terms_idx",
        "imnet_search_index",
        ["hot_terms"],
        postgresql_using="gin",
        postgresql_ops={"hot_terms": "jsonb_path_ops"},
    )


def downgrade():
    op.drop_index("imnet_search_index_hot_terms_idx", "imnet_search_index")
    op.drop_column("imnet_search_index", "hot_terms")
    op.execute("ALTER TABLE imnet_search_index ALTER COLUMN terms SET STORAGE MAIN")
    op.execute("ALTER TABLE imnet_search_index SET (toast_tuple_target = 4080)")
