"""Words and symbols of the gap matrix in the reader's language.

Each state has a symbol and a pattern as well as a colour (``imnet-gaps.css``)
so that the matrix reads in black and white and for colour-blind readers.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from . import recipe

__all__ = ["SYMBOLS", "state_label", "state_help", "reason_label", "legend"]

# One symbol per state, printed in every cell beside its number.
SYMBOLS = {
    recipe.COMPLETE: "●",
    recipe.PARTIAL: "◐",
    recipe.EMPTY: "○",
    recipe.NOT_APPLICABLE: "—",
}


def state_label(state: str) -> str:
    """The name of a cell state."""
    _ = tk._
    return {
        recipe.COMPLETE: _("Complete"),
        recipe.PARTIAL: _("Partial"),
        recipe.EMPTY: _("Empty"),
        recipe.NOT_APPLICABLE: _("Not applicable"),
    }.get(state, state)


def state_help(state: str) -> str:
    """What a cell state means, as the legend says it."""
    _ = tk._
    return {
        recipe.COMPLETE: _(
            "At least one open, current dataset at the expected level of detail,"
            " with SADD where the category calls for it"
        ),
        recipe.PARTIAL: _(
            "Datasets exist, but only coarser, out of date, without SADD or with"
            " data on request only"
        ),
        recipe.EMPTY: _("No dataset you can see"),
        recipe.NOT_APPLICABLE: _("Marked not applicable by MIMU"),
    }.get(state, "")


def reason_label(reason: str) -> str:
    """Why a partial cell is not complete."""
    _ = tk._
    return {
        "coarser": _("coarser than the expected level"),
        "stale": _("overdue for an update"),
        "no_sadd": _("no sex and age disaggregation"),
        "on_request_only": _("data on request only"),
        "under_way": _("only assessments under way (planned or ongoing)"),
        "no_results": _("no report or data available yet"),
        "not_together": _("no single dataset meets every condition"),
    }.get(reason, reason)


def legend() -> list[dict[str, str]]:
    """The legend: every state with its symbol, name and meaning."""
    return [
        {
            "state": state,
            "symbol": SYMBOLS[state],
            "label": state_label(state),
            "help": state_help(state),
        }
        for state in recipe.STATES
    ]
