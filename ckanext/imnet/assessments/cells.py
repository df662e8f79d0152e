"""A spreadsheet row's cells as an assessment's fields.

Coded columns take a value, its English label or its Myanmar label, in any
case; places take a MIMU Pcode or a name (``vocab.places_named``); the lead
agency an organisation's name or title. What matches nothing is passed on
as written, for the schema to refuse with the form's own message -- except an
unknown organisation and a township name shared by several townships, which
only the spreadsheet can get wrong.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.imnet import model as imnet_model
from ckanext.imnet import vocab

from .columns import LIST_SEPARATOR, Column

__all__ = ["Organisations", "row_fields", "cell_text"]

_ = tk._


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


class Organisations:
    """The active organisations, found by id, name or title (any case)."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        every = imnet_model.organisations()
        self.titles = {o.id: o.title or o.name for o in every}
        active = [o for o in every if o.active]
        # Titles first, so that a name or id that is also a title wins.
        for organisation in active:
            if organisation.title:
                self.by_key.setdefault(_key(organisation.title), organisation.id)
        for organisation in active:
            self.by_key[_key(organisation.name)] = organisation.id
            self.by_key[organisation.id] = organisation.id

    def find(self, text: str) -> str | None:
        """The id of the organisation ``text`` names, if any."""
        return self.by_key.get(_key(text))

    def title(self, organisation_id: str) -> str:
        """An organisation's title (or name), as people know it."""
        return self.titles.get(organisation_id, organisation_id)


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # not 20270331: a date, but not as people read it


def _date(value: Any) -> tuple[str, str | None]:
    """A date cell's YYYY-MM-DD, or the text and a message when a date
    typed as text is not in that format ("1/4/2027" is read two ways)."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat(), None
    text = cell_text(value)
    if not text or isinstance(value, datetime.date) or _is_iso_date(text):
        return text, None
    return text, _(
        "Write the date as YYYY-MM-DD (eg. 2027-03-31), or make the cell a "
        'date cell: "{value}" is not one'
    ).format(value=text[:50])


def _items(value: Any) -> list[str]:
    text = cell_text(value).replace("\n", LIST_SEPARATOR)
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _term(column: Column, text: str) -> str:
    key = _key(text)
    for value, en, my in column.terms():
        if key in (_key(value), _key(en), _key(my)):
            return value
    return text


# "Countrywide" as people write it, beside the list's "Countrywide (Union)".
_COUNTRYWIDE = {"countrywide", "union", "national", "တစ်နိုင်ငံလုံး"}


def _state(column: Column, text: str) -> str:
    if _key(text) in _COUNTRYWIDE:
        return vocab.COUNTRYWIDE
    found = vocab.state(text.strip().upper())
    if found is not None:
        return found.pcode
    coded = _term(column, text)
    if coded != text:
        return coded
    named = vocab.places_named(text, "state_region")
    return named[0].pcode if len(named) == 1 else text


def _township(text: str) -> tuple[str, str | None]:
    """A township's Pcode, or the text and a message when a name is shared."""
    found = vocab.township(text.strip().upper())
    if found is not None:
        return found.pcode, None
    named = vocab.places_named(text, "township")
    if len(named) > 1:
        return text, _(
            'Several townships are called "{name}": give the Pcode of the one '
            "meant ({pcodes})"
        ).format(name=text, pcodes=", ".join(p.pcode for p in named))
    return (named[0].pcode, None) if named else (text, None)


def row_fields(
    columns: Iterable[Column], cells: dict[str, Any], organisations: Organisations
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The fields a row gives (an empty cell: an empty value) and the
    problems only the spreadsheet has, by field."""
    fields: dict[str, Any] = {}
    problems: dict[str, list[str]] = {}
    for column in columns:
        value = cells.get(column.field)
        if column.kind == "choice":
            text = cell_text(value)
            fields[column.field] = _term(column, text) if text else ""
        elif column.kind == "choices":
            fields[column.field] = [_term(column, t) for t in _items(value)]
        elif column.kind == "states":
            fields[column.field] = [_state(column, t) for t in _items(value)]
        elif column.kind == "townships":
            codes = []
            for text in _items(value):
                code, problem = _township(text)
                codes.append(code)
                if problem:
                    problems.setdefault(column.field, []).append(problem)
            fields[column.field] = codes
        elif column.kind == "list":
            fields[column.field] = _items(value)
        elif column.kind == "date":
            fields[column.field], problem = _date(value)
            if problem:
                problems.setdefault(column.field, []).append(problem)
        elif column.kind == "organisation":
            text = cell_text(value)
            found = organisations.find(text) if text else None
            if text and found is None:
                problems.setdefault(column.field, []).append(
                    _('No organisation of this catalogue is called "{name}"').format(
                        name=text[:100]
                    )
                )
            fields[column.field] = found or ""
        else:
            fields[column.field] = cell_text(value)
    return fields, problems
