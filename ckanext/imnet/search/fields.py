"""How each index field behaves, read from the Solr schema files themselves.

The PostgreSQL backend answers CKAN's Solr queries, so a field must behave as
the Solr schema declares it: exact-match strings, stemmed text, n-grams,
numbers, dates; stored (returned by ``fl``) or not; single- or multi-valued.
Rather than restating that table, we parse CKAN's own ``schema.xml`` plus the
package's Solr field file, which is the same file a Solr deployment installs.
"""

from __future__ import annotations

import enum
import fnmatch
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

import ckan.config

__all__ = ["Kind", "FieldSpec", "SolrSchema", "get_schema", "SCHEMA_FILES"]

SCHEMA_FILES = (
    os.path.join(os.path.dirname(ckan.config.__file__), "solr", "schema.xml"),
    os.path.join(os.path.dirname(__file__), "solr", "imnet_fields.xml"),
)


class Kind(enum.Enum):
    STRING = "string"
    TEXT = "text"  # tokenised, lower-cased, English stemming
    TEXT_GENERAL = "text_general"  # tokenised, lower-cased, no stemming
    NGRAM = "ngram"  # substring matching (autocomplete)
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOLEAN = "boolean"

    @property
    def is_text(self) -> bool:
        return self in (Kind.TEXT, Kind.TEXT_GENERAL, Kind.NGRAM)

    @property
    def is_numeric(self) -> bool:
        return self in (Kind.INT, Kind.FLOAT)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    stored: bool
    multivalued: bool
    indexed: bool = True


_POINT_KINDS = {
    "IntPointField": Kind.INT,
    "LongPointField": Kind.INT,
    "FloatPointField": Kind.FLOAT,
    "DoublePointField": Kind.FLOAT,
    "DatePointField": Kind.DATE,
    "TrieIntField": Kind.INT,
    "TrieLongField": Kind.INT,
    "TrieFloatField": Kind.FLOAT,
    "TrieDoubleField": Kind.FLOAT,
    "TrieDateField": Kind.DATE,
    "BoolField": Kind.BOOLEAN,
    "StrField": Kind.STRING,
}


def _text_kind(field_type: ElementTree.Element) -> Kind:
    classes = {el.get("class", "").rsplit(".", 1)[-1] for el in field_type.iter()}
    if "NGramTokenizerFactory" in classes or "EdgeNGramTokenizerFactory" in classes:
        return Kind.NGRAM
    if "SnowballPorterFilterFactory" in classes or "PorterStemFilterFactory" in classes:
        return Kind.TEXT
    return Kind.TEXT_GENERAL


def _bool(value: str | None, default: bool) -> bool:
    return default if value is None else value.lower() == "true"


class SolrSchema:
    """Fields, dynamic fields and copy rules of one or more Solr schemas."""

    def __init__(self) -> None:
        self.types: dict[str, tuple[Kind, bool]] = {}
        self.fields: dict[str, FieldSpec] = {}
        self.dynamic: list[FieldSpec] = []
        self.copy_fields: list[tuple[str, str]] = []
        self._resolved: dict[str, FieldSpec | None] = {}
        self._copies: dict[str, tuple[tuple[str, str], ...]] = {}

    def load(self, path: str) -> None:
        root = ElementTree.parse(path).getroot()
        for ft in root.iter("fieldType"):
            cls = ft.get("class", "").rsplit(".", 1)[-1]
            kind = (
                _text_kind(ft)
                if cls == "TextField"
                else _POINT_KINDS.get(cls, Kind.STRING)
            )
            self.types[ft.get("name", "")] = (kind, _bool(ft.get("multiValued"), False))
        for tag, target in (("field", None), ("dynamicField", self.dynamic)):
            for el in root.iter(tag):
                spec = self._spec(el)
                if target is None:
                    self.fields[spec.name] = spec
                else:
                    # A later file may redeclare a pattern; the later one wins.
                    target[:] = [d for d in target if d.name != spec.name] + [spec]
        for el in root.iter("copyField"):
            rule = (el.get("source", ""), el.get("dest", ""))
            if rule not in self.copy_fields:
                self.copy_fields.append(rule)
        # Solr matches the longest dynamic pattern first.
        self.dynamic.sort(key=lambda d: len(d.name), reverse=True)
        self._resolved.clear()
        self._copies.clear()

    def _spec(self, el: ElementTree.Element) -> FieldSpec:
        kind, type_multi = self.types.get(el.get("type", ""), (Kind.STRING, False))
        return FieldSpec(
            name=el.get("name", ""),
            kind=kind,
            stored=_bool(el.get("stored"), True),
            multivalued=_bool(el.get("multiValued"), type_multi),
            indexed=_bool(el.get("indexed"), True),
        )

    def field(self, name: str) -> FieldSpec | None:
        """The declared field, or the dynamic field whose pattern matches."""
        if name not in self._resolved:
            self._resolved[name] = self._resolve(name)
        return self._resolved[name]

    def _resolve(self, name: str) -> FieldSpec | None:
        if name in self.fields:
            return self.fields[name]
        for dyn in self.dynamic:
            if fnmatch.fnmatchcase(name, dyn.name):
                return FieldSpec(
                    name, dyn.kind, dyn.stored, dyn.multivalued, dyn.indexed
                )
        return None

    def copy_rules(self, name: str) -> tuple[tuple[str, str], ...]:
        """The ``copyField`` rules (source pattern, dest) that copy ``name``."""
        rules = self._copies.get(name)
        if rules is None:
            rules = tuple(
                (source, dest)
                for source, dest in self.copy_fields
                if fnmatch.fnmatchcase(name, source)
            )
            self._copies[name] = rules
        return rules

    def copy_targets(self, name: str) -> list[str]:
        return [
            dest
            for source, dest in self.copy_fields
            if fnmatch.fnmatchcase(name, source)
        ]

    def copy_sources(self, dest: str) -> list[str]:
        return [source for source, target in self.copy_fields if target == dest]

    def stored_fields(self, names: Iterable[str]) -> list[str]:
        return [n for n in names if (spec := self.field(n)) and spec.stored]


@functools.lru_cache(maxsize=1)
def get_schema() -> SolrSchema:
    schema = SolrSchema()
    for path in SCHEMA_FILES:
        if os.path.exists(path):
            schema.load(path)
    return schema
