"""Serialising: a dataset of the IM standard as DCAT-AP 3.

Standard vocabularies carry what they can -- access rights, rights holder,
places, reference period, frequency, themes, provenance, rights, languages --
and the rest goes in the IM Network namespace (``vocabulary``). Distributions
of data that is not public carry no download link and no resource URL: their
access URL is the dataset's request page.

Every dataset the schema accepts is valid DCAT-AP 3, which wants a
description and a publisher name the schema does not require: a dataset
without a description gets one derived from its IM metadata (flagged
``imnet:descriptionDerived``, so a harvesting IM portal leaves ``notes``
empty), and an organisation without a title is named by its name.
"""

from __future__ import annotations

import json
from typing import Any

import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, URIRef

from ckanext.dcat.profiles import (
    DCAT,
    DCT,
    FOAF,
    GSP,
    LOCN,
    RDF,
    RDFS,
    SKOS,
    VCARD,
    XSD,
    EuropeanDCATAP3Profile,
)
from ckanext.imnet import bilingual, extent, owners, vocab
from ckanext.imnet.access import policy

from . import memo
from . import vocabulary as imnet_vocab
from .common import BASE_ONLY_KEYS, EU, EU_FILE_TYPES, IANA, TEXT_FIELDS, as_list
from .license import add_distribution_license
from .rights_holder import add_rights_holder, owner_name

__all__ = ["ImnetSerialiser", "EU_FILE_TYPES"]


def _wkt_box(bbox: tuple[float, float, float, float]) -> str:
    west, south, east, north = bbox
    return (
        f"POLYGON(({west} {south}, {east} {south}, {east} {north}, "
        f"{west} {north}, {west} {south}))"
    )


def _labels(vocabulary: str, values: list[str]) -> str:
    terms = (vocab.term(vocabulary, value) for value in values)
    return ", ".join(term.en for term in terms if term is not None)


def _derived_description(
    dataset_dict: dict[str, Any], directory: owners.Directory
) -> str:
    """A description for a dataset without one, from its IM metadata (English).

    Built from the fields the schema requires (data owner, lowest
    administrative level, collection methods, SADD, sensitivity) and the
    States/Regions covered, so it is never empty.
    """
    places = (
        vocab.place(code) for code in as_list(dataset_dict.get("geographic_coverage"))
    )
    parts = [
        ("Data owner", owner_name(dataset_dict, directory)),
        ("Coverage", ", ".join(place.name_en for place in places if place)),
        (
            "Lowest administrative level",
            _labels("admin_level", as_list(dataset_dict.get("admin_level"))),
        ),
        (
            "Collection methods",
            _labels(
                "collection_method", as_list(dataset_dict.get("collection_method"))
            ),
        ),
        (
            "Sex and age disaggregation",
            _labels("sadd", as_list(dataset_dict.get("sadd"))),
        ),
        ("Access", _labels("sensitivity", [policy.level_of(dataset_dict)])),
    ]
    return " ".join(f"{label}: {value}." for label, value in parts if value)


class ImnetSerialiser(EuropeanDCATAP3Profile):
    """The serialising half of the ``imnet`` profile (``graph_from_*``)."""

    @property
    def _memo(self) -> memo.GraphMemo:
        """What this graph's serialisation keeps for all its datasets."""
        return memo.for_graph(self.g)

    def graph_from_dataset(
        self, dataset_dict: dict[str, Any], dataset_ref: Any
    ) -> None:
        standard = dict(dataset_dict)
        # Fields the base profile would misread: ours are mapped below.
        for key in ("source", "language", "frequency", *BASE_ONLY_KEYS):
            standard.pop(key, None)
        standard["temporal_start"] = dataset_dict.get("temporal_coverage_start")
        standard["temporal_end"] = dataset_dict.get("temporal_coverage_end")
        super().graph_from_dataset(standard, dataset_ref)

        ns = imnet_vocab.namespace()
        self.g.bind("imnet", ns)
        level = policy.level_of(dataset_dict)
        self._description(dataset_dict, dataset_ref)
        self._languages(dataset_dict, dataset_ref)
        self._publisher_name(dataset_dict, dataset_ref)
        self._contact_points(dataset_ref)
        self._access(dataset_dict, dataset_ref, level)
        self._rights_holder(dataset_dict, dataset_ref)
        self._places(dataset_dict, dataset_ref)
        self._extent(dataset_dict, dataset_ref)
        self._statement(
            dataset_ref,
            DCT.provenance,
            DCT.ProvenanceStatement,
            dataset_dict.get("methodology"),
        )
        self._statement(
            dataset_ref,
            DCT.rights,
            DCT.RightsStatement,
            dataset_dict.get("access_conditions"),
        )
        term = vocab.term(
            "update_frequency", dataset_dict.get("update_frequency") or ""
        )
        if term is not None:
            self.g.add((dataset_ref, DCT.accrualPeriodicity, URIRef(term.uri)))
            self.g.add((URIRef(term.uri), RDF.type, DCT.Frequency))
        for value in as_list(dataset_dict.get("sector")):
            if vocab.term("sector", value):
                self._concept(dataset_ref, DCAT.theme, "sector", value)
        for value in as_list(dataset_dict.get("language")):
            term = vocab.term("language", value)
            if term is not None and term.uri:
                self.g.add((dataset_ref, DCT.language, URIRef(term.uri)))
                self.g.add((URIRef(term.uri), RDF.type, DCT.LinguisticSystem))
            elif term is not None:
                self.g.add(
                    (dataset_ref, ns.language, imnet_vocab.concept("language", value))
                )
        self._im_properties(dataset_dict, dataset_ref)
        self._distributions_access(dataset_dict, dataset_ref, level)

    def _description(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """``dct:description`` is mandatory in DCAT-AP 3; ``notes`` is optional."""
        if str(dataset_dict.get("notes") or "").strip():
            return
        self.g.remove((dataset_ref, DCT.description, None))
        self.g.add(
            (
                dataset_ref,
                DCT.description,
                Literal(
                    _derived_description(dataset_dict, self._memo.directory()),
                    lang="en",
                ),
            )
        )
        self.g.add(
            (dataset_ref, imnet_vocab.namespace().descriptionDerived, Literal(True))
        )

    def _languages(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """Title and description in English (``@en``) and Myanmar (``@my``).

        DCAT-AP repeats ``dct:title`` and ``dct:description`` for parallel
        language versions; the Myanmar ones come from ``title_my``/``notes_my``.
        """
        for field, predicate in TEXT_FIELDS.items():
            for literal in list(self.g.objects(dataset_ref, predicate)):
                if isinstance(literal, Literal) and not literal.language:
                    self.g.remove((dataset_ref, predicate, literal))
                    self.g.add((dataset_ref, predicate, Literal(literal, lang="en")))
            myanmar = dataset_dict.get(bilingual.MYANMAR_FIELDS[field])
            if isinstance(myanmar, str) and myanmar.strip():
                self.g.add(
                    (dataset_ref, predicate, Literal(myanmar.strip(), lang="my"))
                )

    def _publisher_name(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """The publishing organisation's ``foaf:name``: its title, else its name.

        An organisation needs only a name; DCAT-AP 3 wants every agent named.
        """
        organization = dataset_dict.get("organization") or {}
        name = str(organization.get("title") or "").strip() or organization.get("name")
        for publisher in self.g.objects(dataset_ref, DCT.publisher):
            names = list(self.g.objects(publisher, FOAF.name))
            if name and not any(str(n).strip() for n in names):
                self.g.remove((publisher, FOAF.name, None))
                self.g.add((publisher, FOAF.name, Literal(name)))

    def _contact_points(self, dataset_ref: Any) -> None:
        """Contact points typed ``vcard:Kind``, the class DCAT-AP 3 checks.

        ckanext-dcat types them ``vcard:Organization`` only, a subclass that a
        validator without the vCard ontology does not recognise.
        """
        for contact in self.g.objects(dataset_ref, DCAT.contactPoint):
            self.g.add((contact, RDF.type, VCARD.Kind))

    def _concept(
        self, subject: Any, predicate: Any, vocabulary: str, value: str
    ) -> None:
        ref = imnet_vocab.concept(vocabulary, value)
        self.g.add((subject, predicate, ref))
        if not self._memo.first_time(ref):
            return
        self.g.add((ref, RDF.type, SKOS.Concept))
        self.g.add((ref, SKOS.inScheme, imnet_vocab.scheme(vocabulary)))
        term = vocab.term(vocabulary, value)
        if term is not None:
            self.g.add((ref, SKOS.prefLabel, Literal(term.en, "en")))

    def _statement(self, subject: Any, predicate: Any, klass: Any, text: Any) -> None:
        if not text:
            return
        node = BNode()
        self.g.add((subject, predicate, node))
        self.g.add((node, RDF.type, klass))
        self.g.add((node, RDFS.label, Literal(str(text))))

    def _access(
        self, dataset_dict: dict[str, Any], dataset_ref: Any, level: str
    ) -> None:
        self.g.remove((dataset_ref, DCT.accessRights, None))
        term = vocab.term("sensitivity", level)
        if term is None:
            return
        rights = URIRef(term.uri)
        self.g.add((dataset_ref, DCT.accessRights, rights))
        self.g.add((rights, RDF.type, DCT.RightsStatement))
        self._concept(
            dataset_ref, imnet_vocab.namespace().sensitivity, "sensitivity", level
        )

    def _rights_holder(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        add_rights_holder(self, dataset_dict, dataset_ref, self._memo.directory())

    def _places(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        codes = as_list(dataset_dict.get("geographic_coverage")) + as_list(
            dataset_dict.get("township_coverage")
        )
        for code in codes:
            place = vocab.place(code)
            if place is None:
                continue
            ref = imnet_vocab.place_uri(code)
            self.g.add((dataset_ref, DCT.spatial, ref))
            if not self._memo.first_time(ref):
                continue
            self.g.add((ref, RDF.type, DCT.Location))
            self.g.add((ref, DCT.identifier, Literal(code)))
            self.g.add((ref, SKOS.prefLabel, Literal(place.name_en, "en")))
            if place.name_my:
                self.g.add((ref, SKOS.prefLabel, Literal(place.name_my, "my")))
            if place.bbox:
                self.g.add(
                    (
                        ref,
                        DCAT.bbox,
                        Literal(_wkt_box(place.bbox), datatype=GSP.wktLiteral),
                    )
                )

    def _extent(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        """A publisher's own extent as a DCAT-AP 3 ``dct:Location``.

        A derived extent is left out: it is the union of the places' boxes,
        which are given with the places. The geometry is a ``locn:Geometry``
        node carrying GeoSPARQL WKT, as DCAT-AP 3 wants, and ``dcat:bbox``
        gives its envelope.
        """
        import shapely.geometry

        value = dataset_dict.get("spatial")
        try:
            geometry = json.loads(value) if isinstance(value, str) else value
            if not isinstance(geometry, dict) or extent.is_derived(geometry):
                return
            shape = shapely.geometry.shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            return
        if shape.is_empty:
            return
        location = BNode()
        self.g.add((dataset_ref, DCT.spatial, location))
        self.g.add((location, RDF.type, DCT.Location))
        self.g.add(
            (
                location,
                DCAT.bbox,
                Literal(_wkt_box(shape.bounds), datatype=GSP.wktLiteral),
            )
        )
        node = BNode()
        self.g.add((location, LOCN.geometry, node))
        self.g.add((node, RDF.type, LOCN.Geometry))
        self.g.add((node, GSP.asWKT, Literal(shape.wkt, datatype=GSP.wktLiteral)))

    def _im_properties(self, dataset_dict: dict[str, Any], dataset_ref: Any) -> None:
        ns = imnet_vocab.namespace()
        fields = {
            "adminLevel": "admin_level",
            "sadd": "sadd",
            "otherDisaggregation": "other_disaggregation",
            "collectionMethod": "collection_method",
            "dataCategory": "data_category",
            "unitOfAnalysis": "unit_of_analysis",
        }
        for prop, field in fields.items():
            for value in as_list(dataset_dict.get(field)):
                if vocab.term(field, value):
                    self._concept(dataset_ref, ns[prop], field, value)
        if dataset_dict.get("sensitivity_rationale"):
            self.g.add(
                (
                    dataset_ref,
                    ns.sensitivityRationale,
                    Literal(dataset_dict["sensitivity_rationale"]),
                )
            )
        if dataset_dict.get("caveats"):
            self.g.add((dataset_ref, ns.caveats, Literal(dataset_dict["caveats"])))
        if dataset_dict.get("source"):
            self.g.add((dataset_ref, ns.source, Literal(dataset_dict["source"])))
        if str(dataset_dict.get("sample_size") or "").isdigit():
            self.g.add(
                (
                    dataset_ref,
                    ns.sampleSize,
                    Literal(int(dataset_dict["sample_size"]), datatype=XSD.integer),
                )
            )
        if dataset_dict.get("uses_pcodes") in ("true", "false", True, False):
            flag = str(dataset_dict["uses_pcodes"]).lower() == "true"
            self.g.add((dataset_ref, ns.usesPcodes, Literal(flag)))

    def _distributions_access(
        self, dataset_dict: dict[str, Any], dataset_ref: Any, level: str
    ) -> None:
        resources = {r.get("id"): r for r in dataset_dict.get("resources", [])}
        ns = imnet_vocab.namespace()
        for distribution in list(self.g.objects(dataset_ref, DCAT.distribution)):
            self._format(distribution)
            self._media_type(distribution)
            add_distribution_license(self.g, distribution, dataset_dict)
            for link in (DCAT.accessURL, DCAT.downloadURL):
                for url in self.g.objects(distribution, link):
                    if isinstance(url, URIRef):
                        self.g.add((url, RDF.type, RDFS.Resource))
            resource = next(
                (
                    r
                    for rid, r in resources.items()
                    if rid and str(distribution).endswith(rid)
                ),
                None,
            )
            if resource and resource.get("resource_type"):
                if vocab.term("resource_type", resource["resource_type"]):
                    self._concept(
                        distribution,
                        ns.resourceType,
                        "resource_type",
                        resource["resource_type"],
                    )
            if policy.is_open_data(dataset_dict):
                if resource and self.g.value(distribution, DCAT.accessURL) is None:
                    # A resource without a URL: DCAT-AP 3 wants an access
                    # URL, and the resource's page is where it is described.
                    page = URIRef(self._resource_page(dataset_dict, resource))
                    self.g.add((distribution, DCAT.accessURL, page))
                    self.g.add((page, RDF.type, RDFS.Resource))
                continue
            # The data is reached through the request, never a link.
            self.g.remove((distribution, DCAT.downloadURL, None))
            self.g.remove((distribution, DCAT.accessURL, None))
            request_page = URIRef(self._request_url(dataset_dict))
            self.g.add((distribution, DCAT.accessURL, request_page))
            self.g.add((request_page, RDF.type, RDFS.Resource))
            self.g.remove((distribution, DCT.rights, None))
            self._statement(
                distribution,
                DCT.rights,
                DCT.RightsStatement,
                dataset_dict.get("access_conditions")
                or tk._("Available on approved request"),
            )

    def _format(self, distribution: Any) -> None:
        """CKAN's format name as an EU file type IRI, as DCAT-AP 3 requires."""
        for value in list(self.g.objects(distribution, DCT["format"])):
            if isinstance(value, URIRef):
                continue
            self.g.remove((distribution, DCT["format"], value))
            code = EU_FILE_TYPES.get(str(value).strip().upper())
            if code:
                ref = URIRef(f"{EU}file-type/{code}")
                self.g.add((distribution, DCT["format"], ref))
                self.g.add((ref, RDF.type, DCT.MediaTypeOrExtent))

    def _media_type(self, distribution: Any) -> None:
        """CKAN's mimetype as an IANA media type IRI, as DCAT-AP 3 requires."""
        for value in list(self.g.objects(distribution, DCAT.mediaType)):
            if isinstance(value, URIRef):
                continue
            self.g.remove((distribution, DCAT.mediaType, value))
            kind, _slash, subtype = str(value).strip().lower().partition("/")
            if kind and subtype and " " not in subtype:
                ref = URIRef(f"{IANA}{kind}/{subtype}")
                self.g.add((distribution, DCAT.mediaType, ref))
                self.g.add((ref, RDF.type, DCT.MediaType))

    @staticmethod
    def _request_url(dataset_dict: dict[str, Any]) -> str:
        site = tk.config.get("ckan.site_url", "").rstrip("/")
        name = dataset_dict.get("name") or dataset_dict["id"]
        return f"{site}/dataset/{name}/request-access"

    @staticmethod
    def _resource_page(dataset_dict: dict[str, Any], resource: dict[str, Any]) -> str:
        site = tk.config.get("ckan.site_url", "").rstrip("/")
        name = dataset_dict.get("name") or dataset_dict["id"]
        return f"{site}/dataset/{name}/resource/{resource['id']}"

    def graph_from_catalog(
        self, catalog_dict: dict[str, Any], catalog_ref: Any
    ) -> None:
        super().graph_from_catalog(catalog_dict, catalog_ref)
        self.g.bind("imnet", imnet_vocab.namespace())
        # DCAT-AP 3: languages and homepage as typed resources, a publisher.
        self.g.remove((catalog_ref, DCT.language, None))
        for term in vocab.vocabulary("language"):
            if term.uri:
                self.g.add((catalog_ref, DCT.language, URIRef(term.uri)))
                self.g.add((URIRef(term.uri), RDF.type, DCT.LinguisticSystem))
        for homepage in list(self.g.objects(catalog_ref, FOAF.homepage)):
            self.g.add((homepage, RDF.type, FOAF.Document))
        if self.g.value(catalog_ref, DCT.description) is None:
            description = tk.config["ckanext.imnet.dcat.catalog_description"]
            self.g.add(
                (catalog_ref, DCT.description, Literal(" ".join(description.split())))
            )
        if self.g.value(catalog_ref, DCT.publisher) is None:
            self._add_agent_to_graph(
                catalog_ref,
                DCT.publisher,
                {
                    "name": tk.config["ckanext.imnet.dcat.publisher_name"],
                    "url": tk.config.get("ckanext.imnet.dcat.publisher_url") or "",
                },
            )
