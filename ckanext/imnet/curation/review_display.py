"""Review and endorsement as pages show them (template helpers)."""

from __future__ import annotations

import logging
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.search.common import SearchError

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from . import endorsement, review

__all__ = ["imnet_review", "imnet_endorsement", "imnet_endorsed_baselines"]

log = logging.getLogger(__name__)
_BASELINES = 8


def _user() -> Any:
    user = tk.current_user
    if not user or user.is_anonymous:
        return None
    return imnet_model.user(user.id)


def imnet_review(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """A dataset's review for its page: for those who curate it (state,
    meaning, last comment and when; the review form for MIMU admins), else
    ``None``."""
    user = _user()
    if not policy.sees_review(user, pkg):
        return None
    row = imnet_model.review(str(pkg.get("id") or ""))
    state = row.state if row is not None else review.UNREVIEWED
    reviewer = imnet_model.user(row.reviewed_by) if row and row.reviewed_by else None
    return {
        "state": state,
        "label": review.state_label(state),
        "help": review.state_help(state),
        "comment": row.comment if row is not None else "",
        "reviewed_at": row.reviewed_at if row is not None else None,
        "reviewer": reviewer.display_name if reviewer is not None else "",
        "held": bool(row and row.held),
        "can_review": policy.may_review(user, pkg),
        "can_endorse": policy.may_endorse(user, pkg),
    }


def imnet_endorsement(pkg: dict[str, Any]) -> dict[str, Any] | None:
    """A dataset's endorsement badge (label, date, note), or ``None``."""
    return endorsement.badge(pkg)


def imnet_endorsed_baselines() -> list[dict[str, Any]]:
    """The endorsed baseline datasets the visitor may see, for the home page."""
    user = tk.current_user
    context = {"user": user.name if user and user.is_authenticated else ""}
    try:
        result = tk.get_action("package_search")(
            context,
            {
                "fq": f"{endorsement.INDEX_FIELD}:{endorsement.ENDORSED}",
                "rows": _BASELINES,
                "sort": "title_string asc",
            },
        )
    except (tk.ValidationError, SearchError):
        log.warning("Endorsed baselines unavailable", exc_info=True)
        return []
    return result["results"]
