"""``ckan imnet assessments ...``: the registry's commands."""

from __future__ import annotations

import click

__all__ = ["assessments"]


@click.group()
def assessments() -> None:
    """The assessment registry."""
