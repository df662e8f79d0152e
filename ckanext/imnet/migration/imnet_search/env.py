"""Migrations of the ``imnet_search`` plugin: the search index table."""

from ckanext.imnet.migration.alembic_env import run

run("imnet_search", tables=("imnet_search_",))
