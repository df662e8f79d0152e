"""The inventory as CSV or XLSX, written as a stream of bytes.

CSV is produced row by row (UTF-8 with a byte-order mark, so that spreadsheet
programs read Myanmar script). XLSX is an openpyxl *write-only* workbook,
which keeps rows in temporary files rather than in memory: a sheet of
datasets, a sheet of their resources and a sheet describing the columns;
the finished file is then read out in chunks. Every text cell a spreadsheet
would run as a formula starts with a quote (``spreadsheet_safe``, as in the
audit log's export).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ckanext.imnet.logic.action.audit import spreadsheet_safe

from . import columns
from .columns import Column, Labels

__all__ = ["FORMATS", "Layout", "DATASETS", "csv_chunks", "xlsx_chunks"]

_ = tk._

# format -> media type
FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Layout:
    """What a file holds: the columns of its rows, the name of their sheet,
    and whether a sheet of their resources follows (XLSX)."""

    columns: tuple[Column, ...]
    sheet: Callable[[], str]
    resources: bool


# The catalogue's inventory: datasets, then their resources.
DATASETS = Layout(columns.DATASET_COLUMNS, lambda: _("Datasets"), True)


def _cell(value: Any) -> Any:
    """A cell's value: numbers as numbers, text neutralised."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return spreadsheet_safe(value)
    return value


def _xlsx_cell(value: Any) -> Any:
    """A cell's value in a workbook, which cannot hold control characters
    (openpyxl refuses them): those are left out -- before neutralising, so
    that none can hide a formula."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return _cell(value)


def _headers(of: Iterable[Column]) -> list[str]:
    return [spreadsheet_safe(column.header()) for column in of]


def _row(layout: Layout, labels: Labels, dataset: Any) -> list[Any]:
    return [column.value(labels, dataset) for column in layout.columns]


def csv_chunks(
    labels: Labels,
    pages: Iterable[list[dict[str, Any]]],
    layout: Layout = DATASETS,
) -> Iterator[bytes]:
    """The rows' sheet as CSV, one chunk per page of datasets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(_headers(layout.columns))
    for page in pages:
        labels.load(page)
        for dataset in page:
            writer.writerow([_cell(v) for v in _row(layout, labels, dataset)])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest.encode("utf-8")


def _describe(book: Workbook, sheets: list[tuple[str, tuple[Column, ...]]]) -> None:
    sheet = book.create_sheet(_("Columns"))
    sheet.append(_headers_of_description())
    for title, of in sheets:
        for column in of:
            sheet.append(
                [
                    spreadsheet_safe(title),
                    spreadsheet_safe(column.header()),
                    spreadsheet_safe(column.description()),
                ]
            )


def _headers_of_description() -> list[str]:
    return [_("Sheet"), _("Column"), _("Description")]


def xlsx_chunks(
    labels: Labels,
    pages: Iterable[list[dict[str, Any]]],
    layout: Layout = DATASETS,
) -> Iterator[bytes]:
    """The inventory as an XLSX workbook: datasets (or the layout's rows),
    their resources where the layout has them, the columns described."""
    book = Workbook(write_only=True)
    sheets = [(layout.sheet(), layout.columns)]
    datasets = book.create_sheet(sheets[0][0])
    datasets.append(_headers(layout.columns))
    resources = None
    if layout.resources:
        sheets.append((_("Resources"), columns.RESOURCE_COLUMNS))
        resources = book.create_sheet(sheets[1][0])
        resources.append(_headers(columns.RESOURCE_COLUMNS))
    for page in pages:
        labels.load(page)
        for dataset in page:
            datasets.append([_xlsx_cell(v) for v in _row(layout, labels, dataset)])
            if resources is not None:
                for row in columns.resource_rows(labels, dataset):
                    resources.append([_xlsx_cell(v) for v in row])
    _describe(book, sheets)
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(_CHUNK):
            yield chunk
