"""create search index

The table behind the embedded PostgreSQL search backend (see
``ckanext.imnet.model.search_index`` and ``ckanext.imnet.search.document``).

Revision ID: 29769248b553
Revises:
Create Date: 2026-11-21 07:26:59.791419

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

# revision identifiers, used by Alembic.
revision = "29769248b553"
down_revision = None
branch_labels = None
depends_on = None


# Solr's ``text`` field type stems English and folds accents but keeps stop
# words ("after", "the"); PostgreSQL's ``english`` configuration drops them.
# ``imnet_english`` is ``english`` with a stop-word-free stemmer behind
# ``unaccent`` (a trusted extension: the database owner may create it).
TEXT_SEARCH_SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    -- Dropping the index table (as CKAN's test reset does) leaves these.
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_dict WHERE dictname = 'imnet_english_stem'
    ) THEN
        CREATE TEXT SEARCH DICTIONARY imnet_english_stem (
            TEMPLATE = snowball, Language = english
        );
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM pg_ts_config WHERE cfgname = 'imnet_english'
    ) THEN
        CREATE TEXT SEARCH CONFIGURATION imnet_english (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION imnet_english
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart,
                              word, hword, hword_part
            WITH unaccent, imnet_english_stem;
    END IF;
END
$$;
"""


def upgrade():
    op.execute(TEXT_SEARCH_SETUP)
    op.execute(sa.schema.CreateSequence(sa.Sequence("imnet_search_index_seq")))
    op.create_table(
        "imnet_search_index",
        sa.Column("index_id", sa.Text, primary_key=True),
        sa.Column(
            "seq",
            sa.BigInteger,
            nullable=False,
            server_default=sa.text("nextval('imnet_search_index_seq')"),
        ),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("site_id", sa.Text, nullable=False),
        sa.Column("doc", JSONB, nullable=False),
        sa.Column("terms", JSONB, nullable=False),
        sa.Column("texts", JSONB, nullable=False),
        sa.Column("search_vector", TSVECTOR, nullable=False),
        sa.Column("data_dict", sa.Text),
        sa.Column("validated_data_dict", sa.Text),
        sa.Column(
            "indexed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            server_default=sa.func.now(),
        ),
    )
    # Owned by the column, so dropping the table drops the sequence too.
    op.execute("ALTER SEQUENCE imnet_search_index_seq OWNED BY imnet_search_index.seq")
    op.create_index("imnet_search_index_id_idx", "imnet_search_index", ["id"])
    op.create_index(
        "imnet_search_index_terms_idx",
        "imnet_search_index",
        ["terms"],
        postgresql_using="gin",
    )
    op.create_index(
        "imnet_search_index_vector_idx",
        "imnet_search_index",
        ["search_vector"],
        postgresql_using="gin",
    )


def downgrade():
    op.drop_table("imnet_search_index")
    op.execute("DROP TEXT SEARCH CONFIGURATION imnet_english")
    op.execute("DROP TEXT SEARCH DICTIONARY imnet_english_stem")
