"""``ckan imnet assessments ...``: the registry's commands."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
import click

__all__ = ["assessments"]


@contextlib.contextmanager
def _request_context() -> Iterator[None]:
    """Messages are translated and links made within a request context."""
    flask_app = click.get_current_context().meta["flask_app"]
    with flask_app.test_request_context():
        yield


@click.group()
def assessments() -> None:
    """The assessment registry."""


@assessments.command("template")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
def template(out: str) -> None:
    """Write the registry spreadsheet's import template (XLSX) to OUT."""
    from ckanext.imnet.assessments import template as registry_template

    with _request_context():
        body = registry_template.workbook()
    with open(out, "wb") as f:
        f.write(body)
    click.echo(f"Wrote the import template to {out}.")


def _change(change: dict[str, Any]) -> str:
    """A changed column; a new lead agency or sensitivity stands out."""
    if not change["notable"]:
        return str(change["column"])
    return f"!! {change['column']}: {change['before']} -> {change['after']}"


def _echo_report(report: dict[str, Any]) -> None:
    for row in report["rows"]:
        for error in row["errors"]:
            click.echo(
                f"  row {row['row']}, {error['column']}: {error['message']}", err=True
            )
        if row["action"] == "update" and row["changes"]:
            click.echo(
                f"  row {row['row']} ({row['registry_id']}) updates: "
                + "; ".join(_change(c) for c in row["changes"])
            )
    if report["ignored_columns"]:
        click.echo(
            "Columns not in the template, ignored: "
            + "; ".join(report["ignored_columns"])
        )
    counts = (
        f"{report['created']} created, {report['updated']} updated, "
        f"{report['unchanged']} unchanged, {report['failed']} failed"
    )
    if report["dry_run"]:
        click.echo(f"Dry run, nothing written. Would be: {counts}.")
    elif report["blocked"]:
        failed = report["failed"]
        have = tk.ungettext(
            "{n} row has errors", "{n} rows have errors", failed
        ).format(n=failed)
        click.echo(
            f"Nothing imported: {have} (fix them, or import the valid rows only "
            "with --valid-only)."
        )
    else:
        click.echo(f"Imported: {counts}.")


@assessments.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--valid-only", is_flag=True, help="Import the valid rows of a file with errors."
)
@click.option("--dry-run", is_flag=True, help="Check the rows; write nothing.")
def import_(file: Any, valid_only: bool, dry_run: bool) -> None:
    """Import a registry spreadsheet (XLSX, in the template's columns): every
    row is checked first; a file with errors imports nothing unless
    --valid-only. A row whose registry ID is known updates its assessment."""
    with _request_context():
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        try:
            report = tk.get_action("imnet_assessments_import")(
                {"user": site_user["name"]},
                {"upload": file, "dry_run": dry_run, "valid_only": valid_only},
            )
        except tk.ValidationError as error:
            messages = error.error_dict.get("upload") or [str(error.error_dict)]
            raise click.ClickException(" ".join(map(str, messages))) from None
        _echo_report(report)
    if report["failed"]:
        raise click.exceptions.Exit(1)


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
