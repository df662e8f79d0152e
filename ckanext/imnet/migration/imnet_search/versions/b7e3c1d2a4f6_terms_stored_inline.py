"""keep the terms column inline and uncompressed

Filters, facets, sorting and the map's box search read ``terms`` several
times per matched row; PostgreSQL decompresses a compressed (or fetches an
out-of-line) value on every read. ``STORAGE MAIN`` with a row target of half
a page keeps ``terms`` in the row as written, the large columns (stored
document, data dicts, text vector) being compressed or moved out first; a
``terms`` value too large even so is compressed with lz4 where the server
has it. Rows written before this revision keep their layout until the next
``ckan search-index rebuild``.

Revision ID: b7e3c1d2a4f6
Revises: 29769248b553
Create Date: 2026-11-30 21:20:00

"""

from alembic import op

revision = "b7e3c1d2a4f6"
down_revision = "29769248b553"
branch_labels = None
depends_on = None

_LZ4 = """
DO $$
BEGIN
    ALTER TABLE imnet_search_index ALTER COLUMN terms SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    NULL;  -- a server built without lz4 keeps its default compression
END
$$;
"""


def upgrade():
    op.execute("ALTER TABLE imnet_search_index ALTER COLUMN terms SET STORAGE MAIN")
    op.execute("ALTER TABLE imnet_search_index SET (toast_tuple_target = 4080)")
    op.execute(_LZ4)


def downgrade():
    op.execute("ALTER TABLE imnet_search_index RESET (toast_tuple_target)")
    op.execute(
        "ALTER TABLE imnet_search_index ALTER COLUMN terms SET STORAGE EXTENDED"
    )
    op.execute(
        "ALTER TABLE imnet_search_index ALTER COLUMN terms SET COMPRESSION default"
    )
