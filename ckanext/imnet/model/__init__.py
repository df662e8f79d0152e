"""Tables of ckanext-imnet. Every table is created by an alembic migration."""

from __future__ import annotations

from .search_index import SearchIndexEntry

__all__ = ["SearchIndexEntry"]
