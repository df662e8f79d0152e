"""Data owners from a managed list: the catalogue's organisations, the external
owners of ``data/data_owners.yaml`` with their aliases, and "other".

``directory`` answers what a ``data_owner`` value means and how it is labelled;
``normalise`` maps the values datasets already hold to canonical ones
(``ckan imnet data-owners normalise``).
"""

from __future__ import annotations

from .directory import (
    KINDS,
    ORGANISATION,
    OTHER,
    Choice,
    Directory,
    Entry,
    Owner,
    directory,
    entries,
    name_key,
)

__all__ = [
    "KINDS",
    "ORGANISATION",
    "OTHER",
    "Choice",
    "Directory",
    "Entry",
    "Owner",
    "directory",
    "entries",
    "name_key",
]
