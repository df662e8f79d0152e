"""``ckan imnet ...`` commands."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

__all__ = ["imnet"]


@click.group(short_help="IM Network catalogue commands")
def imnet() -> None:
    """Commands of the IM Network catalogue (ckanext-imnet)."""


@imnet.group()
def demo() -> None:
    """The demo catalogue."""


@demo.command("load")
@click.option(
    "--refresh", is_flag=True, help="Also update existing demo datasets to the file."
)
def demo_load(refresh: bool) -> None:
    """Load the demo catalogue (idempotent) and print the demo logins."""
    from ckanext.imnet import demo as demo_catalogue

    try:
        report = demo_catalogue.load(refresh=refresh)
    except tk.ValidationError as error:
        raise click.ClickException(f"Invalid demo data: {error.error_dict}") from None
    done = ", ".join(f"{n} {kind}" for kind, n in report.created.items()) or "nothing"
    click.secho(f"Demo catalogue loaded: created {done}.", fg="green")
    if report.updated:
        updated = ", ".join(f"{n} {kind}" for kind, n in report.updated.items())
        click.echo(f"Updated {updated}.")
    site_url = tk.config.get("ckan.site_url")
    click.echo(f"\nLog in at {site_url}/user/login with one of these demo accounts:")
    for login in report.logins:
        click.echo(f"  {login['name']:<18} {login['password']:<20} {login['role']}")
