"""The error a bad query raises."""

from __future__ import annotations

import pysolr

__all__ = ["QueryError"]


class QueryError(pysolr.SolrError):
    """A query the backend cannot answer, reported as Solr reports one (HTTP 400).

    CKAN turns it into a ``SearchError`` exactly as it does for Solr: the API
    answers 409 with the message, the search page shows its search-error notice.
    """
