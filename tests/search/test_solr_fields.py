"""Every field the package indexes is declared for Solr deployments."""

from __future__ import annotations

import os
from xml.etree import ElementTree

import ckanext.imnet.search
from ckanext.imnet import index, place_search
from ckanext.imnet.curation import freshness, link_checks

SOLR_FILE = os.path.join(
    os.path.dirname(ckanext.imnet.search.__file__), "solr", "imnet_fields.xml"
)


def declared() -> dict[str, ElementTree.Element]:
    root = ElementTree.parse(SOLR_FILE).getroot()
    return {field.get("name"): field for field in root.iter("field")}


def test_every_indexed_im_field_is_declared():
    fields = declared()
    indexed = set(index.MULTI_VALUED) | set(index.SINGLE_VALUED) | {"imnet_labels"}
    indexed |= {place_search.PLACES_FIELD, place_search.WHOLE_FIELD}
    indexed |= set(freshness.INDEX_FIELDS) | {link_checks.BROKEN_FIELD}
    assert indexed <= set(fields)
    for name in (place_search.PLACES_FIELD, place_search.WHOLE_FIELD):
        assert fields[name].get("multiValued") == "true", name


def test_multi_valued_fields_are_declared_multi_valued():
    fields = declared()
    for name in index.MULTI_VALUED:
        assert fields[name].get("multiValued") == "true", name
    for name in (
        *index.SINGLE_VALUED,
        *freshness.INDEX_FIELDS,
        link_checks.BROKEN_FIELD,
    ):
        assert fields[name].get("multiValued") == "false", name


def test_declared_types_exist_in_ckans_solr_schema():
    from ckanext.imnet.search.fields import SCHEMA_FILES

    core = ElementTree.parse(SCHEMA_FILES[0]).getroot()
    types = {t.get("name") for t in core.iter("fieldType")}
    for field in declared().values():
        assert field.get("type") in types, field.get("name")
