"""Pages of the registry spreadsheet's import: the template for everyone; for
MIMU admins, an upload form, a preview of every row's outcome (a dry run of
``imnet_assessments_import``) and the import itself.

The uploaded file is kept between the preview and the import (for an hour,
under ``ckan.storage_path`` or the temporary directory), named by a random
token and the uploader's id, so that only they can import it.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import time
from typing import Any

import ckan.plugins.toolkit as tk
from flask import Blueprint, Response

from . import reading, template

__all__ = ["imnet_assessment_import"]

imnet_assessment_import = Blueprint("imnet_assessment_import", __name__)

_ = tk._
_ACTION = "imnet_assessments_import"
_KEEP_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _context() -> dict[str, Any]:
    user = tk.current_user
    return {"user": user.name if user and user.is_authenticated else ""}


def _refused() -> Any:
    """Anonymous visitors log in first; others are refused. ``None`` if allowed."""
    try:
        tk.check_access(_ACTION, _context(), {})
    except tk.NotAuthorized:
        if not tk.current_user or tk.current_user.is_anonymous:
            return tk.redirect_to(
                "user.login", came_from=tk.request.full_path.rstrip("?")
            )
        return tk.abort(403, _("Only MIMU administrators import registry spreadsheets"))
    return None


def _folder() -> str:
    base = tk.config.get("ckan.storage_path") or tempfile.gettempdir()
    folder = os.path.join(base, "imnet", "assessment-imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return folder


def _path(token: str) -> str:
    return os.path.join(_folder(), f"{tk.current_user.id}-{token}.xlsx")


def _keep(body: bytes) -> str:
    """Keep an uploaded file until it is imported; forget old ones."""
    folder = _folder()
    now = time.time()
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        try:
            if now - os.path.getmtime(path) > _KEEP_SECONDS:
                os.remove(path)
        except OSError:
            continue
    token = secrets.token_urlsafe(24)
    with open(_path(token), "wb") as f:
        f.write(body)
    return token


def _kept(token: str) -> bytes | None:
    if not _TOKEN.match(token):
        return None
    try:
        with open(_path(token), "rb") as f:
            return f.read()
    except OSError:
        return None


def _form(error: str = "", status: int = 200) -> Any:
    return (
        tk.render(
            "imnet/assessments/import.html",
            {"error": error, "max_mb": reading.MAX_BYTES // 2**20},
        ),
        status,
    )


def _run(body: bytes, **params: Any) -> dict[str, Any]:
    return tk.get_action(_ACTION)(_context(), {"upload": body, **params})


def _upload_errors(error: tk.ValidationError) -> str:
    messages = error.error_dict.get("upload") or list(error.error_dict.values())
    return " ".join(str(m) for m in messages)


@imnet_assessment_import.route("/assessment/import/template.xlsx")
def download_template() -> Response:
    """The import template, for everyone."""
    return Response(
        template.workbook(),
        mimetype=template.MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{template.FILENAME}"'},
    )


@imnet_assessment_import.route("/assessment/import", methods=["GET", "POST"])
def upload() -> Any:
    """MIMU admins: upload a registry spreadsheet and see what it would do."""
    refused = _refused()
    if refused is not None:
        return refused
    if tk.request.method == "GET":
        return _form()
    if (tk.request.content_length or 0) > reading.MAX_BYTES + 64 * 1024:
        return _form(
            _("The file is larger than {size} MB.").format(
                size=reading.MAX_BYTES // 2**20
            ),
            400,
        )
    sent = tk.request.files.get("upload")
    body = sent.stream.read(reading.MAX_BYTES + 1) if sent else b""
    if not body:
        return _form(_("Choose the spreadsheet to import (.xlsx)."), 400)
    try:
        report = _run(body, dry_run=True)
    except tk.ValidationError as error:
        return _form(_upload_errors(error), 400)
    return tk.render(
        "imnet/assessments/import.html",
        {
            "report": report,
            "token": _keep(body),
            "filename": os.path.basename(sent.filename or "") if sent else "",
        },
    )


@imnet_assessment_import.route("/assessment/import/run", methods=["POST"])
def run() -> Any:
    """MIMU admins: import the file just previewed (all, or valid rows only)."""
    refused = _refused()
    if refused is not None:
        return refused
    token = tk.request.form.get("token", "")
    body = _kept(token)
    if body is None:
        return _form(_("That upload has expired: upload the file again."), 400)
    valid_only = tk.request.form.get("mode") == "valid_only"
    try:
        report = _run(body, valid_only=valid_only)
    except tk.ValidationError as error:
        return _form(_upload_errors(error), 400)
    if not report["blocked"]:
        os.remove(_path(token))
    return tk.render(
        "imnet/assessments/import.html",
        {"report": report, "done": True, "token": token},
    )
