"""The embedded PostgreSQL implementation of CKAN's package search.

``hooks`` is where it plugs into CKAN; ``connection`` answers CKAN's Solr
calls; ``lucene`` and ``compiler`` turn Solr query syntax into SQL;
``document`` and ``fields`` decide how each field is stored and matched.
"""
