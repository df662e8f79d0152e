"""``ckan imnet ...`` commands."""

from __future__ import annotations

import click

__all__ = ["imnet"]


@click.group(short_help="IM Network catalogue commands")
def imnet() -> None:
    """Commands of the IM Network catalogue (ckanext-imnet)."""
