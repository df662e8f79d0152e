"""A dataset's spatial extent, derived from the places it covers.

Datasets with geographic coverage get a GeoJSON extent in ``spatial`` (the
field ckanext-spatial and the DCAT profile read): the one given by the
publisher, or else the bounding boxes of its townships (their districts'
boxes), or of its States/Regions, or of the country. A derived extent is
marked, so it follows later changes of coverage while an explicit one stays.
"""

from __future__ import annotations

from typing import Any

from ckanext.imnet import vocab

__all__ = ["DERIVED", "box", "derive", "is_derived"]

# A GeoJSON foreign member: readers of the geometry ignore it.
DERIVED = "imnet:derived"


def _ring(bbox: tuple[float, float, float, float]) -> list[list[list[float]]]:
    west, south, east, north = bbox
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


def box(bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    """A (west, south, east, north) box as a GeoJSON polygon."""
    return {"type": "Polygon", "coordinates": _ring(bbox)}


def derive(states: list[str], townships: list[str]) -> dict[str, Any] | None:
    """The extent of the most detailed places given, or ``None``."""
    boxes: list[tuple[float, float, float, float]] = []
    for code in townships or states:
        place = vocab.place(code)
        if place is not None and place.bbox and place.bbox not in boxes:
            boxes.append(place.bbox)
    if not boxes:
        return None
    if len(boxes) == 1:
        geometry = box(boxes[0])
    else:
        geometry = {"type": "MultiPolygon", "coordinates": [_ring(b) for b in boxes]}
    geometry[DERIVED] = True
    return geometry


def is_derived(geometry: Any) -> bool:
    return isinstance(geometry, dict) and bool(geometry.get(DERIVED))
