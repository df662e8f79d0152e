"""The Solr contract: what the IM plugin indexes, a Solr with CKAN's schema.xml
plus ``imnet_fields.xml`` accepts with the right type and multiplicity.

The fields are read from what the plugin's ``before_dataset_index`` really
produces for a fully filled dataset and for an assessment (whose fields may
grow), not from a hand-written list: a new index field without its
``<field>`` line fails here, before a Solr deployment rejects the dataset or
indexes a list into CKAN's single-valued catch-all field.
"""

from __future__ import annotations

import copy
import fnmatch
import re
from typing import Any
from xml.etree import ElementTree

import ckan.plugins as p
import ckan.tests.factories as factories
import pytest
from ckan.lib import search
from ckanext.scheming.helpers import scheming_get_dataset_schema

from ckanext.imnet.search.fields import SCHEMA_FILES
from tests.factories import FULLY_FILLED, assessment, im_dataset

pytestmark = pytest.mark.ckan_config(
    "ckan.plugins",
    "imnet imnet_search activity scheming_datasets dcat structured_data "
    "spatial_metadata spatial_query harvest",
)

SOLR_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def declarations(path: str) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Static fields by name and dynamic fields (pattern, element) of a file."""
    root = ElementTree.parse(path).getroot()
    static = {f.get("name"): f for f in root.iter("field")}
    dynamic = [(f.get("name", ""), f) for f in root.iter("dynamicField")]
    return static, dynamic


CORE, CORE_DYNAMIC = declarations(SCHEMA_FILES[0])
IMNET, _ = declarations(SCHEMA_FILES[1])


def declaration(name: str) -> tuple[str, Any]:
    """Where Solr finds field ``name``: (file, element); the catch-all last."""
    if name in IMNET:
        return "imnet_fields.xml", IMNET[name]
    if name in CORE:
        return "schema.xml", CORE[name]
    for pattern, element in CORE_DYNAMIC:
        if fnmatch.fnmatchcase(name, pattern):
            return f"schema.xml {pattern}", element
    raise AssertionError(f"{name} is declared nowhere")


def accepts(kind: str, value: Any) -> bool:
    """Whether a Solr field of type ``kind`` takes ``value`` as it is sent."""
    if kind == "date":
        return bool(SOLR_DATE.match(str(value)))
    if kind in ("int", "long"):
        return re.fullmatch(r"-?\d+", str(value).strip()) is not None
    if kind in ("float", "double"):
        try:
            float(value)
        except (TypeError, ValueError):
            return False
        return True
    if kind == "boolean":
        return str(value).lower() in ("true", "false")
    return isinstance(value, (str, int, float))


@pytest.fixture
def indexed(clean_db, clean_index, monkeypatch) -> list[tuple[dict, dict]]:
    """What the IM plugin's hook received and returned, dataset by dataset."""
    plugin = p.get_plugin("imnet")
    hook = plugin.before_dataset_index
    calls: list[tuple[dict, dict]] = []

    def recording(pkg_dict: dict[str, Any]) -> dict[str, Any]:
        given = copy.deepcopy(pkg_dict)
        result = hook(pkg_dict)
        calls.append((given, copy.deepcopy(result)))
        return result

    monkeypatch.setattr(plugin, "before_dataset_index", recording)
    org = factories.Organization()
    dataset = im_dataset(owner_org=org["id"], **FULLY_FILLED)
    registered = assessment(owner_org=org["id"])
    calls.clear()
    for package in (dataset, registered):
        search.rebuild(package["id"])
    return calls


def im_fields(given: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The fields the IM plugin sends: those its hook added or changed, those
    ``imnet_fields.xml`` declares and those of its scheming schemas."""
    schema = scheming_get_dataset_schema(result["dataset_type"]) or {}
    own = {field["field_name"] for field in schema.get("dataset_fields", [])}
    fields = {}
    for name, value in result.items():
        changed = name not in given or given[name] != value
        if changed or name in IMNET or name in own:
            fields[name] = value
    return fields


def test_the_plugin_indexes_the_im_fields_of_both_types(indexed):
    types = [given["dataset_type"] for given, _result in indexed]
    assert types == ["dataset", "assessment"]
    for given, result in indexed:
        fields = im_fields(given, result)
        assert {"sensitivity", "sector", "geographic_coverage"} <= set(fields)


def test_every_field_the_plugin_indexes_has_its_own_solr_declaration(indexed):
    undeclared = set()
    for given, result in indexed:
        for name in im_fields(given, result):
            where, _element = declaration(name)
            if where == "schema.xml *":
                undeclared.add(name)
    # Only a single string fits CKAN's catch-all field: what else the plugin
    # indexes must be declared in imnet_fields.xml.
    for given, result in indexed:
        for name in undeclared & set(result):
            value = result[name]
            assert isinstance(value, str), (
                f"{name} ({given['dataset_type']}) is indexed as {value!r} but "
                "declared only by CKAN's single-valued catch-all: add it to "
                "imnet_fields.xml"
            )


def test_declared_types_and_multiplicity_fit_the_indexed_values(indexed):
    for given, result in indexed:
        for name, value in im_fields(given, result).items():
            where, element = declaration(name)
            multi = element.get("multiValued") == "true"
            label = f"{name} in {where} ({given['dataset_type']})"
            if value is None:
                continue  # pysolr sends no field for None
            if isinstance(value, (list, tuple)):
                assert multi, f"{label} holds a list but is single-valued"
                values = list(value)
            else:
                values = [value]
            kind = element.get("type", "")
            for one in values:
                assert accepts(kind, one), f"{label}: {kind} refuses {one!r}"
