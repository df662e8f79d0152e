"""Turn the document CKAN would send to Solr into a row of the index table.

CKAN's ``PackageSearchIndex.index_package`` prepares the document (extras
flattened, ``before_dataset_index`` hooks applied, permission labels set) and
hands it to the connection. Here it is split by purpose:

``doc``
    stored fields, returned by ``fl`` (as Solr returns stored fields);
``terms``
    normalised values of the exact-match fields (strings, numbers, dates,
    booleans), always lists of strings: filters, facets, ranges and sorting;
``hot_terms``
    the part of ``terms`` that searches read row by row (``layout``);
``texts``
    raw values of tokenised fields for fielded text queries (``title:x``);
``weighted``
    the four weighted parts of the default search field ``text``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re
from collections import defaultdict
from typing import Any

from dateutil.parser import ParserError
from dateutil.parser import parse as parse_date

from .fields import Kind, SolrSchema
from .layout import hot_part

__all__ = [
    "IndexRow",
    "build_row",
    "normalise_date",
    "solr_date",
    "stored_date",
    "WEIGHTS",
]

log = logging.getLogger(__name__)

# Which fields copied into ``text`` rank highest: name and title (A) above
# tags, groups and organisation (B) above description, extras and resources
# (C) above everything else such as URLs, licence and people (D). A
# dataset's Myanmar title and description (``imnet_fields.xml``) weigh as the
# English ones: the ``qf`` of ckanext-imnet lists ``title_my^4`` for Solr.
WEIGHTS: dict[str, str] = {
    "name": "A",
    "title": "A",
    "title_my": "A",
    "notes_my": "C",
    "tags": "B",
    "groups": "B",
    "organization": "B",
    "notes": "C",
    "text": "C",
    "res_name": "C",
    "res_description": "C",
    "extras_*": "C",
    "vocab_*": "C",
}

_BIG_FIELDS = ("data_dict", "validated_data_dict")


def _weight(source_pattern: str) -> str:
    return WEIGHTS.get(source_pattern, "D")


# A date as CKAN stores one (ISO 8601): read by the standard library, which is
# many times faster than dateutil's parser; anything else goes to dateutil.
_ISO_DATE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?"
    r"(Z|[+-]\d{2}(:?\d{2})?)?"
)


def _moment(value: Any) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value
    text = str(value)
    if _ISO_DATE.fullmatch(text):
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            pass  # e.g. 30 February: dateutil decides, as before
    try:
        return parse_date(text)
    except (ParserError, ValueError, OverflowError):
        return None


def normalise_date(value: Any) -> str | None:
    """A fixed-width UTC timestamp that sorts and compares as text."""
    moment = _moment(value)
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return solr_date(moment)


def solr_date(moment: datetime.datetime) -> str:
    """A moment as Solr writes it, the year in four digits (0001, not 1)."""
    # strftime's %Y does not pad a year before 1000 on Linux ("1-01-01"),
    # which would neither parse nor sort.
    millis = moment.microsecond // 1000
    return f"{moment.year:04d}-{moment:%m-%dT%H:%M:%S}.{millis:03d}Z"


def stored_date(value: Any) -> str | None:
    """A date as Solr returns a stored one: UTC, milliseconds only if any."""
    normal = normalise_date(value)
    if normal is None:
        return None
    return normal.replace(".000Z", "Z")


def _as_term(kind: Kind, value: Any) -> str | None:
    if kind is Kind.DATE:
        return normalise_date(value)
    if kind is Kind.BOOLEAN:
        if isinstance(value, str):
            return (
                "true"
                if value.strip().lower() in ("true", "t", "1", "yes")
                else "false"
            )
        return "true" if value else "false"
    if kind.is_numeric:
        try:
            number = float(value) if kind is Kind.FLOAT else int(str(value).strip())
        except (TypeError, ValueError):
            return None
        return repr(number) if kind is Kind.FLOAT else str(number)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _values(value: Any) -> list[Any]:
    items = value if isinstance(value, (list, tuple, set)) else [value]
    return [v for v in items if v is not None]


class IndexRow(dict):
    """Column values for one upsert into ``imnet_search_index``."""


def build_row(solr_doc: dict[str, Any], schema: SolrSchema) -> IndexRow:
    doc: dict[str, Any] = {}
    terms: dict[str, list[str]] = {}
    texts: dict[str, list[str]] = defaultdict(list)
    weighted: dict[str, list[str]] = defaultdict(list)

    # Round-trip through JSON: what cannot be stored as jsonb becomes text.
    solr_doc = _clean(json.loads(json.dumps(solr_doc, default=str)))
    for key, raw in solr_doc.items():
        if key in _BIG_FIELDS:
            continue
        spec = schema.field(key)
        if spec is None:
            log.debug("Field %r is not in the search schema, not indexed", key)
            continue
        values = _values(raw)
        if spec.kind is Kind.DATE:
            values = [d for v in values if (d := stored_date(v)) is not None]
        if spec.stored:
            if spec.multivalued:
                doc[key] = values
            elif values:
                doc[key] = values[0] if len(values) == 1 else values
        if spec.kind.is_text:
            if values:
                texts[key].extend(str(v) for v in values)
        elif spec.indexed:
            # Each value once, in first-seen order: a facet counts a dataset
            # once per value, as Solr does (two CSV resources: one CSV dataset).
            normalised = list(
                dict.fromkeys(
                    t for v in values if (t := _as_term(spec.kind, v)) is not None
                )
            )
            if normalised:
                terms[key] = normalised
        for source, dest in schema.copy_rules(key):
            strings = [str(v) for v in values if v != ""]
            if dest == "text":
                weighted[_weight(source)].extend(strings)
            elif (target := schema.field(dest)) is not None and target.kind.is_text:
                texts[dest].extend(strings)

    index_id = (
        solr_doc.get("index_id")
        or hashlib.md5(
            f"{solr_doc['id']}{solr_doc.get('site_id', '')}".encode()
        ).hexdigest()
    )
    return IndexRow(
        index_id=index_id,
        id=str(solr_doc["id"]),
        site_id=str(solr_doc.get("site_id") or ""),
        doc=doc,
        terms=terms,
        hot_terms=hot_part(terms),
        texts=dict(texts),
        data_dict=solr_doc.get("data_dict"),
        validated_data_dict=solr_doc.get("validated_data_dict"),
        # Each weight's values, kept apart: a phrase never spans two values.
        weighted={weight: list(weighted[weight]) for weight in "ABCD"},
    )


def _clean(value: Any) -> Any:
    """PostgreSQL text and jsonb cannot hold NUL characters; Solr drops them."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_clean(v) for v in value]
    return value
