"""The IM Network's RDF namespace and the concept schemes of its vocabularies.

Properties live at ``<site>/ns/imnet#<name>``; each vocabulary is a SKOS
concept scheme at ``<site>/ns/imnet/<vocabulary>`` with concepts
``<site>/ns/imnet/<vocabulary>/<value>``, labelled in English and Myanmar and
matched to published vocabularies (EU access rights and frequencies, DDI
modes of collection) where one exists. The portal serves the whole
vocabulary as Turtle at ``/ns/imnet``.
"""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from ckanext.imnet import vocab

__all__ = [
    "namespace",
    "concept",
    "place_uri",
    "value_of",
    "PROPERTIES",
    "vocabulary_graph",
    "DDI_MODE",
]

DDI_MODE = Namespace("http://rdf-vocabulary.ddialliance.org/cv/ModeOfCollection/")

# property -> (vocabulary of its values or None, range, label)
PROPERTIES: dict[str, tuple[str | None, str, str]] = {
    "sensitivity": ("sensitivity", "concept", "Sensitivity classification"),
    "sensitivityRationale": (None, "literal", "Why access is limited"),
    "adminLevel": ("admin_level", "concept", "Lowest administrative level"),
    "sadd": ("sadd", "concept", "Sex and age disaggregation"),
    "otherDisaggregation": ("other_disaggregation", "concept", "Other disaggregation"),
    "collectionMethod": ("collection_method", "concept", "Collection method"),
    "dataCategory": ("data_category", "concept", "IM Network data category"),
    "unitOfAnalysis": ("unit_of_analysis", "concept", "Unit of analysis"),
    "sampleSize": (None, "integer", "Sample size"),
    "usesPcodes": (None, "boolean", "Uses MIMU Pcodes"),
    "caveats": (None, "literal", "Caveats and data quality"),
    "source": (None, "literal", "Original source"),
    "resourceType": ("resource_type", "concept", "Resource type"),
    "descriptionDerived": (
        None,
        "boolean",
        "The description is derived from the IM metadata (none was given)",
    ),
}


def _base() -> str:
    return tk.config.get("ckan.site_url", "").rstrip("/") + "/ns/imnet"


def namespace() -> Namespace:
    return Namespace(_base() + "#")


def concept(vocabulary: str, value: str) -> URIRef:
    return URIRef(f"{_base()}/{vocabulary}/{value}")


def scheme(vocabulary: str) -> URIRef:
    return URIRef(f"{_base()}/{vocabulary}")


def place_uri(pcode: str) -> URIRef:
    return URIRef(f"{_base()}/place/{pcode}")


def value_of(node: object, vocabulary: str) -> str | None:
    """The vocabulary value of a concept IRI from any imnet portal, or ``None``."""
    text = str(node)
    marker = f"/ns/imnet/{vocabulary}/"
    if marker not in text:
        return None
    value = text.rsplit(marker, 1)[1]
    return value if vocab.term(vocabulary, value) else None


def vocabulary_graph() -> Graph:
    """The namespace document: properties and concept schemes (served as Turtle)."""
    ns = namespace()
    graph = Graph()
    graph.bind("imnet", ns)
    graph.bind("skos", SKOS)
    graph.bind("dct", DCTERMS)
    document = URIRef(_base())
    graph.add((document, RDF.type, OWL.Ontology))
    graph.add(
        (document, DCTERMS.title, Literal("IM Network metadata vocabulary", "en"))
    )
    graph.add(
        (
            document,
            DCTERMS.description,
            Literal(
                "Properties and concept schemes of the Myanmar Information "
                "Management Network's minimum metadata standard.",
                "en",
            ),
        )
    )
    for name, (vocabulary, kind, label) in PROPERTIES.items():
        prop = ns[name]
        graph.add((prop, RDF.type, RDF.Property))
        graph.add((prop, RDFS.label, Literal(label, "en")))
        graph.add((prop, RDFS.isDefinedBy, document))
        if kind == "concept" and vocabulary:
            graph.add((prop, RDFS.range, SKOS.Concept))
        elif kind == "integer":
            graph.add((prop, RDFS.range, XSD.integer))
        elif kind == "boolean":
            graph.add((prop, RDFS.range, XSD.boolean))
        else:
            graph.add((prop, RDFS.range, RDFS.Literal))
    for vocabulary in vocab.names():
        scheme_ref = scheme(vocabulary)
        graph.add((scheme_ref, RDF.type, SKOS.ConceptScheme))
        graph.add(
            (scheme_ref, SKOS.prefLabel, Literal(vocabulary.replace("_", " "), "en"))
        )
        for term in vocab.vocabulary(vocabulary):
            ref = concept(vocabulary, term.value)
            graph.add((ref, RDF.type, SKOS.Concept))
            graph.add((ref, SKOS.inScheme, scheme_ref))
            graph.add((ref, SKOS.notation, Literal(term.value)))
            graph.add((ref, SKOS.prefLabel, Literal(term.en, "en")))
            if term.my:
                graph.add((ref, SKOS.prefLabel, Literal(term.my, "my")))
            if term.uri:
                graph.add((ref, SKOS.exactMatch, URIRef(term.uri)))
            if term.extra.get("ddi"):
                graph.add((ref, SKOS.closeMatch, DDI_MODE[term.extra["ddi"]]))
    return graph
