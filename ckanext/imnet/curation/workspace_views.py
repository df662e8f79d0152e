"""Pages of the curation workspace: ``/ckan-admin/curation`` for MIMU admins,
``/organization/<name>/curation`` for an organisation's editors and admins;
each list's CSV export and the bulk actions on ticked datasets.

The pages parse the request, call the workspace's actions and render; the
actions and the access policy decide.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.pagination import Page
from flask import Blueprint, Response, stream_with_context

from ckanext.imnet.access import policy
from ckanext.imnet.assessments import status as assessment_status
from ckanext.imnet.assessments import workspace as registry
from ckanext.imnet.logic.action.audit import spreadsheet_safe

from . import completeness, freshness, link_checks, review, workspace
from .link_display import error_label

__all__ = ["imnet_curation_workspace"]

imnet_curation_workspace = Blueprint("imnet_curation_workspace", __name__)

_ = tk._
_PAGE_SIZE = 25
# The list opened when none is chosen.
_FIRST_LIST = "freshness:delinquent"


def _context() -> dict[str, Any]:
    return {"user": tk.current_user.name if tk.current_user else ""}


def _login_required(came_from: str | None = None) -> Any:
    if not tk.current_user or tk.current_user.is_anonymous:
        return tk.redirect_to(
            "user.login", came_from=came_from or tk.request.full_path.rstrip("?")
        )
    return None


def _scope(organization: str | None) -> dict[str, Any]:
    return {"organization": organization} if organization else {}


def _urls(organization: str | None) -> dict[str, str]:
    """The workspace's own addresses, for its links and forms."""
    if organization:
        return {
            "page": tk.h.url_for(
                "imnet_curation_workspace.organization", id=organization
            ),
            "export": tk.h.url_for(
                "imnet_curation_workspace.organization_export", id=organization
            ),
            "bulk": tk.h.url_for(
                "imnet_curation_workspace.organization_bulk", id=organization
            ),
        }
    return {
        "page": tk.h.url_for("imnet_curation_workspace.catalogue"),
        "export": tk.h.url_for("imnet_curation_workspace.catalogue_export"),
        "bulk": tk.h.url_for("imnet_curation_workspace.catalogue_bulk"),
    }


def search_url(organization: str | None, key: str) -> str:
    """The dataset search that shows a list (its facet filter), on the
    organisation's page or the catalogue's."""
    if key == workspace.LINKS:
        params = {"broken_links": "yes"}
    else:
        chosen = workspace.work_list(key)
        params = {chosen.field: chosen.value} if chosen else {}
    if organization:
        return tk.h.url_for("organization.read", id=organization, **params)
    return tk.h.url_for("dataset.search", **params)


def _org_dict(organization: str | None) -> dict[str, Any] | None:
    if not organization:
        return None
    return tk.get_action("organization_show")(
        _context(), {"id": organization, "include_datasets": False}
    )


def _render(
    organization: str | None,
    bulk: dict[str, Any] | None = None,
    status: int = 200,
) -> Any:
    """The workspace page: counts, the chosen list, the bulk action form
    (``bulk``: what was entered and what came of it)."""
    denied = _login_required()
    if denied is not None:
        return denied
    context = _context()
    counts, refused = _counts(organization)
    if refused is not None:
        return refused
    args = tk.request.args if bulk is None else tk.request.form
    key = _list_key(args.get("list"), counts)
    page_number = tk.h.get_page_number(args)
    offset = (page_number - 1) * _PAGE_SIZE
    if key == workspace.LINKS:
        listed = tk.get_action("imnet_link_report")(
            context, {**_scope(organization), "limit": _PAGE_SIZE, "offset": offset}
        )
    else:
        listed = tk.get_action("imnet_curation_list")(
            context,
            {
                **_scope(organization),
                "list": key,
                "limit": _PAGE_SIZE,
                "offset": offset,
            },
        )
    urls = _urls(organization)
    endpoint = (
        "imnet_curation_workspace.organization"
        if organization
        else "imnet_curation_workspace.catalogue"
    )
    page = Page(
        collection=listed["results"],
        page=page_number,
        url=lambda **kw: tk.h.url_for(
            endpoint,
            **({"id": organization} if organization else {}),
            **{"list": key, **kw},
        ),
        presliced_list=True,
        item_count=listed["count"],
        items_per_page=_PAGE_SIZE,
    )
    group_dict = _org_dict(organization)
    template = (
        "imnet/curation/organization.html"
        if organization
        else "imnet/curation/catalogue.html"
    )
    extra = {
        "counts": counts,
        "chosen": key,
        "chosen_list": workspace.work_list(key),
        "links_list": key == workspace.LINKS,
        "listed": listed,
        "page": page,
        "urls": urls,
        "search_url": search_url(organization, key),
        "organization": organization,
        "group_dict": group_dict,
        "group_type": "organization",
        "bulk": bulk or {},
        "page_number": page_number,
        "levels": [
            (level, tk.h.imnet_term_label("sensitivity", level))
            for level in policy.LEVELS
        ],
        "labels": {
            "freshness": freshness.state_label,
            "completeness": completeness.band_label,
            "review": review.state_label,
            "link": link_checks.status_label,
            "link_error": error_label,
            "assessment": assessment_status.kind_label,
        },
        # The registry search listing each kind of overdue status.
        "assessment_urls": {
            kind: registry.search_url(kind, group_dict["name"] if group_dict else None)
            for kind in assessment_status.KINDS
        },
        "operations": workspace.operations(tk.current_user),
    }
    return tk.render(template, extra_vars=extra), status


def _counts(organization: str | None) -> tuple[dict[str, Any], Any]:
    """The workspace's counts, or (for a stranger, an unknown organisation)
    the answer to give instead."""
    try:
        counts = tk.get_action("imnet_curation_summary")(
            _context(), _scope(organization)
        )
    except tk.ObjectNotFound:
        return {}, tk.abort(404, _("Organization not found"))
    except tk.NotAuthorized as error:
        return {}, tk.abort(403, str(error))
    return counts, None


def _list_key(given: Any, counts: dict[str, Any]) -> str:
    """The list asked for, if it is one of the workspace's; else the first."""
    return given if given in counts["lists"] else _FIRST_LIST


@imnet_curation_workspace.route("/ckan-admin/curation")
def catalogue() -> Any:
    """The whole catalogue's curation workspace (MIMU admins)."""
    return _render(None)


@imnet_curation_workspace.route("/organization/<id>/curation")
def organization(id: str) -> Any:
    """An organisation's curation workspace (its editors and admins)."""
    return _render(id)


def _bulk(organization: str | None) -> Any:
    """Run a bulk action on the ticked datasets; the page again with what
    was entered and what came of it, or back to the list when all went
    well."""
    urls = _urls(organization)
    denied = _login_required(urls["page"])
    if denied is not None:
        return denied
    form = tk.request.form
    data = {
        "ids": form.getlist("ids"),
        "operation": form.get("operation", ""),
        "note": form.get("note", ""),
        "comment": form.get("comment", ""),
        "sensitivity": form.get("sensitivity", ""),
        "sensitivity_rationale": form.get("sensitivity_rationale", ""),
        **_scope(organization),
    }
    entered = {**data, "ids": set(data["ids"])}
    try:
        # The workspace's own check first: a stranger learns nothing.
        counts = tk.get_action("imnet_curation_summary")(
            _context(), _scope(organization)
        )
        result = tk.get_action("imnet_curation_bulk")(_context(), data)
    except tk.ObjectNotFound:
        return tk.abort(404, _("Organization not found"))
    except tk.NotAuthorized as error:
        return tk.abort(403, str(error))
    except tk.ValidationError as error:
        return _render(organization, {**entered, "errors": error.error_dict}, 400)
    if result["failed"]:
        entered["ids"] = {row["id"] for row in result["failed"]}
        return _render(organization, {**entered, "result": result})
    done = len(result["done"])
    tk.h.flash_success(
        tk.ungettext(
            "Done for {count} dataset.", "Done for {count} datasets.", done
        ).format(count=done)
    )
    endpoint = (
        "imnet_curation_workspace.organization"
        if organization
        else "imnet_curation_workspace.catalogue"
    )
    return tk.redirect_to(
        tk.h.url_for(
            endpoint,
            **({"id": organization} if organization else {}),
            list=_list_key(form.get("list"), counts),
        )
    )


@imnet_curation_workspace.route("/ckan-admin/curation/bulk", methods=["POST"])
def catalogue_bulk() -> Any:
    """Bulk action from the whole catalogue's workspace."""
    return _bulk(None)


@imnet_curation_workspace.route("/organization/<id>/curation/bulk", methods=["POST"])
def organization_bulk(id: str) -> Any:
    """Bulk action from an organisation's workspace."""
    return _bulk(id)


def _dataset_csv_rows(organization: str | None, key: str) -> Iterator[list[str]]:
    chosen = workspace.work_list(key)
    assert chosen is not None
    org_id = _org_id(organization)
    reviewer = workspace.may_see_review(tk.current_user, org_id)
    header = [
        _("Name"),
        _("Title"),
        _("Title (Myanmar)"),
        _("Link"),
        _("Organization"),
        _("Sensitivity"),
        _("Freshness"),
        _("Metadata completeness"),
        *([_("Review")] if reviewer else []),
        _("Last modified"),
    ]
    yield header
    for row in workspace.list_rows(_context(), org_id, chosen, reviewer):
        yield [
            row["name"],
            row["title"],
            row["title_my"],
            tk.h.url_for("dataset.read", id=row["name"], _external=True),
            row["organization_title"],
            tk.h.imnet_term_label("sensitivity", row.get("sensitivity") or ""),
            freshness.state_label(row.get("freshness") or ""),
            "" if row["completeness"] is None else str(row["completeness"]),
            *([review.state_label(row.get("review_state") or "")] if reviewer else []),
            row.get("metadata_modified") or "",
        ]


def _link_csv_rows(organization: str | None) -> Iterator[list[str]]:
    yield [
        _("Dataset"),
        _("Resource"),
        _("URL"),
        _("Status"),
        _("HTTP status"),
        _("Error"),
        _("Failing since"),
        _("Last checked"),
    ]
    context = _context()

    def report(offset: int) -> dict[str, Any]:
        return tk.get_action("imnet_link_report")(
            context, {**_scope(organization), "limit": 1000, "offset": offset}
        )

    for row in workspace.link_rows(report):
        yield [
            row["dataset"]["name"] or "",
            row["resource"]["name"] or row["resource"]["id"],
            row["resource"]["url"],
            link_checks.status_label(row["status"]),
            "" if row["http_status"] is None else str(row["http_status"]),
            error_label(row["error"] or ""),
            row["first_failure"] or "",
            row["last_checked"] or "",
        ]


def _org_id(organization: str | None) -> str | None:
    group = _org_dict(organization)
    return group["id"] if group else None


def _export(organization: str | None) -> Any:
    """A list of the workspace as CSV, every row (streamed)."""
    denied = _login_required()
    if denied is not None:
        return denied
    counts, refused = _counts(organization)
    if refused is not None:
        return refused
    key = tk.request.args.get("list") or ""
    if key not in counts["lists"]:
        return tk.abort(404, _("There is no such list"))
    rows = (
        _link_csv_rows(organization)
        if key == workspace.LINKS
        else _dataset_csv_rows(organization, key)
    )

    def lines() -> Iterator[str]:
        # A byte order mark: spreadsheets then read the Myanmar text as UTF-8.
        yield "\ufeff"
        out = io.StringIO()
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([spreadsheet_safe(cell) for cell in row])
            yield out.getvalue()
            out.seek(0)
            out.truncate()

    name = (organization or "catalogue") + "-" + key.replace(":", "-")
    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=curation-{name}.csv"},
    )


@imnet_curation_workspace.route("/ckan-admin/curation/export.csv")
def catalogue_export() -> Any:
    """A list of the whole catalogue's workspace as CSV."""
    return _export(None)


@imnet_curation_workspace.route("/organization/<id>/curation/export.csv")
def organization_export(id: str) -> Any:
    """A list of an organisation's workspace as CSV."""
    return _export(id)
