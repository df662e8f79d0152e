"""Migrations of the ``imnet`` plugin: access requests, audit log, mail outbox."""

from ckanext.imnet.migration.alembic_env import run

run("imnet", tables=("imnet_access_", "imnet_mail_", "imnet_dataset_"))
