"""What the serialising and parsing halves of the ``imnet`` profile share."""

from __future__ import annotations

import json
from typing import Any

from ckanext.dcat.profiles import DCT

__all__ = [
    "EU",
    "EU_ACCESS",
    "FILE_TYPE",
    "EU_FILE_TYPES",
    "FORMAT_NAMES",
    "IANA",
    "BASE_ONLY_KEYS",
    "TEXT_FIELDS",
    "as_list",
]

EU = "http://publications.europa.eu/resource/authority/"
EU_ACCESS = EU + "access-right/"
FILE_TYPE = EU + "file-type/"

# CKAN format names -> EU file types (DCAT-AP wants a format IRI).
EU_FILE_TYPES = {
    "CSV": "CSV",
    "XLS": "XLS",
    "XLSX": "XLSX",
    "PDF": "PDF",
    "JSON": "JSON",
    "GEOJSON": "GEOJSON",
    "SHP": "SHP",
    "ZIP": "ZIP",
    "HTML": "HTML",
    "XML": "XML",
    "TIFF": "TIFF",
    "GEOTIFF": "TIFF",
    "DOCX": "DOCX",
    "DOC": "DOC",
    "TXT": "TXT",
    "KML": "KML",
    "KMZ": "KMZ",
    "ODS": "ODS",
    "RDF": "RDF_XML",
    "TTL": "RDF_TURTLE",
}
# And back: an EU file type as CKAN's format name (the first that maps to it).
FORMAT_NAMES = {code: name for name, code in reversed(list(EU_FILE_TYPES.items()))}
IANA = "https://www.iana.org/assignments/media-types/"

# Standard keys the base profile reads or writes that the IM schema names
# differently; they are mapped here and not left in a harvested dataset.
BASE_ONLY_KEYS = (
    "temporal_start",
    "temporal_end",
    "provenance",
    "theme",
    "access_rights",
    "rights",
    "spatial",
    "spatial_uri",
    "spatial_text",
    "spatial_bbox",
    "spatial_centroid",
    "frequency",
)

# Text fields given in English (``@en``) and Myanmar (``@my``).
TEXT_FIELDS = {"title": DCT.title, "notes": DCT.description}


def as_list(value: Any) -> list[str]:
    """A multi-valued field (list or JSON list) as a list of strings."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            loaded = json.loads(value)
        except ValueError:
            return [value]
        return [str(v) for v in loaded] if isinstance(loaded, list) else [value]
    return [str(v) for v in value]
