"""``ckan imnet ...`` commands."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

import ckan.plugins.toolkit as tk
import click

from ckanext.imnet import config
from ckanext.imnet.assessments.cli import assessments

__all__ = ["imnet"]


@contextlib.contextmanager
def _request_context() -> Iterator[None]:
    """Notifications render templates with links: they need a request context."""
    flask_app = click.get_current_context().meta["flask_app"]
    with flask_app.test_request_context():
        yield


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
        with _request_context():
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


@imnet.group()
def access() -> None:
    """Grants to restricted data."""


@access.command("expire")
def access_expire() -> None:
    """End grants whose time is up and remind holders before expiry (run daily)."""
    with _request_context():
        site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
        result = tk.get_action("imnet_access_expire")({"user": site_user["name"]}, {})
    click.echo(
        "Expired {expired} grants, queued {reminded} reminders.".format(**result)
    )


@imnet.group()
def mail() -> None:
    """Notifications."""


@mail.command("send")
def mail_send() -> None:
    """Send the notifications that are due, retries included (run from cron)."""
    from ckanext.imnet.access import notify

    sent, failed = notify.send_due()
    click.echo(f"Sent {sent} notifications, {failed} failed and stay queued.")
    if failed:
        raise click.exceptions.Exit(1)


@mail.command("digest")
def mail_digest() -> None:
    """Send each approver one digest of the messages held for them (run daily
    when ckanext.imnet.mail.approver_digest is on)."""
    from ckanext.imnet.access import notify

    with _request_context():
        queued = notify.send_digests()
    sent, failed = notify.send_due()
    click.echo(
        f"Queued {queued} digests; sent {sent}, {failed} failed and stay queued."
    )


@imnet.group()
def curation() -> None:
    """Curation of the catalogue: data freshness, broken links."""


@curation.command("remind")
def curation_remind() -> None:
    """E-mail data owners the datasets that became due or overdue, and MIMU
    admins the newly delinquent ones; reindex datasets whose freshness changed
    with time (run daily from cron; a second run sends nothing twice)."""
    from ckanext.imnet.access import notify
    from ckanext.imnet.curation import reminders

    with _request_context():
        report = reminders.remind()
    sent, failed = notify.send_due()
    notices = ", ".join(f"{n} {state}" for state, n in sorted(report.notices.items()))
    click.echo(
        f"Reindexed {report.reindexed} datasets; newly {notices or 'nothing'}; "
        f"queued {report.digests} digests; sent {sent}, {failed} failed and stay "
        "queued."
    )


@curation.command("check-links")
@click.option(
    "--here",
    is_flag=True,
    help="Check in this process instead of enqueueing jobs for the worker.",
)
def curation_check_links(here: bool) -> None:
    """Check the resource links never checked, changed since, or not checked
    for ckanext.imnet.links.recheck_days days (run daily from cron): one
    background job per host, which the job worker runs."""
    from ckanext.imnet import model as imnet_model
    from ckanext.imnet.curation import link_checks

    if here:
        since = imnet_model.now() - datetime.timedelta(days=config.links_recheck_days())
        checked = link_checks.run_checks(imnet_model.resources_to_check(since))
        click.echo(f"Checked {checked} links.")
        return
    queued = link_checks.schedule()
    click.echo(f"Enqueued checks of {queued} links.")


@imnet.group("data-owners")
def data_owners() -> None:
    """Data owners from the managed list (data/data_owners.yaml)."""


@data_owners.command("normalise")
@click.option("--dry-run", is_flag=True, help="Only say what would change.")
def data_owners_normalise(dry_run: bool) -> None:
    """Map every dataset's data owner to its canonical value: aliases and
    variants to the owner they name, anything else to "other" with its name.
    Writes through package_patch; running it again changes nothing."""
    from ckanext.imnet import owners
    from ckanext.imnet.owners import normalise

    with _request_context():
        report = normalise.normalise(dry_run=dry_run)
        directory = owners.directory()

        def shown(choice: owners.Choice) -> str:
            if choice.value == owners.OTHER:
                return f'other: "{choice.other}"'
            owner = directory.get(choice.value)
            return f"{choice.value} ({owner.en})" if owner else f'"{choice.value}"'

        verb = "Would change" if dry_run else "Changed"
        click.echo(f"{verb} the data owner of {len(report.changed)} datasets.")
        for change in report.changed:
            click.echo(
                f"  {change.dataset}: {shown(change.before)} -> {shown(change.after)}"
            )
    if report.others:
        click.echo(
            f'Not on the list, kept as "other" ({len(report.others)} names; add an '
            "owner or an alias to data_owners.yaml for those that should be):"
        )
        for name, datasets in sorted(report.others.items()):
            click.echo(f'  "{name}": {", ".join(datasets)}')
    click.echo(f"Already canonical: {report.unchanged} datasets.")
    if dry_run:
        click.echo("Dry run: nothing was written.")
    if report.failed:
        click.secho(f"Not changed ({len(report.failed)}):", fg="red")
        for name, problem in sorted(report.failed.items()):
            click.echo(f"  {name}: {problem}")
        raise click.exceptions.Exit(1)


@imnet.group()
def previews() -> None:
    """Previews of tables: xloader, which loads them into the DataStore."""


@previews.command("token")
def previews_token() -> None:
    """Print a new API token of the site user, for ``ckanext.xloader.api_token``.

    xloader fetches uploaded files and reports each load back with it.
    """
    context = {"ignore_auth": True}
    site_user = tk.get_action("get_site_user")(dict(context), {})
    token = tk.get_action("api_token_create")(
        {**context, "user": site_user["name"]},
        {"user": site_user["name"], "name": "xloader"},
    )
    click.echo(token["token"])


imnet.add_command(assessments)
