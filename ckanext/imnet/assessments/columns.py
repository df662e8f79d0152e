"""The columns of a registry spreadsheet, read from the assessment schema.

One column per field of ``schemas/assessment.yaml`` a spreadsheet can carry
(not the URL name, which the import makes, nor the map extent, which is drawn
from the places). A column's title is the field's English label followed by
its name, "Status (status)"; the import finds a column by either.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from typing import Any

import yaml

from ckanext.imnet import vocab

__all__ = [
    "Column",
    "COLUMNS",
    "REGISTRY_ID",
    "LIST_SEPARATOR",
    "columns",
    "column",
    "title_of",
]

REGISTRY_ID = "registry_id"
LIST_SEPARATOR = ";"
_SCHEMA = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "schemas", "assessment.yaml"
)
# Fields a spreadsheet does not carry: the import names the assessment, and
# its extent is drawn from the places covered.
_NOT_CARRIED = ("name", "spatial")
# How a cell is read, by field (the others by their preset).
_KINDS = {
    "owner_org": "organisation",
    "partners": "list",
    "geographic_coverage": "states",
    "township_coverage": "townships",
    "sample_size": "number",
}
# English titles clearer in a spreadsheet than the form's labels (which sit
# under a "Products" heading there).
_TITLES = {
    "report_availability": "Report availability",
    "questionnaire_availability": "Questionnaire availability",
    "data_availability": "Data availability",
}


@dataclass(frozen=True)
class Column:
    """A column of the registry spreadsheet: the field it fills and how."""

    field: str
    label: str  # the field's English label
    label_my: str
    kind: str  # text, number, date, choice, choices, states, townships, ...
    vocabulary: str = ""
    required: bool = False
    help: str = ""

    @property
    def title(self) -> str:
        """The column's title in the spreadsheet: "Status (status)"."""
        return f"{self.label} ({self.field})"

    @property
    def multiple(self) -> bool:
        """True if a cell holds several values separated by ";"."""
        return self.kind in ("choices", "states", "townships", "list")

    def terms(self) -> list[tuple[str, str, str]]:
        """The allowed values of a coded column: (value, English, Myanmar)."""
        if self.kind == "states":
            places = [vocab.place(vocab.COUNTRYWIDE), *vocab.states()]
            return [(p.pcode, p.name_en, p.name_my) for p in places if p]
        if self.kind == "townships":
            return [
                (p.pcode, p.name_en, p.name_my)
                for p in vocab.townships()
                if p.status != "inactive"
            ]
        if self.vocabulary:
            return [(t.value, t.en, t.my) for t in vocab.vocabulary(self.vocabulary)]
        return []


def _kind(field: dict[str, Any]) -> str:
    name = field["field_name"]
    if name in _KINDS:
        return _KINDS[name]
    preset = field.get("preset", "")
    if preset == "date":
        return "date"
    if preset == "select" and field.get("imnet_vocabulary"):
        return "choice"
    if preset == "multiple_select" and field.get("imnet_vocabulary"):
        return "choices"
    return "text"


def _label(field: dict[str, Any], lang: str) -> str:
    label = field.get("label", field["field_name"])
    return str(label.get(lang) or label.get("en")) if isinstance(label, dict) else label


@functools.lru_cache(maxsize=1)
def columns() -> tuple[Column, ...]:
    """The spreadsheet's columns: the registry ID first, then the schema's order."""
    with open(_SCHEMA, encoding="utf-8") as f:
        schema = yaml.safe_load(f)
    found = []
    for field in schema["dataset_fields"]:
        name = field["field_name"]
        if name in _NOT_CARRIED:
            continue
        help_text = field.get("help_text") or {}
        found.append(
            Column(
                field=name,
                label=_TITLES.get(name) or _label(field, "en"),
                label_my=_label(field, "my_MM"),
                kind=_kind(field),
                vocabulary=str(field.get("imnet_vocabulary") or ""),
                # The lead agency is required by CKAN (its preset), the
                # registry ID by the import (it is how a row is found again).
                required=bool(field.get("required"))
                or name in ("owner_org", REGISTRY_ID),
                help=str(help_text.get("en") or "")
                if isinstance(help_text, dict)
                else str(help_text),
            )
        )
    found.sort(key=lambda c: c.field != REGISTRY_ID)
    return tuple(found)


COLUMNS = columns()


def column(field: str) -> Column | None:
    """The column that fills ``field``, if the spreadsheet carries it."""
    return next((c for c in COLUMNS if c.field == field), None)


def title_of(field: str) -> str:
    """The title of ``field``'s column, or the field name if none carries it."""
    found = column(field)
    return found.title if found else field
