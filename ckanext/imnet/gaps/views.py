"""Pages of the gap matrix: the matrix, one category by township, the
exports, and MIMU admins' form to judge a cell.

Views parse, call ``imnet_gap_matrix`` or ``imnet_gap_override`` as the
visitor, and render; the actions and the access policy decide.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from ckanext.imnet import vocab

from . import export, labels, matrix, recipe

__all__ = ["imnet_gaps"]

imnet_gaps = Blueprint("imnet_gaps", __name__)

_ = tk._


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _may_override() -> bool:
    try:
        tk.check_access("imnet_gap_override", _context(), {})
    except tk.NotAuthorized:
        return False
    return True


def _page_vars(result: dict[str, Any], township: bool = False) -> dict[str, Any]:
    return {
        "matrix": result,
        "legend": labels.legend(),
        "symbols": labels.SYMBOLS,
        "state_label": labels.state_label,
        "reason_label": labels.reason_label,
        "why": lambda cell: "; ".join(labels.reason_label(r) for r in cell["reasons"]),
        "search_params": matrix.search_params,
        "registry_search_params": matrix.registry_search_params,
        "township": township,
        "states": [c for c in result["columns"] if c["place"] != matrix.UNION]
        if not township
        else [],
        "may_override": _may_override(),
        "admin_level_label": lambda value: (
            term.label(tk.h.lang())
            if (term := vocab.term("admin_level", value or ""))
            else ""
        ),
    }


@imnet_gaps.route("/gaps")
def index() -> str:
    """The gap matrix: priority data categories by State/Region."""
    result = tk.get_action("imnet_gap_matrix")(_context(), {})
    judged = [
        (row, cell)
        for row in result["rows"]
        for cell in row["cells"]
        if cell["override"]
    ]
    return tk.render("imnet/gaps.html", {**_page_vars(result), "judged": judged})


@imnet_gaps.route("/gaps/townships")
def townships() -> Any:
    """One category by township for one State/Region."""
    category = tk.request.args.get("category", "")
    state = tk.request.args.get("state", "")
    place = vocab.state(state) if state else None
    if not category or place is None or place.level != "state_region":
        # Townships are opened within one State/Region, never the Union.
        return tk.abort(404, _("No such data category or State/Region"))
    try:
        result = tk.get_action("imnet_gap_matrix")(
            _context(), {"category": category, "state": state}
        )
    except tk.ValidationError:
        return tk.abort(404, _("No such data category or State/Region"))
    extra = {
        "place_label": place.label(tk.h.lang()),
        "state_pcode": state,
    }
    return tk.render("imnet/gaps_townships.html", {**_page_vars(result, True), **extra})


@imnet_gaps.route("/gaps.<any(csv, xlsx):fmt>")
def download(fmt: str) -> Response:
    """The matrix as CSV (one row per cell) or XLSX."""
    result = tk.get_action("imnet_gap_matrix")(_context(), {})
    name = f"imnet-gap-matrix-{tk.h.lang()}.{fmt}"
    if fmt == "csv":
        body, mimetype = export.as_csv(result), "text/csv"
    else:
        body = export.as_xlsx(result)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@imnet_gaps.route("/gaps/judge", methods=["GET", "POST"])
def judge() -> Any:
    """MIMU admins: give a cell a state with a comment, or clear it."""
    if not _may_override():
        if not tk.current_user or tk.current_user.is_anonymous:
            return tk.redirect_to(
                "user.login", came_from=tk.request.full_path.rstrip("?")
            )
        return tk.abort(403, _("Only MIMU administrators override the gap matrix"))
    source = tk.request.form if tk.request.method == "POST" else tk.request.args
    category = source.get("category", "")
    place = source.get("place", "")
    errors: dict[str, Any] = {}
    if tk.request.method == "POST":
        data = {
            "category": category,
            "place": place,
            "state": "" if "clear" in source else source.get("state", ""),
            "comment": source.get("comment", ""),
        }
        try:
            tk.get_action("imnet_gap_override")(_context(), data)
        except tk.ValidationError as error:
            errors = error.error_dict
        else:
            tk.h.flash_success(_("The cell's judgement is saved."))
            return tk.redirect_to("imnet_gaps.index", _anchor=f"{category}-{place}")
    result = tk.get_action("imnet_gap_matrix")(_context(), {})
    found = [
        (row, cell)
        for row in result["rows"]
        for cell in row["cells"]
        if row["category"] == category and cell["place"] == place
    ]
    if not found:
        return tk.abort(404, _("No such cell of the gap matrix"))
    row, cell = found[0]
    place_label = next(c["label"] for c in result["columns"] if c["place"] == place)
    return tk.render(
        "imnet/gaps_judge.html",
        {
            **_page_vars(result),
            "row": row,
            "cell": cell,
            "place_label": place_label,
            "errors": errors,
            "form": source,
            "choices": [(s, labels.state_label(s)) for s in recipe.STATES],
        },
    )
