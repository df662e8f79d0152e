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

__all__ = ["DERIVED", "derive", "is_derived"]

# A GeoJSON foreign member: readers of the geometry ignore it.
DERIVED = "imnet:derived"


def _box(bbox: tuple[float, float, float, float]) -> list[list[list[float]]]:
    west, south, east, north = bbox
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


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
        geometry: dict[str, Any] = {"type": "Polygon", "coordinates": _box(boxes[0])}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": [_box(b) for b in boxes]}
    geometry[DERIVED] = True
    return geometry


def is_derived(geometry: Any) -> bool:
    return isinstance(geometry, dict) and bool(geometry.get(DERIVED))
