"""The PostgreSQL search index: one row per indexed dataset.

Created by the ``imnet_search`` plugin's migrations; written and read only by
``ckanext.imnet.search``. See ``ckanext.imnet.search.document`` for what each
column holds.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

__all__ = ["SearchIndexEntry", "INDEX_ORDER"]

# Rows re-indexed later sort later among equal scores, as Lucene documents do.
INDEX_ORDER: sa.Sequence = sa.Sequence("imnet_search_index_seq")


class SearchIndexEntry(tk.BaseModel):
    __tablename__ = "imnet_search_index"

    index_id = sa.Column(sa.Text, primary_key=True)
    seq = sa.Column(sa.BigInteger, INDEX_ORDER, nullable=False)
    id = sa.Column(sa.Text, nullable=False)
    site_id = sa.Column(sa.Text, nullable=False)
    doc = sa.Column(JSONB, nullable=False)
    terms = sa.Column(JSONB, nullable=False)
    # The fields searches read row by row (``search.layout.HOT_FIELDS``).
    hot_terms = sa.Column(JSONB, nullable=False)
    texts = sa.Column(JSONB, nullable=False)
    search_vector = sa.Column(TSVECTOR, nullable=False)
    data_dict = sa.Column(sa.Text)
    validated_data_dict = sa.Column(sa.Text)
    indexed_at = sa.Column(
        sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )
