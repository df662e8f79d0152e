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
from collections.abc import Iterable, Iterator
from typing import Any

import ckan.plugins.toolkit as tk
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ckanext.imnet.logic.action.audit import spreadsheet_safe

from . import columns
from .columns import Column, Labels

__all__ = ["FORMATS", "csv_chunks", "xlsx_chunks"]

_ = tk._

# format -> media type
FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_CHUNK = 64 * 1024


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


def csv_chunks(
    labels: Labels, pages: Iterable[list[dict[str, Any]]]
) -> Iterator[bytes]:
    """The datasets sheet as CSV, one chunk per page of datasets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(_headers(columns.DATASET_COLUMNS))
    for page in pages:
        labels.load(page)
        for dataset in page:
            writer.writerow([_cell(v) for v in columns.dataset_row(labels, dataset)])
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    rest = buffer.getvalue()
    if rest:
        yield rest.encode("utf-8")


def _describe(book: Workbook, datasets_title: str, resources_title: str) -> None:
    sheet = book.create_sheet(_("Columns"))
    sheet.append(_headers_of_description())
    for title, of in (
        (datasets_title, columns.DATASET_COLUMNS),
        (resources_title, columns.RESOURCE_COLUMNS),
    ):
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
    labels: Labels, pages: Iterable[list[dict[str, Any]]]
) -> Iterator[bytes]:
    """The inventory as an XLSX workbook: datasets, resources, columns."""
    book = Workbook(write_only=True)
    datasets_title, resources_title = _("Datasets"), _("Resources")
    datasets = book.create_sheet(datasets_title)
    resources = book.create_sheet(resources_title)
    datasets.append(_headers(columns.DATASET_COLUMNS))
    resources.append(_headers(columns.RESOURCE_COLUMNS))
    for page in pages:
        labels.load(page)
        for dataset in page:
            datasets.append(
                [_xlsx_cell(v) for v in columns.dataset_row(labels, dataset)]
            )
            for row in columns.resource_rows(labels, dataset):
                resources.append([_xlsx_cell(v) for v in row])
    _describe(book, datasets_title, resources_title)
    with tempfile.TemporaryFile() as out:
        book.save(out)
        out.seek(0)
        while chunk := out.read(_CHUNK):
            yield chunk
