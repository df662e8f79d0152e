"""Broken links: resources' links checked by background jobs, and the results.

Checks run in CKAN background jobs (RQ on Redis, the default queue that
``ckan jobs worker`` serves), never in a web request:

* **on change**: a resource created, or updated with another URL (by
  ``resource_create``/``_update``/``_patch`` or a dataset write that carries
  it), is checked by a job enqueued once the write has succeeded;
* **on a schedule**: ``ckan imnet curation check-links`` (cron) enqueues the
  links never checked, changed since, or last checked more than
  ``ckanext.imnet.links.recheck_days`` ago.

A run puts the links of one host into one job, which checks them one after
another with ``ckanext.imnet.links.host_delay`` seconds between two requests:
one host is never hammered. An upload to this site's own storage is not
fetched over HTTP: its file is looked for instead (storage this package
cannot look into is skipped).

Each check is recorded (``imnet_link_check``) with its status, HTTP status,
error, content type, when it was last checked, last found working and first
found failing. The results belong to the data: the access policy's
``can_get_data`` says who may read them (``visible_checks``).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.model import read_ahead
from ckanext.imnet.search import reindex

from . import links

__all__ = [
    "BROKEN_FIELD",
    "BROKEN_VALUE",
    "UPLOAD_MISSING",
    "check_resource",
    "record",
    "run_checks",
    "enqueue",
    "enqueue_changed",
    "WRITES",
    "on_write",
    "resource_write",
    "schedule",
    "has_failing_links",
    "index_fields",
    "visible_checks",
    "status_label",
]

# The search index field (and facet) of datasets with a failing link, and its
# one value.
BROKEN_FIELD = "broken_links"
BROKEN_VALUE = "yes"
log = logging.getLogger(__name__)

# Actions after which a dataset's new or changed links are checked.
WRITES = ("resource_create", "resource_update", "package_create", "package_update")
# The error of an upload whose file is not in this site's storage.
UPLOAD_MISSING = "The uploaded file is missing"
# Set in an action's context while a resource action writes its dataset.
_IN_RESOURCE_WRITE = "imnet_resource_write"
# Host name under which uploads to this site's storage are grouped.
_LOCAL = ""


def check_resource(resource: Mapping[str, Any]) -> links.Outcome | None:
    """Check one resource (``id``, ``url``, ``url_type``); ``None``: not
    checkable (an upload to storage this package cannot look into)."""
    if resource.get("url_type") == "upload":
        exists = imnet_model.uploaded_file_exists(resource)
        if exists is None:
            return None
        if exists:
            return links.Outcome(links.OK)
        return links.Outcome(links.BROKEN, error=UPLOAD_MISSING)
    return links.check_url(str(resource.get("url") or ""))


def record(
    resource: Mapping[str, Any], outcome: links.Outcome, at: datetime.datetime
) -> imnet_model.LinkCheck:
    """Store a check's outcome (in the caller's transaction)."""
    row = imnet_model.link_check(resource["id"])
    was_failing = row is not None and row.status in links.FAILING
    if row is None:
        row = imnet_model.LinkCheck(resource_id=resource["id"])
        imnet_model.session().add(row)
    row.package_id = resource["package_id"]
    row.url = resource["url"]
    row.status = outcome.status
    row.http_status = outcome.http_status
    row.error = outcome.error[:500]
    row.content_type = outcome.content_type[:200]
    row.last_checked = at
    if outcome.status == links.OK:
        row.last_success = at
        row.first_failure = None
    elif outcome.status in links.FAILING:
        if not was_failing or row.first_failure is None:
            row.first_failure = at
    else:
        # Not requested: nothing is known of the link itself.
        row.first_failure = None
    return row


def _with_failing_links(package_ids: list[str]) -> dict[str, bool]:
    checks = imnet_model.link_checks(package_ids, links.FAILING)
    return {check.package_id: True for check in checks}


@read_ahead.reads_ahead(_with_failing_links, absent=False)
def has_failing_links(package_id: str) -> bool:
    """True if one of the dataset's active resources failed its last check."""
    return bool(imnet_model.link_checks([package_id], links.FAILING))


def run_checks(resource_ids: list[str]) -> int:
    """The job: check these resources in turn (one host's), each result
    committed; datasets whose broken-link state changed are reindexed."""
    resources = imnet_model.resource_links(resource_ids)
    packages = {r["package_id"] for r in resources}
    before = {p: has_failing_links(p) for p in packages}
    delay = config.links_host_delay()
    checked = 0
    for resource in resources:
        if checked and delay > 0:
            time.sleep(delay)
        outcome = check_resource(resource)
        if outcome is None:
            continue
        record(resource, outcome, imnet_model.now())
        imnet_model.session().commit()
        checked += 1
    changed = [p for p in packages if has_failing_links(p) != before[p]]
    reindex.reindex(changed)
    return checked


def _job_timeout(count: int) -> int:
    connect, read = config.links_timeouts()
    per_link = config.links_host_delay() + 2 * (connect + read)
    return int(count * per_link * (config.links_max_redirects() + 1)) + 60


def enqueue(resource_ids: Iterable[str]) -> int:
    """Enqueue checks of these resources: one job per host; returns how many
    resources were enqueued."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for resource in imnet_model.resource_links(resource_ids):
        local = resource.get("url_type") == "upload"
        host = _LOCAL if local else links.host_of(resource["url"])
        by_host[host].append(resource["id"])
    for host, ids in sorted(by_host.items()):
        tk.enqueue_job(
            run_checks,
            [ids],
            title=f"imnet: check {len(ids)} links at {host or 'this site'}",
            rq_kwargs={"timeout": _job_timeout(len(ids))},
        )
    return sum(len(ids) for ids in by_host.values())


@contextlib.contextmanager
def resource_write(context: Any) -> Iterator[None]:
    """Around ``resource_create``/``_update``: the ``package_update`` they
    call enqueues nothing, the resource action does once it has stored its
    upload (which it does after that ``package_update``)."""
    outer = context.get(_IN_RESOURCE_WRITE)
    context[_IN_RESOURCE_WRITE] = True
    try:
        yield
    finally:
        if outer is None:
            context.pop(_IN_RESOURCE_WRITE, None)


def on_write(sender: str, **kwargs: Any) -> None:
    """``action_succeeded`` of ``WRITES``: check the dataset's new or changed
    links. A write inside another's transaction (``defer_commit``) or inside a
    resource action (``resource_write``) waits for the outer one."""
    context = kwargs.get("context") or {}
    if context.get("defer_commit"):
        return
    if sender.startswith("package_") and context.get(_IN_RESOURCE_WRITE):
        return
    result = kwargs.get("result")
    if isinstance(result, dict):
        package_id = result.get("package_id") if "package_id" in result else None
        package_id = package_id or result.get("id")
    else:  # ``return_id_only``
        package_id = result
    if not package_id:
        return
    try:
        enqueue_changed(str(package_id))
    except Exception as error:  # Redis down: the scheduled run checks it later
        log.warning("Could not enqueue link checks: %s", error)


def enqueue_changed(package_id: str) -> int:
    """Enqueue checks of a dataset's resources whose URL is new or changed."""
    checked = {
        row.resource_id: row.url for row in imnet_model.link_checks([package_id])
    }
    resources = imnet_model.resource_links(imnet_model.resource_ids_of(package_id))
    due = [r["id"] for r in resources if r["url"] and checked.get(r["id"]) != r["url"]]
    return enqueue(due) if due else 0


def schedule(at: datetime.datetime | None = None) -> int:
    """The scheduled run: enqueue the links due for a check (see the module)."""
    at = at or imnet_model.now()
    since = at - datetime.timedelta(days=config.links_recheck_days())
    return enqueue(imnet_model.resources_to_check(since))


def index_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_index``: ``broken_links: yes`` for an open dataset
    with a failing link. Only open data's: anyone who finds the dataset may
    get its links, so the facet and filter tell nobody what they may not see
    (the owners of other datasets read ``imnet_link_report``)."""
    pkg_dict.pop(BROKEN_FIELD, None)
    if policy.is_open_data(pkg_dict) and has_failing_links(str(pkg_dict.get("id"))):
        pkg_dict[BROKEN_FIELD] = BROKEN_VALUE
    return pkg_dict


def visible_checks(
    user: Any, dataset: Mapping[str, Any]
) -> dict[str, imnet_model.LinkCheck]:
    """The link checks of a dataset's resources, by resource id, for a user who
    may get its data (the policy's ``can_get_data``); nothing for others."""
    if not policy.can_get_data(user, dataset):
        return {}
    return {row.resource_id: row for row in imnet_model.link_checks([dataset["id"]])}


def status_label(status: str) -> str:
    """A link status in the current language."""
    _ = tk._
    return {
        links.OK: _("Link works"),
        links.BROKEN: _("Broken link"),
        links.UNREACHABLE: _("Link unreachable"),
        links.REFUSED: _("Link not checked"),
    }.get(status, status)
