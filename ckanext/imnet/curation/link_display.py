"""A resource's last link check as its pages show it: to those who may get
the data only (the policy's ``can_get_data``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from . import link_checks, links

__all__ = ["imnet_link_status"]

# Per request: the checks a visitor may see, by dataset id.
_CACHE = "_imnet_link_checks"


def _current_user() -> Any:
    from ckanext.imnet import model as imnet_model

    user = tk.current_user
    if not user or user.is_anonymous:
        return None
    return imnet_model.user(user.id)


def _visible(pkg: Mapping[str, Any]) -> dict[str, Any]:
    try:
        cache = tk.g.setdefault(_CACHE, {})
    except (RuntimeError, AttributeError):  # outside a request
        cache = {}
    key = str(pkg.get("id") or "")
    if key not in cache:
        cache[key] = link_checks.visible_checks(_current_user(), pkg)
    return cache[key]


def error_label(error: str) -> str:
    """The checker's own errors in the current language; a server's reason
    phrase ("Not Found") as it gave it."""
    _ = tk._
    labels = {
        links.TOO_MANY_REDIRECTS: _("Too many redirects"),
        links.NOT_HTTP: _("Only http and https links are checked"),
        links.INSIDE_NETWORK: _("Address inside the network not checked"),
        links.NOT_A_URL: _("Not a valid URL"),
        links.HOST_NOT_FOUND: _("Host not found"),
        links.TIMED_OUT: _("Timed out"),
        links.TLS_ERROR: _("TLS error"),
        links.NO_CONNECTION: _("Could not connect"),
        link_checks.UPLOAD_MISSING: _("The uploaded file is missing"),
    }
    # The address a refusal names is for the report, not the page.
    return labels.get(error.split(":")[0], error)


def imnet_link_status(
    pkg: Mapping[str, Any], res: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The last check of a resource's link for its pages (``status``,
    ``label``, ``failing``, ``http_status``, ``error``, ``content_type``,
    ``last_checked``, ``last_success``, ``first_failure``), or ``None``: never
    checked, or the visitor may not get the dataset's data."""
    if not pkg.get("id") or not res.get("id"):
        return None
    row = _visible(pkg).get(str(res["id"]))
    if row is None:
        return None
    return {
        **row.as_dict(),
        "label": link_checks.status_label(row.status),
        "error": error_label(row.error),
        "failing": row.status in links.FAILING,
        "last_checked": row.last_checked,
        "last_success": row.last_success,
        "first_failure": row.first_failure,
    }
