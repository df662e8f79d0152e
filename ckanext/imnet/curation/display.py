"""A dataset's freshness as its page and the search results show it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet import vocab
from ckanext.imnet.access import policy

from . import freshness

__all__ = ["panel", "badge"]


def _since_sentence(basis: str, date: str) -> str:
    """When and how the dataset last showed it is current, as a sentence."""
    _ = tk._
    if basis == "data":
        return _("Data last updated on {date}.").format(date=date)
    if basis == "confirmed":
        return _("Last confirmed as current on {date}.").format(date=date)
    return _("Description last updated on {date}.").format(date=date)


def _frequency_label(frequency: str, lang: str) -> str:
    term = vocab.term("update_frequency", frequency)
    return term.label(lang) if term else frequency


def panel(pkg: Mapping[str, Any], user: Any, lang: str) -> dict[str, Any]:
    """What the visitor is shown of a dataset's freshness.

    Everyone: the state, its meaning, the update frequency, the last sign of
    being current and what it was, the next boundary. The data owners and
    MIMU admins (``policy.may_curate``) also get the confirmation's note and
    the confirm button.
    """
    found = freshness.of_dataset(pkg)
    curator = policy.may_curate(user, pkg)
    confirmation = imnet_model.confirmation(str(pkg.get("id") or ""))
    next_boundary = {
        freshness.FRESH: found.due,
        freshness.DUE: found.overdue,
        freshness.OVERDUE: found.delinquent,
    }.get(found.state)
    return {
        "state": found.state,
        "label": freshness.state_label(found.state),
        "help": freshness.state_help(found.state),
        "frequency": _frequency_label(found.frequency, lang),
        "scheduled": found.due is not None,
        "since": found.since,
        "basis": found.basis,
        "since_sentence": _since_sentence(
            found.basis, tk.h.render_datetime(found.since)
        ),
        "due": found.due,
        "next": next_boundary,
        "can_confirm": curator,
        "confirmed_at": confirmation.confirmed_at if confirmation else None,
        "note": confirmation.note if confirmation and curator else "",
    }


def badge(pkg: Mapping[str, Any]) -> dict[str, str]:
    """A dataset's freshness state for a search result: state, label, meaning
    (no curator check: one query per result)."""
    state = freshness.of_dataset(pkg).state
    return {
        "state": state,
        "label": freshness.state_label(state),
        "help": freshness.state_help(state),
    }


def imnet_search_sorting() -> list[tuple[str, str]]:
    """The orders of dataset searches (the search page, an organisation's
    page): core's, then the most out of date first (worst freshness state,
    then the longest since its last sign of being current) and by metadata
    completeness."""
    _ = tk._
    return [
        (_("Relevance"), "score desc, metadata_modified desc"),
        (_("Name Ascending"), "title_string asc"),
        (_("Name Descending"), "title_string desc"),
        (_("Last Modified"), "metadata_modified desc"),
        (_("Most out of date first"), "freshness_rank desc, freshness_since asc"),
        (_("Least complete metadata"), "completeness asc, metadata_modified desc"),
        (_("Most complete metadata"), "completeness desc, metadata_modified desc"),
    ]


def imnet_curation_entered(form: str, field: str) -> str:
    """What the visitor typed in a dataset page's curation ``form`` that was
    refused (shown again), or nothing."""
    again = getattr(tk.g, "imnet_curation_form", None)
    if not again or again.get("form") != form:
        return ""
    return str(again["values"].get(field) or "")
