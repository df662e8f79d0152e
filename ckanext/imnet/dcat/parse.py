"""Parsing: DCAT back into the IM standard's fields.

``parse_dataset`` reads the ``imnet`` profile's own output back into the same
IM field values (Pcodes, vocabulary values, lists as lists), so one IM portal
can harvest another; it also reads the standard parts (EU access rights,
DCAT-AP 2 geometry literals) of other portals' DCAT.
"""

from __future__ import annotations

import json
from typing import Any

from ckan.logic.schema import default_create_package_schema
from rdflib import Literal, URIRef

from ckanext.dcat.profiles import (
    DCAT,
    DCT,
    GSP,
    LOCN,
    RDFS,
    SKOS,
    EuropeanDCATAP3Profile,
)
from ckanext.imnet import bilingual, vocab
from ckanext.imnet.access import policy
from ckanext.imnet.harvesting import places

from . import vocabulary as imnet_vocab
from .common import (
    BASE_ONLY_KEYS,
    EU_ACCESS,
    FILE_TYPE,
    FORMAT_NAMES,
    IANA,
    TEXT_FIELDS,
)
from .rights_holder import parse_rights_holder

__all__ = ["ImnetParser"]


class ImnetParser(EuropeanDCATAP3Profile):
    """The parsing half of the ``imnet`` profile (``parse_dataset``)."""

    def parse_dataset(
        self, dataset_dict: dict[str, Any], dataset_ref: Any
    ) -> dict[str, Any]:
        dataset_dict = super().parse_dataset(dataset_dict, dataset_ref)
        for key in ("source", "language", *BASE_ONLY_KEYS):
            dataset_dict.pop(key, None)
        derived = any(
            flag.toPython() is True
            for flag in self._imnet_objects(dataset_ref, "descriptionDerived")
        )
        dataset_dict["extras"] = [
            e
            for e in dataset_dict.get("extras", [])
            if e.get("key") not in ("source", "language", *BASE_ONLY_KEYS)
        ]
        for resource in dataset_dict.get("resources", []):
            mimetype = resource.get("mimetype") or ""
            if mimetype.startswith(IANA):
                resource["mimetype"] = mimetype[len(IANA) :]
            self._parse_resource(resource)
        found: dict[str, Any] = self._parse_languages(dataset_ref)
        if derived:
            # Our own summary of the IM fields, not the publisher's text.
            dataset_dict.pop("notes", None)
            found.pop("notes", None)
        found.update(self._parse_access(dataset_ref))
        found.update(parse_rights_holder(self.g, dataset_ref))
        found.update(self._parse_places(dataset_ref))
        geometry = self._parse_extent(dataset_ref)
        if geometry is not None:
            found["spatial"] = geometry
        start, end = self._time_interval(dataset_ref, DCT.temporal, dcat_ap_version=2)
        if start:
            found["temporal_coverage_start"] = str(start)[:10]
        if end:
            found["temporal_coverage_end"] = str(end)[:10]
        for key, predicate in (
            ("methodology", DCT.provenance),
            ("access_conditions", DCT.rights),
        ):
            text = self._statement_text(dataset_ref, predicate)
            if text:
                found[key] = text
        for uri in self.g.objects(dataset_ref, DCT.accrualPeriodicity):
            value = self._by_uri("update_frequency", uri)
            if value:
                found["update_frequency"] = value
        sectors = self._values(dataset_ref, DCAT.theme, "sector")
        if sectors:
            found["sector"] = sectors
        others = self._other_themes(dataset_ref)
        if others:
            # A partner's own themes, for the harvest source's ``sector_map``
            # (``harvesting.mapping`` reads and removes them).
            dataset_dict["extras"].append({"key": "theme", "value": json.dumps(others)})
        languages = [
            self._by_uri("language", uri)
            for uri in self.g.objects(dataset_ref, DCT.language)
        ]
        # Languages without an EU URI, in any IM portal's namespace.
        languages += self._values(dataset_ref, "language", "language")
        if any(languages):
            found["language"] = sorted(
                {v for v in languages if v}, key=vocab.values("language").index
            )
        found.update(self._parse_im_properties(dataset_ref))
        for key, value in found.items():
            dataset_dict[key] = value
        if not policy.is_open_data(dataset_dict):
            # Data that is not open is reached through its access URL (an IM
            # portal's request page), never a link kept as the resource's URL.
            for resource in dataset_dict.get("resources", []):
                if not resource.get("download_url"):
                    resource["url"] = ""
        return self._only_schema_keys(dataset_dict)

    def _only_schema_keys(self, dataset_dict: dict[str, Any]) -> dict[str, Any]:
        """Leave out what neither CKAN nor the IM schema has a field for.

        ``euro_dcat_ap_3`` also fills the fields of ckanext-dcat's own scheming
        schema (``publisher``, ``contact``, ``creator`` as lists of objects);
        the IM schema names the publisher as the organisation and the data
        owner (``dct:rightsHolder``), and would refuse them as unexpected
        input, failing the import of every harvested dataset.
        """
        if not self._dataset_schema:
            return dataset_dict
        known = set(default_create_package_schema()) | {
            field["field_name"] for field in self._dataset_schema["dataset_fields"]
        }
        # In place: ckanext-dcat's parser keeps the dict it passed in.
        for key in set(dataset_dict) - known:
            del dataset_dict[key]
        return dataset_dict

    def _parse_resource(self, resource: dict[str, Any]) -> None:
        """A distribution's EU file type back into CKAN's format name, its
        ``imnet:resourceType`` into ``resource_type``; no blank node ids."""
        file_type = str(resource.get("format") or "")
        if file_type.startswith(FILE_TYPE):
            code = file_type[len(FILE_TYPE) :]
            resource["format"] = FORMAT_NAMES.get(code, code)
        if not str(resource.get("license") or "").startswith(("http:", "https:")):
            # A licence without a URL is a blank node: its id means nothing
            # outside the graph (the dataset's ``license_id`` is its title's).
            resource.pop("license", None)
        if resource.get("uri"):
            kinds = self._values(
                URIRef(resource["uri"]), "resourceType", "resource_type"
            )
            if kinds:
                resource["resource_type"] = kinds[0]

    def _parse_languages(self, dataset_ref: Any) -> dict[str, str]:
        """Title and description: English into ``title``/``notes``, Myanmar into
        ``title_my``/``notes_my``.

        English is the ``@en`` literal, else an untagged one, else one in any
        other language but Myanmar; a ``@my`` literal without Myanmar script
        is left out (the schema would refuse it).
        """
        found: dict[str, str] = {}
        for field, predicate in TEXT_FIELDS.items():
            by_language: dict[str, str] = {}
            for literal in self.g.objects(dataset_ref, predicate):
                if not isinstance(literal, Literal) or not str(literal).strip():
                    continue
                language = str(literal.language or "").lower()
                if bilingual.is_myanmar(language):
                    key = "my" if bilingual.has_myanmar_script(literal) else ""
                elif language == "en" or language.startswith("en-"):
                    key = "en"
                else:
                    key = "untagged" if not language else "other"
                if key:
                    by_language.setdefault(key, str(literal))
            english = next(
                (
                    by_language[k]
                    for k in ("en", "untagged", "other")
                    if k in by_language
                ),
                None,
            )
            if english is not None:
                found[field] = english
            if "my" in by_language:
                found[bilingual.MYANMAR_FIELDS[field]] = by_language["my"]
        return found

    def _imnet_objects(self, subject: Any, name: str) -> list[Any]:
        """Objects of ``imnet:<name>`` from any IM portal's namespace."""
        suffix = f"/ns/imnet#{name}"
        return [
            o for p, o in self.g.predicate_objects(subject) if str(p).endswith(suffix)
        ]

    def _values(self, subject: Any, predicate: Any, vocabulary: str) -> list[str]:
        # URIRef is a str too: a plain str names an imnet property.
        objects = (
            list(self.g.objects(subject, predicate))
            if isinstance(predicate, URIRef)
            else self._imnet_objects(subject, predicate)
        )
        values = {imnet_vocab.value_of(o, vocabulary) for o in objects}
        order = vocab.values(vocabulary)
        return sorted((v for v in values if v), key=order.index)

    def _other_themes(self, dataset_ref: Any) -> list[str]:
        """Themes that are not the IM sectors: URIs, or labels of literals."""
        return [
            str(theme)
            for theme in self.g.objects(dataset_ref, DCAT.theme)
            if imnet_vocab.value_of(theme, "sector") is None
        ]

    def _by_uri(self, vocabulary: str, uri: Any) -> str | None:
        for term in vocab.vocabulary(vocabulary):
            if term.uri and term.uri == str(uri):
                return term.value
        return None

    def _statement_text(self, subject: Any, predicate: Any) -> str | None:
        for node in self.g.objects(subject, predicate):
            label = self.g.value(node, RDFS.label)
            if label is not None:
                return str(label)
        return None

    def _parse_access(self, dataset_ref: Any) -> dict[str, Any]:
        levels = self._values(dataset_ref, "sensitivity", "sensitivity")
        if not levels:
            # Another portal: the EU access right is all there is.
            for uri in self.g.objects(dataset_ref, DCT.accessRights):
                if str(uri) == EU_ACCESS + "PUBLIC":
                    levels = ["public"]
                elif str(uri) == EU_ACCESS + "RESTRICTED":
                    levels = ["restricted"]
                elif str(uri).startswith(EU_ACCESS):
                    levels = ["confidential"]
        return {"sensitivity": levels[0]} if levels else {}

    def _parse_places(self, dataset_ref: Any) -> dict[str, list[str]]:
        """Coverage from ``dct:spatial``: locations with a Pcode identifier
        (our own output), else Myanmar places named by other publishers
        (a label, ``locn:geographicName`` or a literal: "Rakhine State")."""
        states: list[str] = []
        townships: list[str] = []
        names: list[str] = []
        for location in self.g.objects(dataset_ref, DCT.spatial):
            if isinstance(location, Literal):
                names.append(str(location))
                continue
            code = self.g.value(location, DCT.identifier)
            place = vocab.place(str(code)) if code is not None else None
            if place is None:
                names += [
                    str(label)
                    for predicate in (SKOS.prefLabel, RDFS.label, LOCN.geographicName)
                    for label in self.g.objects(location, predicate)
                ]
                continue
            (townships if place.level == "township" else states).append(place.pcode)
        if not states and not townships:
            named = places.coverage(names)
            states, townships = named.geographic_coverage, named.township_coverage
        found = {}
        if states:
            found["geographic_coverage"] = sorted(set(states))
        if townships:
            found["township_coverage"] = sorted(set(townships))
        return found

    def _parse_geodata(self, spatial: Any, datatype: Any, cur_value: Any) -> Any:
        # ckanext-dcat 2.4.4 reads only literals and fails on the geometry
        # node DCAT-AP 3 asks for; ``_parse_extent`` reads both.
        if all(isinstance(o, Literal) for o in self.g.objects(spatial, datatype)):
            return super()._parse_geodata(spatial, datatype, cur_value)
        return cur_value

    def _parse_extent(self, dataset_ref: Any) -> str | None:
        """GeoJSON of the first ``dct:Location`` that is not a known place.

        Reads a ``locn:Geometry`` node's WKT or GeoJSON, a geometry literal
        (as DCAT-AP 2 publishers give it), or else the ``dcat:bbox``.
        """
        import shapely.errors
        import shapely.geometry
        import shapely.wkt

        def geojson(literal: Any) -> str | None:
            if not isinstance(literal, Literal):
                return None
            text = str(literal)
            try:
                if literal.datatype == GSP.wktLiteral:
                    # GeoSPARQL WKT may start with a CRS IRI; CRS84 is assumed.
                    text = text.split(">", 1)[1] if text.startswith("<") else text
                    shape = shapely.wkt.loads(text)
                else:
                    shape = shapely.geometry.shape(json.loads(text))
            except (
                ValueError,
                TypeError,
                AttributeError,
                KeyError,
                IndexError,
                shapely.errors.ShapelyError,
            ):
                return None
            if shape.is_empty:
                return None
            return json.dumps(shapely.geometry.mapping(shape))

        for location in self.g.objects(dataset_ref, DCT.spatial):
            code = self.g.value(location, DCT.identifier)
            if code is not None and vocab.place(str(code)) is not None:
                continue
            for geometry in self.g.objects(location, LOCN.geometry):
                for literal in (
                    geometry,
                    self.g.value(geometry, GSP.asWKT),
                    self.g.value(geometry, GSP.asGeoJSON),
                ):
                    found = geojson(literal)
                    if found:
                        return found
            for literal in self.g.objects(location, DCAT.bbox):
                found = geojson(literal)
                if found:
                    return found
        return None

    def _parse_im_properties(self, dataset_ref: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        single = {
            "adminLevel": "admin_level",
            "sadd": "sadd",
            "dataCategory": "data_category",
            "unitOfAnalysis": "unit_of_analysis",
        }
        multiple = {
            "otherDisaggregation": "other_disaggregation",
            "collectionMethod": "collection_method",
        }
        for prop, field in single.items():
            values = self._values(dataset_ref, prop, field)
            if values:
                found[field] = values[0]
        for prop, field in multiple.items():
            values = self._values(dataset_ref, prop, field)
            if values:
                found[field] = values
        for prop, field in (
            ("sensitivityRationale", "sensitivity_rationale"),
            ("caveats", "caveats"),
            ("source", "source"),
        ):
            objects = self._imnet_objects(dataset_ref, prop)
            if objects:
                found[field] = str(objects[0])
        sizes = self._imnet_objects(dataset_ref, "sampleSize")
        if sizes:
            found["sample_size"] = str(int(sizes[0]))
        flags = self._imnet_objects(dataset_ref, "usesPcodes")
        if flags:
            found["uses_pcodes"] = "true" if bool(flags[0].toPython()) else "false"
        return found
