"""Reading a registry spreadsheet: its first sheet's header and rows.

The workbook is opened read-only (rows are streamed, never all in memory) with
the values formulas last computed, never the formulas. A file that cannot be
read as one (not an XLSX workbook, one that unpacks to too much, no header
row, a required column missing, too many rows) raises ``FileProblem`` with a
message for the person who sent it.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import ckan.plugins.toolkit as tk
from openpyxl import load_workbook

from .columns import COLUMNS, Column

__all__ = [
    "FileProblem",
    "Sheet",
    "Row",
    "read",
    "MAX_ROWS",
    "MAX_BYTES",
    "MAX_UNPACKED_BYTES",
]

_ = tk._

# Assessments per file: a registry is hundreds of rows; more is a mistake.
MAX_ROWS = 5000
# The largest file accepted (a filled template of MAX_ROWS rows is ~2 MB).
MAX_BYTES = 10 * 1024 * 1024
# The most a workbook may unpack to (its zip entries' sizes added up): a
# filled template of MAX_ROWS rows unpacks to ~10 MB; a "zip bomb" of a few MB
# unpacking to gigabytes is refused before anything reads it.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Columns read: the template has ~35; a sheet much wider is not one.
_MAX_COLUMNS = 200


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why."""


@dataclass
class Row:
    """A spreadsheet row that is not empty: its number and cells by field."""

    number: int
    cells: dict[str, Any]


@dataclass
class Sheet:
    """The first sheet: the columns found (by field) and unknown titles."""

    name: str
    columns: list[Column]
    ignored: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def _key(text: Any) -> str:
    folded = unicodedata.normalize("NFC", str(text)).casefold()
    return " ".join(folded.split())


def _titles() -> dict[str, Column]:
    """Every way a column may be titled: its title, label or field name."""
    found: dict[str, Column] = {}
    for column in COLUMNS:
        for text in (column.title, column.label, column.field):
            found.setdefault(_key(text), column)
    return found


def _column_of(title: str, titles: dict[str, Column]) -> Column | None:
    key = _key(title)
    if key in titles:
        return titles[key]
    # "Anything (field_name)": the name in brackets decides.
    if key.endswith(")") and "(" in key:
        return titles.get(key.rsplit("(", 1)[1][:-1].strip())
    return None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(
    rows: Iterator[tuple[Any, ...]], titles: dict[str, Column]
) -> tuple[int, tuple[Any, ...]]:
    """The header row: the first of the first ten rows that holds a title of
    the template (a sheet may have a heading above it), else the first row
    that is not empty."""
    first: tuple[int, tuple[Any, ...]] | None = None
    for number, values in enumerate(rows, start=1):
        if any(
            not _empty(v) and _column_of(str(v), titles) is not None for v in values
        ):
            return number, values
        if first is None and any(not _empty(v) for v in values):
            first = (number, values)
        if number >= 10:
            break
    if first is None:
        raise FileProblem(
            _(
                "The first sheet has no header row: its first row must hold the "
                "column titles of the template."
            )
        )
    return first


def _open(source: bytes | IO[bytes]) -> Any:
    data = source if isinstance(source, bytes) else source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileProblem(
            _("The file is larger than {size} MB.").format(size=MAX_BYTES // 2**20)
        )
    _check_unpacked(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise FileProblem(
            _("This is not an Excel workbook (.xlsx): save the sheet as .xlsx.")
        ) from error
    except Exception as error:  # openpyxl raises many kinds on odd files
        raise FileProblem(
            _("This is not an Excel workbook (.xlsx): save the sheet as .xlsx.")
        ) from error


def _check_unpacked(data: bytes) -> None:
    """Refuse a workbook whose entries unpack to more than MAX_UNPACKED_BYTES.

    The sizes are the zip directory's; an entry that claims less than it
    holds is cut at its claimed size by ``zipfile`` (and fails its checksum).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: load_workbook says it is no workbook
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(
            _(
                "The workbook unpacks to more than {size} MB: it cannot be a "
                "registry spreadsheet. Save the sheet again as .xlsx, without "
                "other sheets or pictures."
            ).format(size=MAX_UNPACKED_BYTES // 2**20)
        )


def read(source: bytes | IO[bytes]) -> Sheet:
    """The first sheet of a workbook: its columns and its non-empty rows."""
    book = _open(source)
    try:
        return _read_sheet(book)
    finally:
        book.close()


def _read_sheet(book: Any) -> Sheet:
    if not book.worksheets:
        raise FileProblem(_("The workbook has no sheet."))
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True, max_col=_MAX_COLUMNS)
    try:
        titles = _titles()
        header_number, header = _header(rows, titles)
        found: list[tuple[int, Column]] = []
        ignored: list[str] = []
        for index, title in enumerate(header):
            if _empty(title):
                continue
            column = _column_of(str(title), titles)
            if column is None:
                ignored.append(str(title).strip())
            elif any(c.field == column.field for _i, c in found):
                raise FileProblem(
                    _('The column "{title}" appears twice.').format(title=column.title)
                )
            else:
                found.append((index, column))
        missing = [
            c.title
            for c in COLUMNS
            if c.required and all(c.field != f.field for _i, f in found)
        ]
        if missing:
            raise FileProblem(
                _("Required columns are missing: {columns}.").format(
                    columns="; ".join(missing)
                )
                if found
                else _(
                    "The first row holds no column title of the template "
                    "(eg. {title}): it must be the header row."
                ).format(title=COLUMNS[0].title)
            )
        result = Sheet(sheet.title, [c for _i, c in found], ignored)
        # Only rows with a value count: a stray cell far below the last row
        # leaves empty rows between, read quickly (the unpacked size bounds
        # what there is to read).
        for number, values in enumerate(rows, start=header_number + 1):
            if values.count(None) == len(values):  # quick: no cell at all
                continue
            cells = {c.field: values[i] if i < len(values) else None for i, c in found}
            if all(_empty(v) for v in cells.values()):
                continue
            if len(result.rows) >= MAX_ROWS:
                raise FileProblem(_too_many())
            result.rows.append(Row(number, cells))
    except FileProblem:
        raise
    except Exception as error:  # a damaged sheet fails while it is streamed
        raise FileProblem(
            _("The workbook could not be read; is it damaged? Save it again as .xlsx.")
        ) from error
    return result


def _too_many() -> str:
    return _("The sheet has more than {count} assessments: split it.").format(
        count=f"{MAX_ROWS:,}"
    )
