"""``imnet_search``: CKAN's package search on PostgreSQL, no Solr needed."""

from __future__ import annotations

from typing import Any

import ckan.plugins as p

from . import hooks

# CKAN declares ``solr_url`` as required; with this backend it is never used.
UNUSED_SOLR_URL = "http://127.0.0.1:8983/solr/unused-imnet-search-is-enabled"


class ImnetSearchPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    # IConfigurer

    def update_config(self, config: Any) -> None:
        if not config.get("solr_url"):
            config["solr_url"] = UNUSED_SOLR_URL
        hooks.install()
