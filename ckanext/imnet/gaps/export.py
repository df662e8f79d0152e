"""The gap matrix as a spreadsheet: CSV (one row per cell) and XLSX (the
matrix as shown, the cells one per row, the legend and the recipe).

Headers and labels are in the reader's language; MIMU admins' overrides are
exported with their comment; a cell a spreadsheet would run as a formula is
neutralised (an admin's comment is free text).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.plugins.toolkit as tk
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ckanext.imnet import config, vocab
from ckanext.imnet import model as imnet_model
from ckanext.imnet.logic.action.audit import spreadsheet_safe

from . import labels, recipe

__all__ = ["headers", "cell_rows", "as_csv", "as_xlsx"]

# Fills of the XLSX matrix: colour and pattern, as on the page.
_FILLS = {
    recipe.COMPLETE: PatternFill("solid", fgColor="CFE8F7"),
    recipe.PARTIAL: PatternFill("lightUp", fgColor="E69F00", bgColor="FFF3DC"),
    recipe.EMPTY: PatternFill(fill_type=None),
    recipe.NOT_APPLICABLE: PatternFill("gray125", fgColor="8C8C8C"),
}


def headers() -> list[str]:
    """The columns of the one-row-per-cell table."""
    _ = tk._
    return [
        _("Data category"),
        _("Data category (code)"),
        _("Place"),
        _("Pcode"),
        _("Datasets"),
        _("Data on request"),
        _("State"),
        _("State by the recipe"),
        _("Why partial"),
        _("MIMU judgement"),
        _("Comment"),
        _("Judged by"),
        _("Judged on"),
        _("Of them: registry assessments"),
    ]


def _user_name(user_id: str | None) -> str:
    # The admin's name only for those who see it (``matrix``); else MIMU's.
    user = imnet_model.user(user_id)
    return (user.fullname or user.name) if user is not None else "MIMU"


def cell_rows(matrix: dict[str, Any]) -> list[list[Any]]:
    """One row per cell of the matrix, in the reader's language."""
    places = {column["place"]: column["label"] for column in matrix["columns"]}
    rows = []
    for row in matrix["rows"]:
        for cell in row["cells"]:
            override = cell["override"] or {}
            rows.append(
                [
                    row["label"],
                    row["category"],
                    places[cell["place"]],
                    cell["place"],
                    cell["count"],
                    cell["on_request"],
                    labels.state_label(cell["state"]),
                    labels.state_label(cell["computed"]),
                    "; ".join(labels.reason_label(r) for r in cell["reasons"]),
                    labels.state_label(override["state"]) if override else "",
                    override.get("comment", ""),
                    _user_name(override.get("set_by")) if override else "",
                    (override.get("set_at") or "")[:10],
                    cell["assessments"],
                ]
            )
    return rows


def _safe(value: Any) -> Any:
    return value if isinstance(value, int) else spreadsheet_safe(value)


def as_csv(matrix: dict[str, Any]) -> bytes:
    """The cells as CSV (UTF-8 with a byte-order mark, which Excel reads)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for row in cell_rows(matrix):
        writer.writerow([_safe(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(matrix: dict[str, Any]) -> bytes:
    """The workbook: Matrix, Cells, Legend (with the recipe)."""
    _ = tk._
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = _("Matrix")[:31]
    sheet.append(
        [_("Data category")]
        + [f"{c['label']} ({c['place']})" for c in matrix["columns"]]
    )
    for row in matrix["rows"]:
        sheet.append(
            [row["label"]]
            + [
                f"{c['count']} {labels.SYMBOLS[c['state']]} "
                f"{labels.state_label(c['state'])}" + (" *" if c["override"] else "")
                for c in row["cells"]
            ]
        )
        for position, cell in enumerate(row["cells"], start=2):
            sheet.cell(sheet.max_row, position).fill = _FILLS[cell["state"]]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 28
    sheet.append([])
    sheet.append([_("* judged by MIMU: see the comment in the Cells sheet")])

    cells = book.create_sheet(_("Cells")[:31])
    cells.append(headers())
    for values in cell_rows(matrix):
        cells.append([_safe(value) for value in values])
    for cell in cells[1]:
        cell.font = Font(bold=True)
    cells.freeze_panes = "A2"

    legend = book.create_sheet(_("Legend")[:31])
    legend.append([_("Symbol"), _("State"), _("Meaning")])
    for item in labels.legend():
        legend.append([item["symbol"], item["label"], item["help"]])
        legend.cell(legend.max_row, 1).fill = _FILLS[item["state"]]
    legend.append([])
    legend.append([_("Data category"), _("Expected admin level"), _("SADD needed")])
    for row in matrix["rows"]:
        level = vocab.term("admin_level", row["admin_level"] or "")
        legend.append(
            [
                row["label"],
                level.label(config.request_locale()) if level else "",
                _("Yes") if row["sadd"] else _("No"),
            ]
        )
    for number in (1, len(recipe.STATES) + 3):
        for cell in legend[number]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
