"""What the serialising and parsing halves of the ``imnet`` profile share."""

from __future__ import annotations

import json
from typing import Any

from ckanext.dcat.profiles import DCT

__all__ = ["EU", "EU_ACCESS", "IANA", "BASE_ONLY_KEYS", "TEXT_FIELDS", "as_list"]

EU = "http://publications.europa.eu/resource/authority/"
EU_ACCESS = EU + "access-right/"
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
