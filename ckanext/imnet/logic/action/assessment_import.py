"""Importing a registry spreadsheet of assessments (``assessments/importer.py``)."""

from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict, Schema

from ckanext.imnet.assessments import importer, reading

from ._common import validate

__all__ = ["imnet_assessments_import"]

_ = tk._


def _upload(value: Any, context: Context) -> Any:
    """A file: an upload (API or form), a file object or bytes."""
    if isinstance(value, bytes | bytearray) or hasattr(value, "read"):
        return value
    raise tk.Invalid(_("Upload an Excel workbook (.xlsx)"))


def import_schema() -> Schema:
    """Parameters of ``imnet_assessments_import``."""
    not_missing = tk.get_validator("not_missing")
    boolean = tk.get_validator("boolean_validator")
    default = tk.get_validator("default")
    return {
        "upload": [not_missing, _upload],
        "dry_run": [default(False), boolean],
        "valid_only": [default(False), boolean],
    }


def _bytes(upload: Any) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    stream = getattr(upload, "stream", upload)  # werkzeug's FileStorage
    return stream.read(reading.MAX_BYTES + 1)


def imnet_assessments_import(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Import a registry spreadsheet: one assessment per row of its first
    sheet, in the template's columns (``/assessment/import/template.xlsx``,
    ``ckan imnet assessments template``). MIMU admins only.

    Every row is checked with the assessment schema first and reported with
    its row number, column and message. Nothing is written from a file with an
    error unless ``valid_only`` is given, nor in a ``dry_run``. A row whose
    registry ID an assessment already carries updates that assessment (only
    if something changed); columns the sheet does not have keep their values.
    Rows are written as the site user; the lead agency is the row's.

    :param upload: the workbook (.xlsx, at most 10 MB, 50 MB unpacked and
        5,000 rows), as a multipart file upload
    :type upload: file
    :param dry_run: only check the rows and say what would be done (optional,
        default: false)
    :type dry_run: bool
    :param valid_only: import the valid rows of a file with errors (optional,
        default: false)
    :type valid_only: bool
    :returns: ``{"created", "updated", "unchanged", "failed"}`` (rows
        written, or that would be in a dry run; ``failed``: rows with an
        error), ``"blocked"`` (true when errors kept the file out),
        ``"imported"`` (anything written), ``"dry_run"``, ``"valid_only"``,
        ``"sheet"``, ``"ignored_columns"`` (titles that are not the template's)
        and ``"rows"``: per row ``row`` (its number in the sheet),
        ``registry_id``, ``title``, ``action`` (create, update, unchanged or
        error), ``errors`` (``column``, ``field``, ``message``), ``changes``
        (of an update: ``column``, ``field``, ``notable`` -- a new lead agency
        or sensitivity, with its values ``before`` and ``after``), ``id``,
        ``name`` and ``written``
    :rtype: dictionary
    """
    tk.check_access("imnet_assessments_import", context, data_dict)
    data = validate(context, data_dict, import_schema)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    try:
        report = importer.run(
            _bytes(data["upload"]),
            site_user["name"],
            dry_run=data["dry_run"],
            valid_only=data["valid_only"],
        )
    except reading.FileProblem as problem:
        raise tk.ValidationError({"upload": [str(problem)]}) from None
    return report.as_dict()
