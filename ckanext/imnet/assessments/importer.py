"""Importing a registry spreadsheet: every row checked, then written or not.

Each row is validated with the assessment schema through CKAN's own validation
path of ``package_create`` (a new registry ID) or ``package_update`` (one an
assessment already carries), so a row gets the messages the form gives. Only
then is anything written: nothing from a file with an error, unless the valid
rows alone are wanted. A row whose assessment would not change is not written
again, so importing one file twice changes nothing the second time.

Rows are written as the site user through ``package_create`` and
``package_update``, each committing on its own (with the hooks every write
runs); the lead agency is the row's.
"""

from __future__ import annotations

import copy
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import IO, Any

import ckan.plugins.toolkit as tk

# CKAN's validation path of package_create/update (the dataset type's
# IDatasetForm plugin and its schema): a row is checked without writing it.
from ckan import model
from ckan.lib import plugins as lib_plugins

from ckanext.imnet import model as imnet_model
from ckanext.imnet import vocab
from ckanext.imnet.access import policy

from . import reading
from .cells import Organisations, cell_text, row_fields
from .columns import COLUMNS, REGISTRY_ID, Column, title_of

__all__ = ["RowResult", "Report", "run"]

_ = tk._

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
# Changes an update shows first: a new lead agency decides who curates the
# record, a new sensitivity who may see it.
NOTABLE = ("owner_org", "sensitivity")
# Errors of fields no column carries are shown under the column that makes
# them: the URL name is made from the title.
_COLUMN_OF_FIELD = {"name": "title"}
_NAME_LENGTH = 100


@dataclass
class RowResult:
    """What became of one spreadsheet row."""

    row: int
    registry_id: str
    title: str
    action: str  # create, update, unchanged or error
    errors: list[dict[str, str]] = field(default_factory=list)
    # An update's changed fields: field, column, notable (and for a notable
    # one, the values before and after).
    changes: list[dict[str, Any]] = field(default_factory=list)
    id: str = ""
    name: str = ""
    written: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The row's outcome as the action returns it."""
        return {
            "row": self.row,
            "registry_id": self.registry_id,
            "title": self.title,
            "action": self.action,
            "errors": self.errors,
            "changes": self.changes,
            "id": self.id,
            "name": self.name,
            "written": self.written,
        }


@dataclass
class Report:
    """The outcome of an import (or of a dry run: what it would do)."""

    sheet: str
    dry_run: bool
    valid_only: bool
    rows: list[RowResult]
    ignored_columns: list[str]

    @property
    def has_errors(self) -> bool:
        """True if any row has an error."""
        return any(r.action == ERROR for r in self.rows)

    @property
    def blocked(self) -> bool:
        """True if nothing is written because of errors (no valid-only)."""
        return self.has_errors and not self.valid_only

    def count(self, action: str) -> int:
        """How many rows are (or would be) created, updated, ... or failed."""
        return sum(1 for r in self.rows if r.action == action)

    def _done(self, action: str) -> int:
        if self.dry_run:
            return self.count(action)
        return sum(1 for r in self.rows if r.action == action and r.written)

    def as_dict(self) -> dict[str, Any]:
        """The report as ``imnet_assessments_import`` returns it."""
        return {
            "sheet": self.sheet,
            "dry_run": self.dry_run,
            "valid_only": self.valid_only,
            "blocked": self.blocked,
            "imported": any(r.written for r in self.rows),
            # Rows written; in a dry run, rows that would be.
            "created": self._done(CREATE),
            "updated": self._done(UPDATE),
            "unchanged": self.count(UNCHANGED),
            "failed": self.count(ERROR),
            "valid": len(self.rows) - self.count(ERROR),
            "ignored_columns": self.ignored_columns,
            "rows": [r.as_dict() for r in self.rows],
        }


def _slug(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _new_name(title: str, registry_id: str, taken: set[str]) -> str:
    """An unused URL name from the title and registry ID (``taken``: the
    names given to earlier rows of the file)."""
    tail = _slug(registry_id)[:40] or "assessment"
    head = _slug(title)[: _NAME_LENGTH - len(tail) - 6] or "assessment"
    base = f"{head}-{tail}"
    candidates = [base, *(f"{base}-{n}" for n in range(2, 10))]
    used = taken | imnet_model.names_taken(candidates)
    name = next((c for c in candidates if c not in used), "")
    if not name:  # nine assessments of one title and ID: something unique
        name = f"{base[: _NAME_LENGTH - 13]}-{uuid.uuid4().hex[:12]}"
    taken.add(name)
    return name


def _context(user: str, package: Any = None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "model": model,
        "session": model.Session,
        "user": user,
        "auth_user_obj": model.User.by_name(user),
    }
    if package is not None:
        context["package"] = package
    return context


def _validate(user: str, data: dict[str, Any], action: str) -> tuple[Any, Any]:
    """``data`` checked as ``action`` would check it, without writing."""
    plugin = lib_plugins.lookup_package_plugin(policy.ASSESSMENT_TYPE)
    if action == "package_create":
        schema = plugin.create_package_schema()
        context = _context(user)
    else:
        schema = plugin.update_package_schema()
        context = _context(user, model.Package.get(data["id"]))
    return lib_plugins.plugin_validate(
        plugin, context, copy.deepcopy(data), schema, action
    )


def _comparable(data: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The carried fields of validated data, extras included, for comparing."""
    extras = {
        e.get("key"): e.get("value")
        for e in data.get("extras") or []
        if isinstance(e, dict)
    }
    values = {f: data.get(f, extras.get(f)) for f in fields}
    # Stored empty, or never stored: the same to the reader.
    return {f: v for f, v in values.items() if v not in (None, "", "[]", [])}


def _messages(errors: Any) -> list[str]:
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    if isinstance(errors, list | tuple):
        return [m for value in errors for m in _messages(value)]
    return [str(errors)] if errors else []


def _row_errors(errors: dict[str, Any]) -> list[dict[str, str]]:
    """A row's errors, one per message, in the order of the columns."""
    found: list[dict[str, str]] = []
    for key, value in errors.items():
        name = _COLUMN_OF_FIELD.get(key, key)
        for message in _messages(value):
            found.append({"field": name, "column": title_of(name), "message": message})
    order = {c.field: n for n, c in enumerate(COLUMNS)}
    return sorted(found, key=lambda e: order.get(e["field"], len(order)))


class _Run:
    """One import: the sheet, the site user and what is known so far."""

    def __init__(self, sheet: reading.Sheet, user: str) -> None:
        self.sheet = sheet
        self.user = user
        self.organisations = Organisations()
        ids = [cell_text(r.cells.get(REGISTRY_ID)) for r in sheet.rows]
        self.existing = imnet_model.assessments_by_registry_id(ids)
        self.seen: dict[str, int] = {}
        self.taken: set[str] = set()
        self.data: dict[int, tuple[str, dict[str, Any]]] = {}

    def check(self, row: reading.Row) -> RowResult:
        """A row's outcome before writing: create, update, unchanged or error."""
        columns: list[Column] = self.sheet.columns
        fields, problems = row_fields(columns, row.cells, self.organisations)
        registry_id = str(fields.get(REGISTRY_ID) or "")
        result = RowResult(row.number, registry_id, str(fields.get("title") or ""), "")
        errors: dict[str, list[str]] = dict(problems)
        if not registry_id:
            errors.setdefault(REGISTRY_ID, []).append(_("Missing value"))
        elif registry_id in self.seen:
            errors.setdefault(REGISTRY_ID, []).append(
                _('The registry ID "{id}" is also on row {row}').format(
                    id=registry_id, row=self.seen[registry_id]
                )
            )
        else:
            self.seen[registry_id] = row.number
        matches = self.existing.get(registry_id, []) if registry_id else []
        if len(matches) > 1:
            errors.setdefault(REGISTRY_ID, []).append(
                _(
                    'Several assessments of the registry have the registry ID "{id}": '
                    "give them different IDs first"
                ).format(id=registry_id)
            )
        shown: dict[str, Any] = {}
        if len(matches) == 1:
            # Columns the sheet does not have keep the stored values.
            shown = tk.get_action("package_show")(
                {"user": self.user}, {"id": matches[0]}
            )
            action, data = UPDATE, {**shown, **fields}
        else:
            action = CREATE
            # Empty cells store nothing (on an update they empty the field).
            data = {
                "type": policy.ASSESSMENT_TYPE,
                **{k: v for k, v in fields.items() if v},
            }
        if action == CREATE:
            data["name"] = _new_name(result.title, registry_id, self.taken)
        # Checked whatever the registry ID's problem: every error is reported.
        validated, schema_errors = _validate(self.user, data, f"package_{action}")
        for key, messages in schema_errors.items():
            if key not in problems:  # the cell's own problem says more
                errors.setdefault(key, []).extend(_messages(messages))
        if not errors and action == UPDATE:
            before, _e = _validate(self.user, shown, "package_update")
            result.changes = self._changes(before, validated, columns)
            if not result.changes:
                action = UNCHANGED
        if errors:
            result.action = ERROR
            result.errors = _row_errors(errors)
            return result
        result.action = action
        result.id = str(data.get("id") or "")
        result.name = str(data.get("name") or "")
        self.data[row.number] = (action, data)
        return result

    def _changes(
        self, before: dict[str, Any], after: dict[str, Any], columns: list[Column]
    ) -> list[dict[str, Any]]:
        """The carried fields an update changes, in the columns' order."""
        carried = [c.field for c in columns]
        old, new = _comparable(before, carried), _comparable(after, carried)
        changes: list[dict[str, Any]] = []
        for name in carried:
            if old.get(name) == new.get(name):
                continue
            change: dict[str, Any] = {
                "field": name,
                "column": title_of(name),
                "notable": name in NOTABLE,
            }
            if name in NOTABLE:
                change["before"] = self._shown(name, old.get(name))
                change["after"] = self._shown(name, new.get(name))
            changes.append(change)
        return changes

    def _shown(self, name: str, value: Any) -> str:
        """A notable field's value as people read it."""
        if not value:
            return ""
        if name == "owner_org":
            return self.organisations.title(str(value))
        found = vocab.term(name, str(value))
        return found.label(tk.h.lang()) if found else str(value)

    def write(self, result: RowResult) -> None:
        """Create or update the row's assessment (it was checked)."""
        action, data = self.data[result.row]
        name = "package_create" if action == CREATE else "package_update"
        try:
            written = tk.get_action(name)({"user": self.user}, data)
        except tk.ValidationError as error:
            # Changed since it was checked (eg. a name taken meanwhile).
            result.action = ERROR
            result.errors = _row_errors(error.error_dict)
            return
        result.id, result.name, result.written = written["id"], written["name"], True


def run(
    source: bytes | IO[bytes],
    user: str,
    dry_run: bool = False,
    valid_only: bool = False,
) -> Report:
    """Check every row of a registry spreadsheet, then import it as ``user``
    (unless ``dry_run``, or there is an error and not ``valid_only``).

    Raises ``reading.FileProblem`` for a file that cannot be imported at all.
    """
    sheet = reading.read(source)
    job = _Run(sheet, user)
    results = [job.check(row) for row in sheet.rows]
    report = Report(sheet.name, dry_run, valid_only, results, sheet.ignored)
    if dry_run or report.blocked:
        return report
    for result in results:
        if result.action in (CREATE, UPDATE):
            job.write(result)
    return report
