"""What the IM metadata contributes to the search index.

Scheming keeps multi-valued fields as JSON strings in extras, which a search
index would see as one opaque value. Here every IM field is indexed from the
validated dataset as a proper value or list of values (declared in
``search/solr/imnet_fields.xml`` for both backends), and the human labels of
coded values -- "Health", "ကျန်းမာရေး", "Kachin" -- are added to the free text,
with the Pcodes of the places covered. The places a dataset covers are also
indexed for place search (``place_search``). The Myanmar title and description
are text fields of their own: the Myanmar title ranks as the title does.
The completeness score and band of a dataset (``curation.completeness``) are
indexed for filtering, sorting and averages.
"""

from __future__ import annotations

import json
from typing import Any

from ckanext.imnet import owners, place_search, vocab
from ckanext.imnet.curation import completeness

__all__ = [
    "index_im_fields",
    "stored_values",
    "query_fields",
    "MULTI_VALUED",
    "SINGLE_VALUED",
    "MYANMAR_TEXT",
]

# field -> vocabulary whose labels are searchable (None: the value itself)
MULTI_VALUED: dict[str, str | None] = {
    "geographic_coverage": "place",
    "township_coverage": "place",
    "other_disaggregation": "other_disaggregation",
    "collection_method": "collection_method",
    "sector": "sector",
    "language": "language",
}
SINGLE_VALUED: dict[str, str | None] = {
    "sensitivity": "sensitivity",
    "data_owner": "data_owner",
    "admin_level": "admin_level",
    "sadd": "sadd",
    "data_category": "data_category",
    "update_frequency": "update_frequency",
    "unit_of_analysis": "unit_of_analysis",
    "temporal_coverage_start": None,
    "temporal_coverage_end": None,
    "sample_size": None,
    "uses_pcodes": None,
    "source": None,
}
# Text fields indexed as given (declared as text in imnet_fields.xml).
MYANMAR_TEXT = ("title_my", "notes_my")
# CKAN's query fields (``ckan.lib.search.query.QUERY_FIELDS``) plus the
# Myanmar title, weighted as the title: Solr ranks by ``qf``; the embedded
# backend by the weights of ``search/document.py``.
_QUERY_FIELDS = "name^4 title^4 title_my^4 tags^2 groups^2 text"
_DATES = ("temporal_coverage_start", "temporal_coverage_end")
_PLACE_FIELDS = ("geographic_coverage", "township_coverage")


def _owner_names(validated: dict[str, Any]) -> list[str]:
    """Every name of the data owner (labels, aliases: "CSO"), or the name
    given for "other"."""
    value = str(validated.get("data_owner") or "")
    if value == owners.OTHER:
        return [str(validated.get("data_owner_other") or "")]
    owner = owners.directory().get(value)
    return list(owner.names) if owner else []


def _labels(vocabulary: str | None, value: str) -> list[str]:
    if vocabulary == "place":
        place = vocab.place(value)
        return [place.name_en, place.name_my] if place else []
    if vocabulary:
        term = vocab.term(vocabulary, value)
        return [term.en, term.my] if term else []
    return []


def stored_values(value: Any) -> list[str]:
    """A validated field's values as a list of text (scheming keeps lists as
    JSON text; one value stands for a list of one)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = [value]
    if not isinstance(value, list):
        value = [value]
    return [str(v) for v in value if v not in (None, "")]


def index_im_fields(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """The search document of a dataset, with its IM fields as index fields."""
    validated = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    labels: list[str] = []
    for name, vocabulary in MULTI_VALUED.items():
        pkg_dict.pop(f"extras_{name}", None)
        values = stored_values(validated.get(name))
        if values:
            pkg_dict[name] = values
            for value in values:
                labels += _labels(vocabulary, value)
            if name in _PLACE_FIELDS:
                # A Pcode typed in any query finds the datasets naming it.
                labels += values
        else:
            pkg_dict.pop(name, None)
    for name in (place_search.PLACES_FIELD, place_search.WHOLE_FIELD):
        pkg_dict.pop(name, None)
    pkg_dict.update(
        place_search.coverage_fields(
            stored_values(validated.get("geographic_coverage")),
            stored_values(validated.get("township_coverage")),
        )
    )
    for name, vocabulary in SINGLE_VALUED.items():
        pkg_dict.pop(f"extras_{name}", None)
        value = validated.get(name)
        if value in (None, ""):
            pkg_dict.pop(name, None)
            continue
        if name in _DATES:
            value = f"{str(value)[:10]}T00:00:00Z"
        pkg_dict[name] = value
        if vocabulary == "data_owner":
            labels += _owner_names(validated)
        else:
            labels += _labels(vocabulary, str(value))
    for name in MYANMAR_TEXT:
        pkg_dict.pop(f"extras_{name}", None)
        value = validated.get(name)
        if isinstance(value, str) and value.strip():
            pkg_dict[name] = value
        else:
            pkg_dict.pop(name, None)
    if labels:
        pkg_dict["imnet_labels"] = [label for label in labels if label]
    return completeness.index_fields(pkg_dict)


def query_fields(search_params: dict[str, Any]) -> dict[str, Any]:
    """``before_dataset_search``: free text finds the Myanmar title as the title.

    A caller's own ``qf`` is kept.
    """
    search_params.setdefault("qf", _QUERY_FIELDS)
    return search_params
