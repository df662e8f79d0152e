"""The registry spreadsheet's template: what to fill in, and how.

Three sheets: "Assessments" (the header row of every column the import reads,
with drop-down lists on the coded columns), "Lists" (the allowed values of
every coded column: value, English and Myanmar label; the organisations of
the catalogue for the lead agency) and "Read me" (how to fill it in, and each
column's meaning). Headers are English whatever the reader's language: the
import reads them back.
"""

from __future__ import annotations

import io
from typing import Any

import ckan.plugins.toolkit as tk
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ckanext.imnet import model as imnet_model

from .columns import COLUMNS, LIST_SEPARATOR, Column
from .reading import MAX_ROWS

__all__ = ["SHEET", "LISTS", "README", "workbook", "MEDIA_TYPE", "FILENAME"]

_ = tk._

SHEET, LISTS, README = "Assessments", "Lists", "Read me"
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILENAME = "imnet-assessment-registry-template.xlsx"
_BOLD = Font(bold=True)
_REQUIRED = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _organisations() -> list[tuple[str, str, str]]:
    return [
        (o.name, o.title or o.name, "") for o in imnet_model.organisations() if o.active
    ]


def _lists(book: Workbook) -> dict[str, str]:
    """The "Lists" sheet: one block of rows per coded column; the range of
    each block's English labels, by field, for the drop-downs."""
    sheet = book.create_sheet(LISTS)
    sheet.append([_("Column"), _("Value"), _("English"), _("Myanmar")])
    for cell in sheet[1]:
        cell.font = _BOLD
    ranges: dict[str, str] = {}
    for column in COLUMNS:
        terms = _organisations() if column.kind == "organisation" else column.terms()
        if not terms:
            continue
        first = sheet.max_row + 1
        for value, en, my in terms:
            sheet.append([column.title, value, en, my])
        ranges[column.field] = f"{quote_sheetname(LISTS)}!$C${first}:$C${sheet.max_row}"
    for letter, width in zip("ABCD", (40, 30, 45, 45), strict=True):
        sheet.column_dimensions[letter].width = width
    return ranges


def _drop_down(column: Column, cells: str) -> DataValidation:
    if column.multiple:
        # A cell may hold several values: the list helps, it does not refuse.
        return DataValidation(
            type="list",
            formula1=cells,
            showErrorMessage=False,
            promptTitle=column.label[:32],
            prompt=_('Pick one, or type several separated by "{sep}"').format(
                sep=LIST_SEPARATOR
            )[:255],
            showInputMessage=True,
        )
    return DataValidation(
        type="list",
        formula1=cells,
        showErrorMessage=True,
        errorTitle=column.label[:32],
        error=_("Choose a value of the list (see the Lists sheet)")[:255],
    )


def _readme(book: Workbook) -> None:
    sheet = book.create_sheet(README)
    lines = [
        _("Assessment registry: import template"),
        "",
        _(
            "One row per assessment on the first sheet, under its header row. "
            "Keep the column titles: the import finds a column by its title or "
            "by the field name in brackets. Columns may be left out or moved, "
            "except the required ones (shaded)."
        ),
        _(
            "The registry ID is your registry's own stable ID of the "
            "assessment. Importing a row again updates the assessment with "
            "that ID instead of creating another; an empty cell empties the "
            "field, a column left out keeps what is stored."
        ),
        _(
            "Coded columns take the value, its English or its Myanmar label "
            "(see the Lists sheet). Several values in one cell are separated "
            'by "{sep}".'
        ).format(sep=LIST_SEPARATOR),
        _(
            "States/Regions and townships: a MIMU Pcode (eg. MMR013001) or the "
            "name, in English or Myanmar. The lead agency: an organisation's "
            "name or title in this catalogue."
        ),
        _("Dates: date cells, or text as YYYY-MM-DD."),
        _(
            "Every row is checked before anything is imported; a file with an "
            "error imports nothing unless you import the valid rows only. At "
            "most {count} rows."
        ).format(count=f"{MAX_ROWS:,}"),
        "",
    ]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Column"), _("Required"), _("Description"), _("Allowed values")])
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD
    for column in COLUMNS:
        coded = column.kind in ("choice", "choices", "states", "townships")
        allowed = _('See "{column}" on the Lists sheet').format(column=column.title)
        sheet.append(
            [
                column.title,
                _("yes") if column.required else "",
                column.help,
                allowed if coded or column.kind == "organisation" else _kind(column),
            ]
        )
    for letter, width in zip("ABCD", (45, 10, 70, 45), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAP


def _kind(column: Column) -> str:
    if column.kind == "date":
        return _("A date")
    if column.kind == "number":
        return _("A whole number")
    if column.kind == "list":
        return _('Names separated by "{sep}"').format(sep=LIST_SEPARATOR)
    return _("Text")


def workbook() -> bytes:
    """The template as the bytes of an XLSX workbook."""
    book = Workbook()
    sheet: Any = book.active
    sheet.title = SHEET
    sheet.append([c.title for c in COLUMNS])
    sheet.freeze_panes = "B2"
    ranges = _lists(book)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font = _BOLD
        header.alignment = _WRAP
        if column.required:
            header.fill = _REQUIRED
        sheet.column_dimensions[letter].width = 24
        if column.field in ranges:
            check = _drop_down(column, ranges[column.field])
            check.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(check)
    _readme(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
