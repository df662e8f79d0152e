"""The fields of a draft assessment, as the overlap warnings read them.

The assessment form asks for overlaps while it is being filled in, so a
draft is checked leniently: every field may be missing or empty, and only a
value of the wrong shape or outside its vocabulary is refused -- with a
message per field, never a crash. The full checks run when the assessment
is saved (``schemas/assessment.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import vocab

from .overlaps import as_date, as_list

__all__ = ["DRAFT_FIELDS", "LIST_FIELDS", "DATE_FIELDS", "given", "check"]

_ = tk._

# Multi-valued fields and what each value must be.
LIST_FIELDS = ("geographic_coverage", "township_coverage", "sector", "population_group")
DATE_FIELDS = ("planned_start", "planned_end", "actual_start", "actual_end")
DRAFT_FIELDS = ("owner_org", "status", *LIST_FIELDS, *DATE_FIELDS)
# Values quoted back in a message are cut to this length.
_QUOTED = 100


def given(data_dict: Mapping[str, Any]) -> bool:
    """True if any field of a draft is given (even empty)."""
    return any(name in data_dict for name in DRAFT_FIELDS)


def _known(name: str, value: str) -> bool:
    if name == "geographic_coverage":
        return vocab.state(value) is not None
    if name == "township_coverage":
        place = vocab.township(value.upper())
        return place is not None and place.status != "inactive"
    vocabulary = "sector" if name == "sector" else "population_group"
    return vocab.term(vocabulary, value) is not None


def _unknown(name: str, value: str) -> str:
    quoted = value[:_QUOTED]
    if name == "township_coverage":
        return _('"{code}" is not a MIMU township Pcode').format(code=quoted)
    if name == "geographic_coverage":
        return _('"{code}" is not a State/Region Pcode').format(code=quoted)
    return _('Unknown value: "{value}"').format(value=quoted)


def _list(name: str, value: Any, errors: dict[str, list[str]]) -> list[str]:
    if value is None or isinstance(value, str):
        values = as_list(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        values = as_list(value)
    else:
        errors[name] = [_("Must be a list of text values")]
        return []
    wrong = [_unknown(name, v) for v in values if not _known(name, v)]
    if wrong:
        errors[name] = wrong
    return values


def check(data_dict: Mapping[str, Any]) -> dict[str, Any]:
    """The draft's fields, checked (``tk.ValidationError`` with a message per
    field if any is wrong); fields not given are left out."""
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}
    for name in ("owner_org", "status"):
        if name not in data_dict:
            continue
        value = data_dict[name]
        if value is None or value == "":
            checked[name] = ""
        elif not isinstance(value, str):
            errors[name] = [_("Must be text")]
        elif name == "status" and vocab.term("assessment_status", value) is None:
            errors[name] = [_unknown(name, value)]
        else:
            checked[name] = value.strip()
    for name in LIST_FIELDS:
        if name in data_dict:
            checked[name] = _list(name, data_dict[name], errors)
    for name in DATE_FIELDS:
        if name not in data_dict:
            continue
        value = data_dict[name]
        if value is None or value == "":
            checked[name] = None
        elif not isinstance(value, str) or as_date(value) is None:
            errors[name] = [_("Must be a date (YYYY-MM-DD)")]
        else:
            checked[name] = value.strip()[:10]
    if errors:
        raise tk.ValidationError(errors)
    return checked
