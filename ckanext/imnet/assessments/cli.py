"""``ckan imnet assessments ...``: the registry's commands."""

from __future__ import annotations

import click

__all__ = ["assessments"]


@click.group()
def assessments() -> None:
    """The assessment registry."""


@assessments.command("remind")
def remind() -> None:
    """E-mail each lead agency's admins and editors one digest of their
    assessments whose status is overdue -- planned past their start, ongoing
    past their end (run daily from cron; a second run sends nothing twice,
    a status still overdue is reminded again after
    ckanext.imnet.assessments.reminder_days)."""
    from ckanext.imnet.access import notify

    from . import reminders

    # Digests render templates with links: they need a request context.
    with click.get_current_context().meta["flask_app"].test_request_context():
        report = reminders.remind()
    sent, failed = notify.send_due()
    click.echo(
        f"Reminded {report.reminded} assessments; queued {report.digests} digests; "
        f"sent {sent}, {failed} failed and stay queued."
    )
